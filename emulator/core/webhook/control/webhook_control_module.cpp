#include "symemu/core/webhook/control/webhook_control_module.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Path.h>

#include <chrono>
#include <future>

#include "symemu/core/webhook/control/console_files.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::core {

std::vector<HookEntry> parseHooks(const std::string& json) {
  std::vector<HookEntry> out;
  Poco::JSON::Array::Ptr arr;
  try {
    Poco::JSON::Parser parser;
    arr = parser.parse(json.empty() ? "[]" : json).extract<Poco::JSON::Array::Ptr>();
  } catch (const std::exception& e) {
    throw KernelError(std::string("Hooks is not a JSON list: ") + e.what());
  }
  if (!arr) throw KernelError("Hooks is not a JSON list");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto o = arr->getObject(static_cast<unsigned>(i));
    if (!o || !o->has("Hook") || !o->has("TargetID"))
      throw KernelError("Hooks[" + std::to_string(i) + "] needs \"Hook\" and \"TargetID\"");
    HookEntry e;
    try {
      e = HookEntry{o->getValue<std::string>("Hook"), o->getValue<int>("TargetID")};
    } catch (const std::exception&) {
      throw KernelError("Hooks[" + std::to_string(i) + "]: \"Hook\" must be a string and \"TargetID\" a number");
    }
    if (e.hook.rfind("/hook/", 0) != 0)
      throw KernelError("Hooks[" + std::to_string(i) + "]: \"" + e.hook + "\" does not start with /hook/");
    out.push_back(e);
  }
  return out;
}

std::string hooksToJson(const std::vector<HookEntry>& hooks) {
  std::string out = "[";
  for (const auto& h : hooks)
    out += (out.size() > 1 ? "," : "") + toJsonText({{"Hook", h.hook}, {"TargetID", std::int64_t{h.targetId}}});
  return out + "]";
}

namespace {
// /api/ on the server: forwards to the API installed at the time of the request.
webhook::HttpEndpoint apiEndpoint(std::shared_ptr<WebHookControlModule::ApiSlot> slot) {
  auto noApi = [](const std::string& path) {
    return webhook::HookResponse{404, {{"Content-Type", "text/plain; charset=utf-8"}}, "No hook for " + path};
  };
  webhook::HttpEndpoint e;
  e.paths = {"/api/", "/api"};
  e.maxBodyBytes = WebHookControlModule::kApiMaxBodyBytes;
  e.handler = [slot, noApi](const webhook::HookRequest& r) {
    auto api = slot->get();
    return api ? api->handler(r) : noApi(r.path);
  };
  e.rejected = [slot](int status, const std::string& why) {
    auto api = slot->get();
    if (api && api->rejected) return api->rejected(status, why);
    return webhook::HookResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, why + "\n"};
  };
  e.upgrade = [slot, noApi](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                            const webhook::HookRequest& head) {
    auto api = slot->get();
    if (api && api->upgrade) return api->upgrade(request, response, head);
    auto answer = noApi(head.path);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    response.setContentType("text/plain; charset=utf-8");
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    std::ostream& out = response.send();
    out << answer.body;
    out.flush();
  };
  e.stopping = [slot] {
    auto api = slot->get();
    if (api && api->stopping) api->stopping();
  };
  return e;
}
}  // namespace

void WebHookControlModule::setApiEndpoint(std::shared_ptr<const webhook::HttpEndpoint> endpoint) {
  std::lock_guard<std::mutex> lock(api_->mutex);
  api_->endpoint = std::move(endpoint);
}

WebHookControlModule::WebHookControlModule() = default;
WebHookControlModule::~WebHookControlModule() { stopServer(); }

void WebHookControlModule::create() {
  registerPropertyString("Hooks", "[]");
  registerPropertyString("BindAddress", "0.0.0.0");
  registerPropertyInteger("HTTPPort", 3777);
  registerPropertyInteger("HTTPSPort", 3778);
  registerPropertyString("CertFile", "");
  registerPropertyString("KeyFile", "");
  registerPropertyString("CertDir", "");
  registerPropertyInteger("MaxBodyBytes", 8 * 1024 * 1024);
  registerPropertyInteger("TimeoutSeconds", 10);
  registerFunction("GetHTTPPort", [this](const std::vector<Value>&) -> Value { return std::int64_t{httpPort()}; });
  registerFunction("GetHTTPSPort", [this](const std::vector<Value>&) -> Value { return std::int64_t{httpsPort()}; });
  registerFunction("GetCertificateFile", [this](const std::vector<Value>&) -> Value { return certificateFile(); });
}

WebHookControlModule::ServerConfig WebHookControlModule::wantedConfig() const {
  ServerConfig c;
  c.bind = readPropertyString("BindAddress");
  c.http = static_cast<int>(readPropertyInteger("HTTPPort"));
  c.https = static_cast<int>(readPropertyInteger("HTTPSPort"));
  c.certFile = readPropertyString("CertFile");
  c.keyFile = readPropertyString("KeyFile");
  c.certDir = readPropertyString("CertDir");
  if (c.certDir.empty()) {
    // Beside the database, as the issue asks; in-memory kernels use the working directory.
    const std::string& db = kernel().databasePath();
    c.certDir = db == ":memory:" || db.empty() ? "." : Poco::Path(db).makeAbsolute().parent().toString();
  }
  c.maxBody = readPropertyInteger("MaxBodyBytes");
  c.timeout = static_cast<int>(readPropertyInteger("TimeoutSeconds"));
  return c;
}

void WebHookControlModule::stopServer() {
  stopping_->store(true);
  if (server_) server_->stop();
  stopping_ = std::make_shared<std::atomic<bool>>(false);  // a restarted server starts fresh
  server_.reset();
  active_.reset();
}

void WebHookControlModule::applyChanges() {
  try {
    hooks_ = parseHooks(readPropertyString("Hooks"));
  } catch (const KernelError& e) {
    hooks_.clear();
    logMessage(e.what(), msg::KL_ERROR);
    setStatus(webhookcontrol::StatusBadHooks);
    return;
  }
  ServerConfig want = wantedConfig();
  if (!kernel().options().networkEnabled) {
    setStatus(status::Active);
    return;
  }
  if (active_ && *active_ == want && server_) {
    setStatus(status::Active);
    return;  // only the hook list changed: keep serving
  }
  stopServer();
  webhook::HttpServerConfig config;
  config.bindAddress = want.bind.empty() ? "0.0.0.0" : want.bind;
  config.httpPort = want.http;
  config.httpsPort = want.https;
  config.certFile = want.certFile;
  config.keyFile = want.keyFile;
  config.certDir = want.certDir;
  config.maxBodyBytes = static_cast<std::size_t>(std::max<std::int64_t>(0, want.maxBody));
  config.timeoutSeconds = std::max(1, want.timeout);
  std::weak_ptr<Module> weak = weak_from_this();
  Kernel* k = &kernel();
  config.log = [weak, k](int level, const std::string& text) {
    k->post([weak, level, text] {
      if (auto self = weak.lock())
        self->kernel().logMessage(self->instanceId(), level <= 1 ? msg::KL_ERROR : msg::KL_WARNING, text);
    });
  };
  auto handler = [weak, k, stopping = stopping_, api = api_](const HookRequest& req) -> HookResponse {
    // The console's static files: no kernel work, the API's access rules.
    auto endpoint = api->get();
    if (auto file = serveConsoleFile(req, endpoint ? endpoint->refuse : nullptr)) return *file;
    auto promise = std::make_shared<std::promise<HookResponse>>();
    auto future = promise->get_future();
    // Only the task and then its afterCommit action own the promise: a failed commit drops the
    // action (nothing may be acknowledged), which breaks the promise and so answers at once.
    k->post([weak, req, promise = std::move(promise), k] {
      auto self = weak.lock();
      if (!self) {
        promise->set_value(HookResponse{503, {}, "WebHook Control is gone"});
        return;
      }
      HookResponse response = static_cast<WebHookControlModule&>(*self).answer(req);
      // Answer only after this batch is on disk: a 200 promises durability.
      k->afterCommit([promise, response] { promise->set_value(response); });
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (stopping->load()) return HookResponse{503, {}, "symemu is shutting down"};
      if (std::chrono::steady_clock::now() > deadline)
        return HookResponse{503, {}, "the kernel did not answer in time"};
    }
    try {
      return future.get();
    } catch (const std::future_error&) {
      return HookResponse{503, {{"Content-Type", "text/plain; charset=utf-8"}}, Kernel::kNotCommitted};
    }
  };
  config.endpoint = apiEndpoint(api_);
  auto server = std::make_unique<webhook::HookHttpServer>(config, handler);
  try {
    server->start();
  } catch (const std::exception& e) {
    logMessage(e.what(), msg::KL_ERROR);
    setStatus(webhookcontrol::StatusBindFailed);
    return;
  }
  server_ = std::move(server);
  active_ = want;
  setStatus(status::Active);
}

void WebHookControlModule::destroy() { stopServer(); }

int WebHookControlModule::httpPort() const { return server_ ? server_->httpPort() : -1; }
int WebHookControlModule::httpsPort() const { return server_ ? server_->httpsPort() : -1; }
std::string WebHookControlModule::certificateFile() const { return server_ ? server_->certificateFile() : ""; }

HookResponse WebHookControlModule::answer(const HookRequest& request) noexcept {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    return HookResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, e.what()};
  }
}

HookResponse WebHookControlModule::dispatch(const HookRequest& request) {
  if (observer_) observer_(request);
  std::vector<std::string> paths;
  for (const auto& h : hooks_) paths.push_back(h.hook);
  auto match = webhook::longestPrefixMatch(paths, request.path);
  if (!match) return HookResponse{404, {{"Content-Type", "text/plain; charset=utf-8"}}, "No hook for " + request.path};
  int target = hooks_[*match].targetId;
  if (!kernel().instanceExists(target))
    return HookResponse{
        404,
        {{"Content-Type", "text/plain; charset=utf-8"}},
        "Hook " + hooks_[*match].hook + " points to #" + std::to_string(target) + ", which does not exist"};
  HookRequest matched = request;
  matched.hook = hooks_[*match].hook;
  return kernel().processHookData(target, matched);
}

}  // namespace symemu::core

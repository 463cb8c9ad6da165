#include "symemu/api/api_service.h"

#include <future>

#include "symemu/api/json_rpc.h"
#include "symemu/api/json_text.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::api {

namespace {

webhook::HookResponse jsonAnswer(int status, const std::string& body) {
  return webhook::HookResponse{status, {{"Content-Type", "application/json"}}, body + "\n"};
}

webhook::HookResponse errorAnswer(int status, int code, const std::string& message) {
  return jsonAnswer(status, writeJson(jsonRpcErrorAnswer({code, message})));
}

webhook::HookResponse shuttingDown() { return errorAnswer(503, rpc::KernelError, "symemu is shutting down"); }

}  // namespace

ApiService::ApiService(Kernel& kernel, ApiOptions options)
    : kernel_(kernel), options_(std::move(options)), stream_(options_.stream) {}

std::shared_ptr<ApiService> ApiService::create(Kernel& kernel, ApiOptions options) {
  std::shared_ptr<ApiService> service(new ApiService(kernel, std::move(options)));
  Kernel* k = &kernel;
  // Listening only while a WebSocket client is subscribed: without one, the kernel does not even
  // build the VM_UPDATE data of the ingest hot path.
  kernel.addMessageObserver(
      [service, k](int sender, int message, const std::vector<Value>& data) {
        if (service->stream_.subscribers() == 0) return;
        service->stream_.publishMessage(k->now(), sender, message, data);
      },
      [service] { return service->stream_.subscribers() != 0; });
  kernel.addLogObserver([service](const LogEntry& e) { service->stream_.publishLog(e); });
  kernel.addDebugObserver([service](const DebugEntry& e) { service->stream_.publishDebug(e); });
  return service;
}

std::shared_ptr<webhook::HttpEndpoint> ApiService::endpoint() {
  auto self = shared_from_this();
  auto e = std::make_shared<webhook::HttpEndpoint>();
  e->paths = {"/api/", "/api"};
  e->handler = [self](const webhook::HookRequest& r) { return self->handleHttp(r); };
  e->refuse = [self](const webhook::HookRequest& r) { return refuseAccess(self->options_.access, r); };
  e->rejected = [self](int status, const std::string& why) { return self->rejected(status, why); };
  e->upgrade = [self](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                      const webhook::HookRequest& head) { self->handleUpgrade(request, response, head); };
  e->stopping = [self] { self->stopping(); };
  e->started = [self] { self->started(); };
  return e;
}

webhook::HookResponse ApiService::rejected(int status, const std::string& why) const {
  return errorAnswer(status, rpc::InvalidRequest, "Invalid Request: " + why);
}

void ApiService::stopping() {
  stopped_ = true;
  ++generation_;
  stream_.endAll("symemu is shutting down");
}

void ApiService::started() { stopped_ = false; }

webhook::HookResponse ApiService::handleHttp(const webhook::HookRequest& request) {
  if (auto refused = refuseAccess(options_.access, request)) return *refused;
  if (request.method != "POST") {
    auto r = errorAnswer(405, rpc::InvalidRequest,
                         "Invalid Request: use POST for JSON-RPC calls, or a WebSocket upgrade (GET with "
                         "Upgrade: websocket) for the message stream");
    r.headers.emplace_back("Allow", "POST, GET");
    return r;
  }
  return runJsonRpc(request.body);
}

webhook::HookResponse ApiService::runJsonRpc(const std::string& body) {
  auto request = std::make_shared<JsonRpcRequest>(parseJsonRpc(body));
  if (request->error) return jsonAnswer(200, writeJsonRpcAnswer(*request, {}));
  // A call arriving while the server stops (a browser reuses its kept-alive connections) would
  // wait for a kernel thread that has stopped, and hold the server's shutdown until callTimeout.
  if (stopped_.load()) return shuttingDown();

  // One kernel task for the whole request; the answer is released after its batch committed.
  auto promise = std::make_shared<std::promise<std::vector<JsonValue>>>();
  auto future = promise->get_future();
  Kernel* k = &kernel_;
  // Only the task and then its afterCommit action own the promise: a failed commit drops the
  // action (nothing may be acknowledged), which breaks the promise and so answers at once.
  kernel_.post([k, request, promise = std::move(promise)] {
    try {
      auto answers = std::make_shared<std::vector<JsonValue>>(runJsonRpcCalls(*k, *request));
      k->afterCommit([promise, answers] { promise->set_value(std::move(*answers)); });
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  });
  const std::uint64_t generation = generation_.load();
  const auto deadline = std::chrono::steady_clock::now() + options_.callTimeout;
  while (future.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    if (stopped_.load() || generation_.load() != generation) return shuttingDown();
    if (std::chrono::steady_clock::now() > deadline)
      return errorAnswer(503, rpc::KernelError, "the kernel did not answer in time");
  }
  std::vector<JsonValue> answers;
  try {
    answers = future.get();
  } catch (const std::future_error&) {
    return errorAnswer(503, rpc::KernelError, Kernel::kNotCommitted);
  } catch (const std::exception& e) {
    return errorAnswer(500, rpc::KernelError, e.what());
  }
  std::string text = writeJsonRpcAnswer(*request, answers);
  if (text.empty()) return webhook::HookResponse{204, {}, ""};  // only notifications
  return jsonAnswer(200, text);
}

std::shared_ptr<ApiService> installApi(Kernel& kernel, int webhookId, ApiOptions options) {
  auto service = ApiService::create(kernel, std::move(options));
  auto& module = dynamic_cast<core::WebHookControlModule&>(*kernel.getInstance(webhookId).module);
  module.setApiEndpoint(service->endpoint());
  return service;
}

}  // namespace symemu::api

#include "symemu/smartmetering/SmartLogHTTPS/smart_log_https.h"

#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/guids.h"

namespace symemu::smartmetering {

namespace {

HookResponse textResponse(int status, const std::string& body) {
  HookResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.body = body;
  return r;
}

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

}  // namespace

void SmartLogHttps::create() {
  GatewayModule::create();
  registerPropertyString("WebHookUsername", "");
  registerPropertyString("WebHookPassword", "");
  registerMessage(0, msg::KernelMessage);
}

void SmartLogHttps::applyChanges() {
  setStatus(smartLogId().empty() ? status::Inactive : status::Active);
  if (kernel().runlevel() == runlevel::Ready) updateHooks(false);
}

void SmartLogHttps::destroy() {
  try {
    updateHooks(true);
  } catch (const std::exception& e) {
    logMessage(std::string("Could not remove the hook: ") + e.what(), msg::KL_WARNING);
  }
}

void SmartLogHttps::messageSink(std::int64_t, int senderId, int message, const std::vector<Value>& data) {
  if (senderId == 0 && message == msg::KernelMessage && !data.empty() &&
      data[0] == Value(static_cast<std::int64_t>(runlevel::Ready)))
    updateHooks(false);
}

std::string SmartLogHttps::hookPath() const {
  const std::string id = smartLogId();
  return id.empty() ? "" : "/hook/smartlog/" + id;
}

int SmartLogHttps::webHookControl(bool createIfMissing) {
  auto ids = kernel().getInstanceListByModuleID(guid::kWebHookControl);
  if (!ids.empty()) return ids.front();
  if (!createIfMissing || !kernel().modules().find(guid::kWebHookControl)) return 0;
  return kernel().createInstance(guid::kWebHookControl);
}

void SmartLogHttps::updateHooks(bool remove) {
  const std::string path = remove ? "" : hookPath();
  int control = webHookControl(!path.empty());
  if (!control) {
    if (!path.empty()) logMessage("No WebHook Control available; hook " + path + " is not registered", msg::KL_WARNING);
    return;
  }
  Poco::JSON::Array::Ptr hooks;
  try {
    Poco::JSON::Parser parser;
    hooks = parser.parse(valueToString(kernel().getProperty(control, "Hooks"))).extract<Poco::JSON::Array::Ptr>();
  } catch (const std::exception&) {
    hooks = new Poco::JSON::Array;  // an empty or broken list is replaced
  }
  Poco::JSON::Array::Ptr updated = new Poco::JSON::Array;
  bool present = false, changed = false;
  for (std::size_t i = 0; i < hooks->size(); ++i) {
    auto entry = hooks->getObject(static_cast<unsigned>(i));
    if (!entry) {
      changed = true;
      continue;
    }
    const std::string hook = entry->optValue<std::string>("Hook", "");
    const int target = entry->optValue<int>("TargetID", 0);
    if (!path.empty() && hook == path) {
      present = true;
      if (target != instanceId()) {
        entry->set("TargetID", instanceId());
        changed = true;
      }
    } else if (target == instanceId()) {
      changed = true;  // an old path of this instance
      continue;
    }
    updated->add(entry);
  }
  if (!path.empty() && !present) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("Hook", path);
    entry->set("TargetID", instanceId());
    updated->add(entry);
    changed = true;
  }
  if (!changed) return;
  kernel().setProperty(control, "Hooks", stringify(updated));
  kernel().applyChanges(control);
}

HookResponse SmartLogHttps::processHookData(const HookRequest& request) {
  const std::string path = hookPath();
  if (path.empty() || (request.path != path && request.path != path + "/")) return textResponse(404, "Not Found");
  const std::string user = readPropertyString("WebHookUsername");
  if (!user.empty() && (!request.authUser || *request.authUser != user ||
                        request.authPassword.value_or("") != readPropertyString("WebHookPassword"))) {
    sendDebug("Hook", "authorization failed", 0);
    HookResponse r = textResponse(401, "Unauthorized");
    r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"SmartLog " + smartLogId() + "\"");
    return r;
  }
  if (request.method != "POST") {
    HookResponse r = textResponse(405, "Method Not Allowed");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  Result result = processReport(smartLogId(), request.body);
  if (result.outcome == Outcome::Applied) return textResponse(200, "OK");
  return textResponse(400, result.message);
}

// The address the logger must be given: WebHook Control's HTTPS listener as it is bound now
// (an ephemeral port resolved), not the configured port.
std::string SmartLogHttps::reportAddress() {
  const int control = webHookControl(false);
  if (!control) return "(no WebHook Control instance)";
  std::int64_t port = -1;
  try {
    port = std::get<std::int64_t>(
        convertValue(kernel().callFunction("WC_GetHTTPSPort", control, {}), symemu::VariableType::Integer));
  } catch (const std::exception&) {
  }
  if (port <= 0) return "(WebHook Control #" + std::to_string(control) + " is not listening for HTTPS)";
  std::string bind;
  try {
    bind = valueToString(kernel().readProperty(control, "BindAddress", symemu::VariableType::String));
  } catch (const std::exception&) {
  }
  const bool anyAddress = bind.empty() || bind == "0.0.0.0" || bind == "::";
  const bool loopback = bind.rfind("127.", 0) == 0 || bind == "::1" || bind == "localhost";
  std::string host = anyAddress ? Poco::Environment::nodeName() : bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::string out = "https://" + host + ":" + std::to_string(port);
  if (loopback) out += " (only the loopback address is bound: a logger on the network cannot reach it)";
  return out;
}

std::string SmartLogHttps::getConfigurationForm() {
  Poco::JSON::Parser parser;
  auto form = parser.parse(GatewayModule::getConfigurationForm()).extract<Poco::JSON::Object::Ptr>();
  const std::string address = reportAddress();
  const std::string directory = hookPath().empty() ? "(set the SmartLog ID first)" : hookPath();
  if (auto actions = form->getArray("actions"))
    for (std::size_t i = 0; i < actions->size(); ++i) {
      auto element = actions->getObject(static_cast<unsigned>(i));
      if (!element) continue;
      const std::string name = element->optValue<std::string>("name", "");
      if (name == "ReportAddress") element->set("caption", "Report address: " + address);
      if (name == "ReportDirectory") element->set("caption", "Report directory: " + directory);
    }
  return stringify(form);
}

}  // namespace symemu::smartmetering

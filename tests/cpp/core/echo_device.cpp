#include "echo_device.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdlib>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::testing {

void EchoDevice::create() {
  registerPropertyString("User", "");
  registerPropertyString("Password", "");
  registerVariableString("LastTopic", "Last topic");
  registerVariableString("LastPayload", "Last payload");
  registerVariableInteger("Count", "Messages");
  registerMessage(0, msg::KernelMessage);
  connectParent("{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}");
}

void EchoDevice::applyChanges() {
  setReceiveDataFilter(".*\"Topic\":\"echo/.*");
  if (kernel().runlevel() == runlevel::Ready) registerHook();
}

void EchoDevice::messageSink(std::int64_t, int, int message, const std::vector<Value>& data) {
  if (message == msg::KernelMessage && data.at(0) == Value(std::int64_t{runlevel::Ready})) registerHook();
}

void EchoDevice::registerHook() {
  auto list = kernel().getInstanceListByModuleID(core::kWebHookControlModuleId);
  if (list.empty()) return;
  int wc = list.front();
  auto hooks = core::parseHooks(std::get<std::string>(kernel().getProperty(wc, "Hooks")));
  for (auto& h : hooks)
    if (h.hook == "/hook/echo") {
      if (h.targetId == instanceId()) return;
      h.targetId = instanceId();
      kernel().setProperty(wc, "Hooks", core::hooksToJson(hooks));
      kernel().applyChanges(wc);
      return;
    }
  hooks.push_back({"/hook/echo", instanceId()});
  kernel().setProperty(wc, "Hooks", core::hooksToJson(hooks));
  kernel().applyChanges(wc);
}

// SYMEMU_ECHO_REPLY_QOS=1|2: the outgoing QoS tests of the MQTT Client (an environment variable
// rather than a property, so the Echo Device's snapshot in fixtures/ stays as it is).
static std::int64_t replyQos() {
  const char* qos = std::getenv("SYMEMU_ECHO_REPLY_QOS");
  return qos ? std::clamp<std::int64_t>(std::atoi(qos), 0, 2) : 0;
}

std::string EchoDevice::receiveData(const std::string& json) {
  Poco::JSON::Parser parser;
  auto p = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  std::string topic = p->getValue<std::string>("Topic");
  std::string payload = utf8Decode(p->getValue<std::string>("Payload"));
  setValue("LastTopic", topic);
  setValue("LastPayload", payload);
  setValue("Count", std::get<std::int64_t>(getValue("Count")) + 1);
  sendDataToParent(toJsonText({{"DataID", std::string("{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}")},
                               {"PacketType", std::int64_t{3}},
                               {"QualityOfService", replyQos()},
                               {"Retain", false},
                               {"Topic", "reply/" + topic},
                               {"Payload", utf8Encode(payload)}}));
  return "";
}

HookResponse EchoDevice::processHookData(const HookRequest& r) {
  std::string user = readPropertyString("User");
  if (!user.empty() &&
      (!r.authUser || *r.authUser != user || r.authPassword.value_or("") != readPropertyString("Password")))
    return HookResponse{401, {{"WWW-Authenticate", "Basic realm=\"echo\""}}, "Unauthorized"};
  setValue("LastPayload", r.body);
  return HookResponse{200,
                      {{"Content-Type", "text/plain"}},
                      r.method + " " + r.path + " user=" + r.authUser.value_or("(none)") + " body=" + r.body};
}

void registerEchoDevice(ModuleRegistry& registry) {
  registry.registerFactory("Echo Device", [] { return std::make_unique<EchoDevice>(); });
}

}  // namespace symemu::testing

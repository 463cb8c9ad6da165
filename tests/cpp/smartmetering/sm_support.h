#pragma once
// Helpers shared by the Smart Metering tests. They run on the real core modules (MQTT Server,
// Server Socket, WebHook Control) in-process: the kernel's network is off, messages enter the
// real broker as a client session (MQTT_InjectPublish) and hook requests go through WebHook
// Control's own dispatch.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>
#include <string>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"
#include "symemu/smartmetering/libs/guids.h"
#include "symemu/runtime/runtime.h"
#include "symemu/core/webhook/control/webhook_control_module.h"
#include "symemu/smartmetering/libs/library_plugin.h"

namespace smtest {

namespace guid = symemu::smartmetering::guid;

inline symemu::KernelOptions options(const std::string& db = ":memory:") {
  symemu::KernelOptions o = symemu::kernelOptionsFor(symemu::builtinLibraries(), db);
  o.seed = 7;
  o.networkEnabled = false;
  return o;
}

inline std::string example(int n) {
  std::ifstream in(std::string(SM_EXAMPLES_DIR) + "/example" + std::to_string(n) + ".json", std::ios::binary);
  if (!in) throw std::runtime_error("missing example " + std::to_string(n));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const char* kTopics[] = {"",
                                "SmartLog/SL-000123/19032401",
                                "SmartLog/SL-000123/00000263",
                                "SmartLog/SL-000123/16531026",
                                "SmartLog/SL-000123/System",
                                "SmartLog/SL-000123/report"};

// One PUBLISH from an MQTT client session of the real broker.
inline void publish(symemu::Kernel& k, int server, const std::string& topic, const std::string& payload) {
  k.callFunction("MQTT_InjectPublish", server, {std::string("smtest-logger"), topic, payload});
}

// The install flow on a fresh kernel: a configurator without parent builds
// Configurator -> SmartLog -> MQTT Server -> Server Socket by RequireParent/ConnectParent.
struct MqttSetup {
  int server = 0, smartLog = 0, configurator = 0;
};

inline MqttSetup installMqtt(symemu::Kernel& k, const std::string& smartLogId = "SL-000123", bool autoCreate = false) {
  MqttSetup s;
  s.configurator = k.createInstance(guid::kConfigurator);
  s.smartLog = k.getInstance(s.configurator).connectionId;
  s.server = k.getInstance(s.smartLog).connectionId;
  k.setConfiguration(s.smartLog, symemu::toJsonText({{"SmartLogID", smartLogId}, {"AutoCreateMeters", autoCreate}}));
  k.applyChanges(s.smartLog);
  return s;
}

inline int at(const symemu::Kernel& k, const std::string& path) {
  auto id = k.resolvePath(path);
  if (!id) throw std::runtime_error("no object at " + path);
  return *id;
}

inline int var(const symemu::Kernel& k, int instance, const std::string& ident) {
  auto id = k.getObjectIdByIdent(ident, instance);
  if (!id) throw std::runtime_error("no variable " + ident + " under #" + std::to_string(instance));
  return *id;
}

inline symemu::Value value(const symemu::Kernel& k, int instance, const std::string& ident) {
  return k.getValue(var(k, instance, ident));
}

inline std::string lastMessageTime(const symemu::Kernel& k, int gateway) {
  return symemu::valueToString(value(k, gateway, "LastMessageTime"));
}

inline Poco::JSON::Array::Ptr rows(symemu::Kernel& k, int configurator) {
  Poco::JSON::Parser p;
  return p.parse(symemu::valueToString(k.callFunction("SM_GetRows", configurator, {})))
      .extract<Poco::JSON::Array::Ptr>();
}

inline Poco::JSON::Object::Ptr row(const Poco::JSON::Array::Ptr& rows, const std::string& meterId,
                                   const std::string& interface = "") {
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto r = rows->getObject(static_cast<unsigned>(i));
    if (r->getValue<std::string>("MeterId") == meterId &&
        (interface.empty() || r->getValue<std::string>("Interface") == interface))
      return r;
  }
  throw std::runtime_error("no row for meter " + meterId);
}

inline bool logContains(const symemu::Kernel& k, const std::string& text) {
  for (const auto& e : k.logEntries())
    if (e.message.find(text) != std::string::npos) return true;
  return false;
}

inline bool debugContains(const symemu::Kernel& k, int id, const std::string& text) {
  for (const auto& e : k.debugEntries(id))
    if (e.message.find(text) != std::string::npos || e.data.find(text) != std::string::npos) return true;
  return false;
}

// A request through the real WebHook Control's dispatch (longest registered prefix, §9.2).
inline symemu::HookResponse hook(symemu::Kernel& k, symemu::HookRequest request) {
  auto controls = k.getInstanceListByModuleID(guid::kWebHookControl);
  if (controls.empty()) throw std::runtime_error("no WebHook Control");
  auto& control = dynamic_cast<symemu::core::WebHookControlModule&>(*k.getInstance(controls.front()).module);
  return control.dispatch(request);
}

inline symemu::HookRequest post(const std::string& path, const std::string& body,
                                std::optional<std::string> user = std::nullopt,
                                std::optional<std::string> password = std::nullopt) {
  symemu::HookRequest r;
  r.method = "POST";
  r.uri = r.path = path;
  r.body = body;
  r.secure = true;
  r.authUser = std::move(user);
  r.authPassword = std::move(password);
  r.headers = {{"Content-Type", "application/json"}};
  return r;
}

inline std::string header(const symemu::HookResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

}  // namespace smtest

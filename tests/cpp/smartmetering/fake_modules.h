#pragma once
// Stand-ins for the lead's MQTT Server and WebHook Control, plus helpers shared by the Smart
// Metering tests. They use only the public module API.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kernel/json_value.h"
#include "kernel/kernel.h"
#include "kernel/module.h"
#include "libs/guids.h"
#include "libs/library_plugin.h"

namespace smtest {

namespace guid = symemu::smartmetering::guid;
inline const std::string kFakeMqttServer = "{6A8C0E2F-4B6D-4F81-9A3C-5E7F9B1D3A5C}";

// Delivers PUBLISH packets to its children exactly as the MQTT Server does (§7.1).
class FakeMqttServer : public symemu::Module {
 public:
  void create() override {
    registerFunction("Publish", [this](const std::vector<symemu::Value>& args) -> symemu::Value {
      publish(symemu::valueToString(args.at(0)), symemu::valueToString(args.at(1)));
      return true;
    });
  }
  void publish(const std::string& topic, const std::string& payload) {
    sendDataToChildren([&](symemu::DataEncoding enc) {
      std::string body = enc == symemu::DataEncoding::Hex ? symemu::hexEncode(payload) : symemu::utf8Encode(payload);
      return "{\"DataID\":\"" + guid::kMqttToChildren +
             "\",\"PacketType\":3,\"QualityOfService\":0,\"Retain\":false,"
             "\"Topic\":" +
             symemu::jsonQuote(topic) + ",\"Payload\":" + symemu::jsonQuote(body) + "}";
    });
  }
  std::string forwardData(const std::string& json) override {
    setBuffer("LastPublish", json);
    return "";
  }
};

class FakeWebHookControl : public symemu::Module {
 public:
  void create() override {
    registerPropertyString("Hooks", "[]");
    registerPropertyInteger("HTTPPort", 3777);
    registerPropertyInteger("HTTPSPort", 3778);
  }
};

inline void registerAll(symemu::ModuleRegistry& r) {
  symemu::smartmetering::registerSmartMeteringFactories(r);
  r.registerFactory("Fake MQTT Server", [] { return std::make_unique<FakeMqttServer>(); });
  r.registerFactory("WebHook Control", [] { return std::make_unique<FakeWebHookControl>(); });
}

inline symemu::KernelOptions options(const std::string& db = ":memory:") {
  symemu::KernelOptions o;
  o.database = db;
  o.seed = 7;
  o.libraries = {SM_LIBRARY_DIR, SM_TESTLIB_DIR};
  o.registerFactories = registerAll;
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

inline void publish(symemu::Kernel& k, int server, const std::string& topic, const std::string& payload) {
  k.callFunction("FMQTT_Publish", server, {topic, payload});
}

// The install flow: a configurator without parent builds Configurator -> SmartLog -> MQTT Server.
struct MqttSetup {
  int server = 0, smartLog = 0, configurator = 0;
};

inline MqttSetup installMqtt(symemu::Kernel& k, const std::string& smartLogId = "SL-000123", bool autoCreate = false) {
  MqttSetup s;
  s.server = k.createInstance(kFakeMqttServer);
  s.configurator = k.createInstance(guid::kConfigurator);
  s.smartLog = k.getInstance(s.configurator).connectionId;
  if (k.getInstance(s.smartLog).connectionId != s.server) k.connectInstance(s.smartLog, s.server);
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

// Routes a request like WebHook Control: the longest registered hook prefix wins (§9.2).
inline symemu::HookResponse hook(symemu::Kernel& k, symemu::HookRequest request) {
  auto controls = k.getInstanceListByModuleID(guid::kWebHookControl);
  if (controls.empty()) throw std::runtime_error("no WebHook Control");
  Poco::JSON::Parser p;
  auto hooks =
      p.parse(symemu::valueToString(k.getProperty(controls.front(), "Hooks"))).extract<Poco::JSON::Array::Ptr>();
  std::string best;
  int target = 0;
  for (std::size_t i = 0; i < hooks->size(); ++i) {
    auto h = hooks->getObject(static_cast<unsigned>(i));
    std::string prefix = h->getValue<std::string>("Hook");
    if (request.path.compare(0, prefix.size(), prefix) == 0 && prefix.size() > best.size()) {
      best = prefix;
      target = h->getValue<int>("TargetID");
    }
  }
  if (!target) return symemu::HookResponse{404, {}, "no hook"};
  return k.processHookData(target, request);
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

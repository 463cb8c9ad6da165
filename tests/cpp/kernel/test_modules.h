#pragma once
// A splitter/device pair used by the kernel tests. They use only the public module API.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"

namespace testmods {

inline const std::string kSplitterId = "{5A6B7C8D-1111-4222-8333-944455556666}";
inline const std::string kDeviceId = "{5A6B7C8D-2222-4222-8333-944455556666}";
inline const std::string kToChildren = "{AAAA0001-0000-4000-8000-000000000001}";
inline const std::string kToParent = "{AAAA0002-0000-4000-8000-000000000002}";

inline std::string field(const std::string& json, const std::string& key) {
  Poco::JSON::Parser p;
  return p.parse(json).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>(key, "");
}

// Echoes what a child forwards back down to all children, like a loopback bus.
class TestSplitter : public symemu::Module {
 public:
  void create() override { registerPropertyString("Label", ""); }
  std::string forwardData(const std::string& json) override {
    std::string buffer = field(json, "Buffer");
    sendDataToChildren(symemu::toJsonText({{"DataID", kToChildren}, {"Buffer", buffer}}));
    return "ok:" + buffer;
  }
};

class TestDevice : public symemu::Module {
 public:
  void create() override {
    registerPropertyString("Label", "none");
    registerPropertyInteger("Count", 1);
    registerPropertyFloat("Factor", 1.5);
    registerPropertyBoolean("Enabled", true);
    registerAttributeInteger("Received", 0);
    registerAttributeString("Runlevels", "");
    registerVariableString("Text", "Text");
    registerVariableInteger("Ticks", "Ticks");
    registerTimer("Tick", 0, [this] { setValue("Ticks", std::get<std::int64_t>(getValue("Ticks")) + 1); });
    registerMessage(0, symemu::msg::KernelMessage);
    registerFunction("Ping", [this](const std::vector<symemu::Value>& args) -> symemu::Value {
      return "pong " + std::to_string(instanceId()) + " " + (args.empty() ? "" : symemu::valueToString(args[0]));
    });
    connectParent(kSplitterId);
  }
  void applyChanges() override {
    auto count = readPropertyInteger("Count");
    setTimerInterval("Tick", readPropertyInteger("Count") > 0 ? 60000 : 0);
    if (count < 0)
      setStatus(201);
    else
      setStatus(102);
    setReceiveDataFilter(readPropertyString("Label") == "filtered" ? ".*\"Buffer\":\"a/b.*" : "");
    registerVariableFloat("Value", "Value", "~Temperature");
    enableAction("Value");
  }
  std::string receiveData(const std::string& json) override {
    setValue("Text", field(json, "Buffer"));
    writeAttributeInteger("Received", readAttributeInteger("Received") + 1);
    sendDebug("ReceiveData", json, 0);
    return "got " + std::to_string(instanceId());
  }
  void messageSink(std::int64_t, int sender, int message, const std::vector<symemu::Value>& data) override {
    if (message == symemu::msg::KernelMessage)
      writeAttributeString("Runlevels", readAttributeString("Runlevels") + symemu::valueToString(data.at(0)) + ";");
  }
  void requestAction(const std::string& ident, const symemu::Value& value) override {
    if (ident != "Value") throw symemu::KernelError("Invalid ident " + ident);
    setValue("Value", value);
  }
  std::string send(const std::string& text) {
    return sendDataToParent(symemu::toJsonText({{"DataID", kToParent}, {"Buffer", text}}));
  }
};

inline void registerTestModules(symemu::ModuleRegistry& r) {
  r.registerFactory("Test Splitter", [] { return std::make_unique<TestSplitter>(); });
  r.registerFactory("Test Device", [] { return std::make_unique<TestDevice>(); });
}

inline symemu::KernelOptions testOptions(const std::string& db = ":memory:", std::uint64_t seed = 42) {
  symemu::KernelOptions o;
  o.database = db;
  o.seed = seed;
  o.libraries = {SYMEMU_TESTLIB_DIR};
  o.registerFactories = registerTestModules;
  return o;
}

}  // namespace testmods

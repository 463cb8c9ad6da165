#include "test_modules.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/module.h"

namespace symemu::python {

namespace {

const std::string kToChildren = "{7E57DA7A-0001-4000-8000-000000000001}";
const std::string kToParent = "{7E57DA7A-0002-4000-8000-000000000002}";

std::string bufferOf(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>("Buffer", "");
}

// Echoes whatever a child forwards back down to all children, like a loopback bus.
class TestSplitter : public Module {
 public:
  void create() override { registerPropertyString("Label", ""); }
  std::string forwardData(const std::string& json) override {
    std::string buffer = bufferOf(json);
    sendDebug("ForwardData", buffer, 0);
    sendDataToChildren(toJsonText({{"DataID", kToChildren}, {"Buffer", buffer}}));
    return "ok:" + buffer;
  }
};

// Properties of every type, status variables, an action, a timer, exported functions, debug and
// log output: enough surface to show each part of the Python API.
class TestDevice : public Module {
 public:
  void create() override {
    registerPropertyString("Label", "");
    registerPropertyInteger("Interval", 0);  // seconds between ticks; negative is an error
    registerPropertyFloat("Factor", 1.5);
    registerPropertyBoolean("Enabled", true);
    registerAttributeInteger("Received", 0);
    registerVariableString("Text", "Text");
    registerVariableInteger("Ticks", "Ticks");
    registerTimer("Tick", 0, [this] { setValue("Ticks", std::get<std::int64_t>(getValue("Ticks")) + 1); });
    registerFunction("Send", [this](const std::vector<Value>& args) -> Value {
      std::string text = args.empty() ? "" : valueToString(args[0]);
      return sendDataToParent(toJsonText({{"DataID", kToParent}, {"Buffer", text}}));
    });
    registerFunction("Received",
                     [this](const std::vector<Value>&) -> Value { return readAttributeInteger("Received"); });
  }
  void applyChanges() override {
    auto interval = readPropertyInteger("Interval");
    setTimerInterval("Tick", interval > 0 ? interval * 1000 : 0);
    registerVariableFloat("Temperature", "Temperature", "~Temperature", 1);
    enableAction("Temperature");
    setSummary(readPropertyString("Label"));
    if (interval < 0) {
      setStatus(201);
      logMessage("Interval must not be negative", msg::KL_ERROR);
    } else {
      setStatus(102);
    }
  }
  std::string receiveData(const std::string& json) override {
    setValue("Text", bufferOf(json));
    writeAttributeInteger("Received", readAttributeInteger("Received") + 1);
    sendDebug("ReceiveData", json, 0);
    return "";
  }
  void requestAction(const std::string& ident, const Value& value) override {
    if (ident != "Temperature") throw KernelError("Invalid ident " + ident);
    setValue("Temperature", value);
  }
};

}  // namespace

void registerPythonTestModules(ModuleRegistry& registry) {
  registry.registerFactory("Python Test Splitter", [] { return std::make_unique<TestSplitter>(); });
  registry.registerFactory("Python Test Device", [] { return std::make_unique<TestDevice>(); });
}

}  // namespace symemu::python

#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

TEST_CASE("an instance is created at 101 and becomes active after ApplyChanges", "[instances]") {
  Kernel k(testmods::testOptions());
  std::vector<int> statuses;
  int dev = k.createInstance(testmods::kDeviceId);
  const auto& rec = k.getInstance(dev);
  REQUIRE(rec.status == 102);
  REQUIRE(rec.info->name == "Test Device");
  REQUIRE(k.getObject(dev).name == "Test Device");
  REQUIRE(k.getObject(dev).type == ObjectType::Instance);
  // ConnectParent created a splitter and connected to it.
  REQUIRE(rec.connectionId != 0);
  REQUIRE(k.getInstance(rec.connectionId).info->name == "Test Splitter");
  REQUIRE(k.getInstanceListByModuleID(testmods::kDeviceId) == std::vector<int>{dev});
  REQUIRE(k.getInstanceListByModuleType(moduletype::Splitter).size() == 1);
}

TEST_CASE("unknown module is refused and takes no ID", "[instances][errors]") {
  Kernel k(testmods::testOptions());
  REQUIRE_THROWS_WITH(k.createInstance("{00000000-0000-0000-0000-000000000000}"),
                      "Module #{00000000-0000-0000-0000-000000000000} does not exist");
  REQUIRE(k.getObjectList().empty());
}

TEST_CASE("properties: pending until applied, typed errors", "[instances][properties]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  k.setProperty(dev, "Label", std::string("kitchen"));
  REQUIRE(k.getProperty(dev, "Label") == Value(std::string("kitchen")));
  REQUIRE(k.readProperty(dev, "Label", VariableType::String) == Value(std::string("none")));
  REQUIRE(k.hasChanges(dev));
  k.applyChanges(dev);
  REQUIRE(k.readProperty(dev, "Label", VariableType::String) == Value(std::string("kitchen")));
  REQUIRE_FALSE(k.hasChanges(dev));

  REQUIRE_THROWS_WITH(k.setProperty(dev, "Nope", std::int64_t{1}), "Property Nope not found");
  REQUIRE_THROWS_WITH(k.readProperty(dev, "Nope", VariableType::String), "Property Nope not found");
  REQUIRE_THROWS_WITH(k.setProperty(dev, "Count", std::string("x")), "Property Count is not of type Integer");
  REQUIRE_THROWS_WITH(k.readProperty(dev, "Count", VariableType::String), "Property Count is not of type String");
  k.setProperty(dev, "Factor", std::int64_t{2});  // an integer is a valid float
  REQUIRE(k.getProperty(dev, "Factor") == Value(2.0));
  k.resetChanges(dev);
  REQUIRE(k.getProperty(dev, "Factor") == Value(1.5));
}

TEST_CASE("SetConfiguration validates every key before changing anything", "[instances][properties]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  REQUIRE_THROWS_WITH(k.setConfiguration(dev, R"({"Label":"a","Bogus":1})"), "Property Bogus not found");
  REQUIRE_THROWS_WITH(k.setConfiguration(dev, R"({"Label":"a","Count":"many"})"),
                      "Property Count is not of type Integer");
  REQUIRE_THROWS_WITH(k.setConfiguration(dev, "{nope"), Catch::Contains("not valid JSON"));
  REQUIRE(k.getProperty(dev, "Label") == Value(std::string("none")));
  k.setConfiguration(dev, R"({"Label":"a","Count":3,"Factor":2.5,"Enabled":false})");
  k.applyChanges(dev);
  REQUIRE(k.getConfiguration(dev) == R"({"Label":"a","Count":3,"Factor":2.5,"Enabled":false})");
}

TEST_CASE("status variables, actions and module status", "[instances]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  auto text = k.getObjectIdByIdent("Text", dev);
  auto value = k.getObjectIdByIdent("Value", dev);
  REQUIRE(text.has_value());
  REQUIRE(value.has_value());
  REQUIRE(k.getVariable(*value).profile == "~Temperature");
  REQUIRE(k.getVariable(*value).action == dev);
  k.requestAction(*value, 21.5);
  REQUIRE(k.getValue(*value) == Value(21.5));
  REQUIRE_THROWS_WITH(k.requestAction(*text, std::string("x")), "Action is invalid");

  k.setProperty(dev, "Count", std::int64_t{-1});
  k.applyChanges(dev);
  REQUIRE(k.getInstance(dev).status == 201);
  // Re-registering keeps the variable (same ID) and its value.
  k.setProperty(dev, "Count", std::int64_t{1});
  k.applyChanges(dev);
  REQUIRE(k.getObjectIdByIdent("Value", dev) == value);
  REQUIRE(k.getValue(*value) == Value(21.5));
  REQUIRE(k.callFunction("TDEV_Ping", dev, {std::string("x")}) == Value("pong " + std::to_string(dev) + " x"));
  REQUIRE_THROWS_WITH(k.callFunction("TDEV_Nope", dev, {}), Catch::Contains("does not exist"));
  REQUIRE_THROWS_WITH(k.callFunction("TSPL_Ping", dev, {}), Catch::Contains("prefix TDEV"));
}

TEST_CASE("deleting an instance removes its variables and disconnects its children", "[instances]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(dev).connectionId;
  int text = *k.getObjectIdByIdent("Text", dev);
  k.deleteInstance(splitter);
  REQUIRE_FALSE(k.instanceExists(splitter));
  REQUIRE(k.getInstance(dev).connectionId == 0);
  k.deleteInstance(dev);
  REQUIRE_FALSE(k.objectExists(text));
  REQUIRE_FALSE(k.objectExists(dev));
  REQUIRE(k.getInstanceList().empty());
}

TEST_CASE("attributes, buffers, debug and log output", "[instances]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  REQUIRE_THROWS_WITH(k.readAttribute(dev, "Nope", VariableType::Integer), "Attribute Nope not found");
  REQUIRE_THROWS_WITH(k.readAttribute(dev, "Received", VariableType::String),
                      "Attribute Received is not of type String");
  k.setBuffer(dev, "b", std::string("\0x", 2));
  REQUIRE(k.getBuffer(dev, "b") == std::string("\0x", 2));
  REQUIRE(k.getBuffer(dev, "missing").empty());
  auto* d = dynamic_cast<testmods::TestDevice*>(k.getInstance(dev).module.get());
  d->send("hello");
  REQUIRE(k.readAttribute(dev, "Received", VariableType::Integer) == Value(std::int64_t{1}));
  auto debug = k.debugEntries(dev);
  REQUIRE(debug.size() == 1);
  REQUIRE(debug[0].message == "ReceiveData");
  k.logMessage(dev, msg::KL_WARNING, "careful");
  REQUIRE(k.logEntries().back().message == "careful");
  REQUIRE(k.logEntries().back().sender == "Test Device");
}

#include <catch2/catch.hpp>

#include <algorithm>

#include "symemu/api/function_table.h"
#include "symemu/api/json_text.h"
#include "test_modules.h"

using namespace symemu;
using namespace symemu::api;

namespace {
JsonValue call(Kernel& k, const std::string& name, JsonArray args = {}, Coercion c = Coercion::Strict) {
  return FunctionTable::kernel().call(k, name, args, c).value;
}
std::string callJson(Kernel& k, const std::string& name, JsonArray args = {}) {
  return writeJson(call(k, name, std::move(args)));
}
}  // namespace

TEST_CASE("IPS_GetObject returns Symcon's record, fields in Symcon's order", "[api]") {
  Kernel k(testmods::testOptions());
  int cat = k.createCategory();
  k.setName(cat, "Rooms");
  REQUIRE(callJson(k, "IPS_GetObject", {cat}) ==
          "{\"ObjectID\":" + std::to_string(cat) +
              ",\"ObjectType\":0,\"ObjectName\":\"Rooms\",\"ObjectIdent\":\"\",\"ObjectInfo\":\"\","
              "\"ObjectIcon\":\"\",\"ObjectSummary\":\"\",\"ObjectPosition\":0,\"ObjectIsHidden\":false,"
              "\"ObjectIsDisabled\":false,\"ObjectIsLocked\":false,\"ObjectIsReadOnly\":false,\"ParentID\":0,"
              "\"ChildrenIDs\":[],\"HasChildren\":false}");
  REQUIRE(call(k, "IPS_GetChildrenIDs", {0}).asArray().size() == k.getChildrenIds(0).size());
}

TEST_CASE("kernel errors carry Symcon's text and change nothing", "[api]") {
  Kernel k(testmods::testOptions());
  REQUIRE_THROWS_WITH(call(k, "IPS_GetObject", {99999}), "Object #99999 does not exist");
  auto before = k.getObjectList();
  int cat = k.createCategory();
  k.setIdent(cat, "A");
  int other = k.createCategory();
  k.setIdent(other, "B");
  k.setParent(other, cat);
  int moved = k.createCategory();
  k.setIdent(moved, "B");
  REQUIRE_THROWS_WITH(call(k, "IPS_SetParent", {moved, cat}), "Ident must be unique for each category");
  REQUIRE(k.getObject(moved).parentId == 0);
  REQUIRE_THROWS_WITH(call(k, "IPS_SetIdent", {cat, "bad ident"}), Catch::Contains("is invalid"));
  REQUIRE(k.getObject(cat).ident == "A");
}

TEST_CASE("unknown functions and wrong parameter counts are FunctionErrors", "[api]") {
  Kernel k(testmods::testOptions());
  try {
    call(k, "IPS_NoSuchThing");
    FAIL("no error");
  } catch (const FunctionError& e) {
    REQUIRE(e.kind() == FunctionError::Kind::UnknownFunction);
    REQUIRE(std::string(e.what()) == "Call to undefined function IPS_NoSuchThing()");
  }
  try {
    call(k, "IPS_GetObject", {1, 2});
    FAIL("no error");
  } catch (const FunctionError& e) {
    REQUIRE(e.kind() == FunctionError::Kind::InvalidParams);
    REQUIRE(std::string(e.what()) == "IPS_GetObject() expects exactly 1 argument, 2 given");
  }
  REQUIRE_THROWS_WITH(call(k, "IPS_GetObjectList", {0}), "IPS_GetObjectList() expects exactly 0 arguments, 1 given");
}

TEST_CASE("strict types: an integer where a float is wanted is refused, PHP mode coerces", "[api]") {
  Kernel k(testmods::testOptions());
  k.createVariableProfile("P", VariableType::Float);
  REQUIRE_THROWS_WITH(call(k, "IPS_SetVariableProfileValues", {"P", 0, 10.0, 0.5}),
                      "IPS_SetVariableProfileValues(): Argument #2 ($MinValue) must be of type float, int given");
  REQUIRE(k.getVariableProfile("P").maxValue == 0);  // nothing changed
  REQUIRE_THROWS_WITH(call(k, "IPS_GetObject", {"0"}),
                      "IPS_GetObject(): Argument #1 ($ID) must be of type int, string given");
  REQUIRE_THROWS_WITH(call(k, "IPS_GetObject", {true}), Catch::Contains("must be of type int, bool given"));
  REQUIRE_THROWS_WITH(call(k, "SetValue", {1, JsonArray{}}),
                      "SetValue(): Argument #2 ($Value) must be of type bool|int|float|string, array given");

  call(k, "IPS_SetVariableProfileValues", {"P", 0, "10", true}, Coercion::Php);
  REQUIRE(k.getVariableProfile("P").maxValue == 10.0);
  REQUIRE(k.getVariableProfile("P").stepSize == 1.0);
  REQUIRE(writeJson(call(k, "IPS_GetName", {"0"}, Coercion::Php)) == "\"IP-Symcon\"");
  REQUIRE_THROWS_WITH(call(k, "IPS_GetName", {"zero"}, Coercion::Php),
                      "IPS_GetName(): Argument #1 ($ID) must be of type int, string given");
  REQUIRE_THROWS_WITH(call(k, "IPS_GetName", {nullptr}, Coercion::Php), Catch::Contains("null given"));
}

TEST_CASE("values: typed setters and getters, VM_UPDATE through SetValue", "[api]") {
  Kernel k(testmods::testOptions());
  int v = call(k, "IPS_CreateVariable", {2}).asInt();
  REQUIRE(call(k, "SetValueFloat", {v, 21.5}).asBool());
  REQUIRE(call(k, "GetValue", {v}).asFloat() == 21.5);
  REQUIRE(call(k, "GetValueInteger", {v}).asInt() == 21);
  REQUIRE_THROWS_WITH(call(k, "SetValueFloat", {v, 21}), Catch::Contains("must be of type float, int given"));
  REQUIRE(call(k, "GetValueFloat", {v}).asFloat() == 21.5);
  REQUIRE_THROWS_WITH(call(k, "IPS_CreateVariable", {7}), "Unsupported VariableType!");
  REQUIRE(writeJson(call(k, "IPS_GetVariable", {v})).rfind("{\"VariableID\":" + std::to_string(v), 0) == 0);
}

TEST_CASE("idents not found: false with a warning, as Symcon returns them", "[api]") {
  Kernel k(testmods::testOptions());
  auto r = FunctionTable::kernel().call(k, "IPS_GetObjectIDByIdent", {"Nope", 0});
  REQUIRE(r.value.kind() == JsonValue::Kind::Boolean);
  REQUIRE_FALSE(r.value.asBool());
  REQUIRE(r.warning == "Object with ident Nope could not be found");
}

TEST_CASE("module functions PREFIX_Name go to the instance", "[api]") {
  Kernel k(testmods::testOptions());
  int dev = call(k, "IPS_CreateInstance", {testmods::kDeviceId}).asInt();
  REQUIRE(call(k, "TDEV_Ping", {dev, "x"}).asString() == "pong " + std::to_string(dev) + " x");
  REQUIRE_THROWS_WITH(call(k, "TDEV_Nothing", {dev}), Catch::Contains("does not exist"));
  REQUIRE_THROWS_AS(call(k, "ZZZZ_Ping", {dev}), FunctionError);
  REQUIRE_THROWS_WITH(call(k, "TDEV_Ping", {}), Catch::Contains("expects at least 1 argument"));
  auto list = call(k, "IPS_GetFunctionList", {dev}).asArray();
  REQUIRE(list.size() == 1);
  REQUIRE(list[0].asString() == "TDEV_Ping");
  REQUIRE(call(k, "IPS_FunctionExists", {"TDEV_Ping"}).asBool());
  REQUIRE(call(k, "IPS_FunctionExists", {"IPS_GetObject"}).asBool());
}

TEST_CASE("every function of docs/symcon-kernel.md §4 that symemu offers is in the table", "[api]") {
  const auto& t = FunctionTable::kernel();
  for (const char* name : {"IPS_CreateCategory",
                           "IPS_DeleteCategory",
                           "IPS_SetParent",
                           "IPS_SetName",
                           "IPS_SetIdent",
                           "IPS_SetInfo",
                           "IPS_SetIcon",
                           "IPS_SetPosition",
                           "IPS_SetHidden",
                           "IPS_SetDisabled",
                           "IPS_ObjectExists",
                           "IPS_GetObject",
                           "IPS_GetObjectList",
                           "IPS_GetChildrenIDs",
                           "IPS_HasChildren",
                           "IPS_GetName",
                           "IPS_GetParent",
                           "IPS_GetLocation",
                           "IPS_IsChild",
                           "IPS_GetObjectIDByIdent",
                           "IPS_GetObjectIDByName",
                           "IPS_CreateInstance",
                           "IPS_DeleteInstance",
                           "IPS_InstanceExists",
                           "IPS_GetInstance",
                           "IPS_GetInstanceList",
                           "IPS_GetInstanceListByModuleID",
                           "IPS_GetInstanceListByModuleType",
                           "IPS_ConnectInstance",
                           "IPS_DisconnectInstance",
                           "IPS_SetProperty",
                           "IPS_GetProperty",
                           "IPS_SetConfiguration",
                           "IPS_GetConfiguration",
                           "IPS_HasChanges",
                           "IPS_ResetChanges",
                           "IPS_ApplyChanges",
                           "IPS_GetConfigurationForm",
                           "IPS_GetConfigurationForParent",
                           "IPS_RequestAction",
                           "IPS_SendDebug",
                           "IPS_EnableDebug",
                           "IPS_DisableDebug",
                           "IPS_LogMessage",
                           "IPS_GetModule",
                           "IPS_GetModuleList",
                           "IPS_GetModuleListByType",
                           "IPS_ModuleExists",
                           "IPS_GetLibrary",
                           "IPS_GetLibraryList",
                           "IPS_GetLibraryModules",
                           "IPS_IsModuleCompatible",
                           "IPS_IsInstanceCompatible",
                           "IPS_GetCompatibleModules",
                           "IPS_GetCompatibleInstances",
                           "IPS_CreateVariable",
                           "IPS_GetVariable",
                           "SetValue",
                           "SetValueBoolean",
                           "SetValueInteger",
                           "SetValueFloat",
                           "SetValueString",
                           "GetValue",
                           "GetValueBoolean",
                           "GetValueInteger",
                           "GetValueFloat",
                           "GetValueString",
                           "GetValueFormatted",
                           "RequestAction",
                           "RequestActionEx",
                           "HasAction",
                           "IPS_CreateVariableProfile",
                           "IPS_GetVariableProfile",
                           "IPS_SetVariableProfileText",
                           "IPS_SetVariableProfileValues",
                           "IPS_SetVariableProfileDigits",
                           "IPS_SetVariableProfileIcon",
                           "IPS_SetVariableProfileAssociation",
                           "IPS_DeleteVariableProfile",
                           "IPS_VariableProfileExists",
                           "IPS_GetVariableProfileList",
                           "IPS_GetVariableProfileListByType",
                           "IPS_GetKernelRunlevel",
                           "IPS_GetKernelVersion",
                           "IPS_GetKernelDate"}) {
    INFO(name);
    REQUIRE(t.find(name) != nullptr);
  }
}

TEST_CASE("several message and log observers see every message, removed ones see no more", "[api][kernel]") {
  std::vector<int> a, b;  // declared before the kernel: its observers write here until it is gone
  std::vector<std::string> logs;
  Kernel k(testmods::testOptions());
  k.setMessageObserver([&](int, int m, const std::vector<Value>&) { a.push_back(m); });
  int hb = k.addMessageObserver([&](int, int m, const std::vector<Value>&) { b.push_back(m); });
  int hl = k.addLogObserver([&](const LogEntry& e) { logs.push_back(e.message); });
  int v = k.createVariable(VariableType::Integer);
  k.setValue(v, std::int64_t{5});
  REQUIRE(a == b);
  REQUIRE(std::count(a.begin(), a.end(), msg::VM_UPDATE) == 1);
  k.logMessage(0, msg::KL_MESSAGE, "hello");
  REQUIRE(logs == std::vector<std::string>{"hello"});
  k.removeMessageObserver(hb);
  k.removeLogObserver(hl);
  k.setValue(v, std::int64_t{6});
  k.logMessage(0, msg::KL_MESSAGE, "again");
  REQUIRE(a.size() == b.size() + 1);
  REQUIRE(logs.size() == 1);
  k.setMessageObserver({});  // replacing the set observer removes it
  k.setValue(v, std::int64_t{7});
  REQUIRE(a.size() == b.size() + 1);
}

TEST_CASE("an observer that does not listen now gets no VM_UPDATE, once it listens, it does", "[api][kernel]") {
  bool listening = false;  // declared before the kernel: its observer reads these until it is gone
  std::vector<std::pair<int, int>> seen;
  Kernel k(testmods::testOptions());
  k.addMessageObserver([&](int s, int m, const std::vector<Value>&) { seen.emplace_back(s, m); },
                       [&] { return listening; });
  int v = k.createVariable(VariableType::Integer);
  REQUIRE(seen == std::vector<std::pair<int, int>>{{v, msg::OM_REGISTER}, {v, msg::VM_CREATE}});  // others still come
  k.setValue(v, std::int64_t{5});
  REQUIRE(seen.size() == 2);
  listening = true;
  k.setValue(v, std::int64_t{6});
  REQUIRE(seen.back() == std::pair<int, int>{v, msg::VM_UPDATE});
}

TEST_CASE("debug observers see an instance's SendDebug output only while IPS_EnableDebug is in force",
          "[api][kernel]") {
  Kernel k(testmods::testOptions());
  int id = k.createCategory();  // any object: IPS_SendDebug takes a sender ID
  std::vector<std::string> seen;
  k.addDebugObserver([&](const DebugEntry& e) { seen.push_back(e.message + "=" + e.data); });
  call(k, "IPS_SendDebug", {id, "before", "x", 0});
  REQUIRE(seen.empty());
  call(k, "IPS_EnableDebug", {id, 60});
  call(k, "IPS_SendDebug", {id, "during", "y", 0});
  REQUIRE(seen == std::vector<std::string>{"during=y"});
  call(k, "IPS_DisableDebug", {id});
  call(k, "IPS_SendDebug", {id, "after", "z", 0});
  REQUIRE(seen.size() == 1);
  REQUIRE(k.debugEntries(id).size() == 3);  // captured all along
  REQUIRE_THROWS_WITH(call(k, "IPS_EnableDebug", {99999, 60}), "Object #99999 does not exist");
}

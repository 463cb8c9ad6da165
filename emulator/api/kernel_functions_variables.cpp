// Variables and values (docs/symcon-kernel.md §4.3).
#include "symemu/api/kernel_functions.h"

namespace symemu::api {

namespace {
using namespace param;

void addVariableObjects(FunctionTable& t) {
  define(t, "IPS_CreateVariable", {integer("VariableType")}, "int",
         [](Kernel& k, const Args& a) { return k.createVariable(static_cast<VariableType>(a.integer(0))); });
  define(t, "IPS_DeleteVariable", {integer("VariableID")}, "bool", [](Kernel& k, const Args& a) {
    k.deleteVariable(a.integer(0));
    return true;
  });
  define(t, "IPS_VariableExists", {integer("VariableID")}, "bool",
         [](Kernel& k, const Args& a) { return k.variableExists(a.integer(0)); });
  define(t, "IPS_GetVariable", {integer("VariableID")}, "array",
         [](Kernel& k, const Args& a) { return variableValue(a.integer(0), k.getVariable(a.integer(0))); });
  define(t, "IPS_GetVariableList", {}, "array", [](Kernel& k, const Args&) {
    std::vector<int> out;
    for (int id : k.getObjectList())
      if (k.getObject(id).type == ObjectType::Variable) out.push_back(id);
    return arrayOf(out);
  });
  define(t, "IPS_SetVariableCustomProfile", {integer("VariableID"), string("ProfileName")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableCustomProfile(a.integer(0), a.string(1));
           return true;
         });
  define(t, "IPS_SetVariableCustomAction", {integer("VariableID"), integer("ScriptID")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableCustomAction(a.integer(0), a.integer(1));
           return true;
         });
}

void addValues(FunctionTable& t) {
  define(t, "GetValue", {integer("VariableID")}, "mixed",
         [](Kernel& k, const Args& a) { return fromKernelValue(k.getValue(a.integer(0))); });
  define(t, "GetValueFormatted", {integer("VariableID")}, "string",
         [](Kernel& k, const Args& a) { return k.getValueFormatted(a.integer(0)); });
  define(t, "SetValue", {integer("VariableID"), variant("Value")}, "bool", [](Kernel& k, const Args& a) {
    k.setValue(a.integer(0), a.value(1));
    return true;
  });
  // Typed variants: the parameter carries the type; the read converts like PHP's casts.
  struct Typed {
    const char* suffix;
    ParamType param;
    VariableType type;
  };
  for (Typed typed : {Typed{"Boolean", ParamType::Boolean, VariableType::Boolean},
                      Typed{"Integer", ParamType::Integer, VariableType::Integer},
                      Typed{"Float", ParamType::Float, VariableType::Float},
                      Typed{"String", ParamType::String, VariableType::String}}) {
    VariableType type = typed.type;
    define(t, std::string("GetValue") + typed.suffix, {integer("VariableID")}, paramTypeName(typed.param),
           [type](Kernel& k, const Args& a) { return fromKernelValue(convertValue(k.getValue(a.integer(0)), type)); });
    define(t, std::string("SetValue") + typed.suffix, {integer("VariableID"), {"Value", typed.param}}, "bool",
           [](Kernel& k, const Args& a) {
             k.setValue(a.integer(0), a.value(1));
             return true;
           });
  }
}

void addActions(FunctionTable& t) {
  define(t, "RequestAction", {integer("VariableID"), variant("Value")}, "bool", [](Kernel& k, const Args& a) {
    k.requestAction(a.integer(0), a.value(1));
    return true;
  });
  // The sender is not kept: actions in symemu are instance actions, which do not see it.
  define(t, "RequestActionEx", {integer("VariableID"), variant("Value"), string("Sender")}, "bool",
         [](Kernel& k, const Args& a) {
           k.requestAction(a.integer(0), a.value(1));
           return true;
         });
  define(t, "HasAction", {integer("VariableID")}, "bool", [](Kernel& k, const Args& a) {
    const auto& v = k.getVariable(a.integer(0));
    int target = v.customAction > 0 ? v.customAction : v.action;
    return target >= 10000;
  });
}

}  // namespace

void addVariableFunctions(FunctionTable& table) {
  addVariableObjects(table);
  addValues(table);
  addActions(table);
}

}  // namespace symemu::api

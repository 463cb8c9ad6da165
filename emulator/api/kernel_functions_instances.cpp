// Instances and their configuration (docs/symcon-kernel.md §2, §3.2, §4.2).
#include "symemu/api/kernel_functions.h"

namespace symemu::api {

namespace {
using namespace param;

void addLifecycle(FunctionTable& t) {
  define(t, "IPS_CreateInstance", {string("ModuleID")}, "int",
         [](Kernel& k, const Args& a) { return k.createInstance(a.string(0)); });
  define(t, "IPS_DeleteInstance", {integer("InstanceID")}, "bool", [](Kernel& k, const Args& a) {
    k.deleteInstance(a.integer(0));
    return true;
  });
  define(t, "IPS_InstanceExists", {integer("InstanceID")}, "bool",
         [](Kernel& k, const Args& a) { return k.instanceExists(a.integer(0)); });
  define(t, "IPS_GetInstance", {integer("InstanceID")}, "array",
         [](Kernel& k, const Args& a) { return instanceValue(a.integer(0), k.getInstance(a.integer(0))); });
  define(t, "IPS_GetInstanceList", {}, "array", [](Kernel& k, const Args&) { return arrayOf(k.getInstanceList()); });
  define(t, "IPS_GetInstanceListByModuleID", {string("ModuleID")}, "array",
         [](Kernel& k, const Args& a) { return arrayOf(k.getInstanceListByModuleID(a.string(0))); });
  define(t, "IPS_GetInstanceListByModuleType", {integer("ModuleType")}, "array",
         [](Kernel& k, const Args& a) { return arrayOf(k.getInstanceListByModuleType(a.integer(0))); });
  define(t, "IPS_ConnectInstance", {integer("InstanceID"), integer("ParentID")}, "bool", [](Kernel& k, const Args& a) {
    k.connectInstance(a.integer(0), a.integer(1));
    return true;
  });
  define(t, "IPS_DisconnectInstance", {integer("InstanceID")}, "bool", [](Kernel& k, const Args& a) {
    k.disconnectInstance(a.integer(0));
    return true;
  });
}

void addConfiguration(FunctionTable& t) {
  define(t, "IPS_SetProperty", {integer("InstanceID"), string("PropertyName"), variant("PropertyValue")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setProperty(a.integer(0), a.string(1), a.value(2));
           return true;
         });
  define(t, "IPS_GetProperty", {integer("InstanceID"), string("PropertyName")}, "mixed",
         [](Kernel& k, const Args& a) { return fromKernelValue(k.getProperty(a.integer(0), a.string(1))); });
  define(t, "IPS_SetConfiguration", {integer("InstanceID"), string("Configuration")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setConfiguration(a.integer(0), a.string(1));
           return true;
         });
  define(t, "IPS_GetConfiguration", {integer("InstanceID")}, "string",
         [](Kernel& k, const Args& a) { return k.getConfiguration(a.integer(0)); });
  define(t, "IPS_HasChanges", {integer("InstanceID")}, "bool",
         [](Kernel& k, const Args& a) { return k.hasChanges(a.integer(0)); });
  define(t, "IPS_ResetChanges", {integer("InstanceID")}, "bool", [](Kernel& k, const Args& a) {
    k.resetChanges(a.integer(0));
    return true;
  });
  define(t, "IPS_ApplyChanges", {integer("InstanceID")}, "bool", [](Kernel& k, const Args& a) {
    k.applyChanges(a.integer(0));
    return true;
  });
  define(t, "IPS_GetConfigurationForm", {integer("InstanceID")}, "string",
         [](Kernel& k, const Args& a) { return k.getConfigurationForm(a.integer(0)); });
  define(t, "IPS_GetConfigurationForParent", {integer("InstanceID")}, "string",
         [](Kernel& k, const Args& a) { return k.getConfigurationForParent(a.integer(0)); });
  define(t, "IPS_RequestAction", {integer("InstanceID"), string("VariableIdent"), variant("Value")}, "bool",
         [](Kernel& k, const Args& a) {
           k.requestActionInstance(a.integer(0), a.string(1), a.value(2));
           return true;
         });
}

}  // namespace

void addInstanceFunctions(FunctionTable& table) {
  addLifecycle(table);
  addConfiguration(table);
}

}  // namespace symemu::api

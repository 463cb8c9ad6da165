// Kernel state, log and debug, and the function list itself (docs/symcon-kernel.md §4.2, §4.5).
#include <set>

#include "symemu/api/kernel_functions.h"

namespace symemu::api {

namespace {
using namespace param;

// Module functions an instance offers, as PREFIX_Name.
std::vector<std::string> instanceFunctions(Kernel& k, int id) {
  const auto& rec = k.getInstance(id);
  std::vector<std::string> out;
  for (const auto& [name, fn] : rec.functions) out.push_back(rec.info->prefix + "_" + name);
  return out;
}
}  // namespace

void addKernelStateFunctions(FunctionTable& t) {
  define(t, "IPS_GetKernelRunlevel", {}, "int", [](Kernel& k, const Args&) { return k.runlevel(); });
  define(t, "IPS_GetKernelVersion", {}, "string", [](Kernel& k, const Args&) { return k.options().kernelVersion; });
  define(t, "IPS_GetKernelDate", {}, "int",
         [](Kernel& k, const Args&) { return static_cast<std::int64_t>(k.options().kernelDate); });

  define(t, "IPS_LogMessage", {string("Sender"), string("Message")}, "bool", [](Kernel& k, const Args& a) {
    k.logMessage(0, msg::KL_CUSTOM, a.string(0) + ": " + a.string(1));
    return true;
  });
  define(t, "IPS_SendDebug", {integer("SenderID"), string("Message"), string("Data"), integer("Format")}, "bool",
         [](Kernel& k, const Args& a) {
           k.getObject(a.integer(0));
           k.sendDebug(a.integer(0), a.string(1), a.string(2), a.integer(3));
           return true;
         });
  // symemu captures debug output of every instance all the time; these choose whose output the
  // message stream carries (KL_DEBUG frames), as Symcon's debug window does.
  define(t, "IPS_EnableDebug", {integer("ID"), integer("Duration")}, "bool", [](Kernel& k, const Args& a) {
    k.getObject(a.integer(0));
    k.enableDebug(a.integer(0), a.integer(1));
    return true;
  });
  define(t, "IPS_DisableDebug", {integer("ID")}, "bool", [](Kernel& k, const Args& a) {
    k.getObject(a.integer(0));
    k.disableDebug(a.integer(0));
    return true;
  });

  // IPS_GetFunctionList(0): every kernel function and every module function of every instance;
  // IPS_GetFunctionList(InstanceID): that instance's module functions.
  define(t, "IPS_GetFunctionList", {integer("InstanceID")}, "array", [](Kernel& k, const Args& a) {
    std::vector<std::string> out;
    if (a.integer(0) == 0) {
      for (const auto& spec : FunctionTable::kernel().functions()) out.push_back(spec.name);
      std::set<std::string> modules;
      for (int id : k.getInstanceList())
        for (auto& name : instanceFunctions(k, id)) modules.insert(name);
      out.insert(out.end(), modules.begin(), modules.end());
    } else {
      out = instanceFunctions(k, a.integer(0));
    }
    return arrayOf(out);
  });
  // A kernel function's parameter list: {FunctionName, Parameters: [{Name, Type}], Result}.
  define(t, "IPS_GetFunction", {string("FunctionName")}, "array", [](Kernel&, const Args& a) -> CallResult {
    const FunctionSpec* spec = FunctionTable::kernel().find(a.string(0));
    if (!spec) throw KernelError("Function " + a.string(0) + " does not exist");
    JsonArray params;
    for (const auto& p : spec->params) params.push_back(JsonObject{{"Name", p.name}, {"Type", paramTypeName(p.type)}});
    return JsonObject{{"FunctionName", spec->name}, {"Parameters", std::move(params)}, {"Result", spec->result}};
  });
  define(t, "IPS_FunctionExists", {string("FunctionName")}, "bool", [](Kernel& k, const Args& a) {
    const std::string& name = a.string(0);
    if (FunctionTable::kernel().find(name)) return true;
    for (int id : k.getInstanceList())
      for (auto& f : instanceFunctions(k, id))
        if (f == name) return true;
    return false;
  });
}

}  // namespace symemu::api

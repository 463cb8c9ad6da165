// The module loader's view: modules and libraries (docs/symcon-kernel.md §2.4, §2.5, §4.2).
#include "symemu/api/kernel_functions.h"

namespace symemu::api {

namespace {
using namespace param;

const LibraryInfo& library(Kernel& k, const std::string& libraryId) {
  for (const LibraryInfo* l : k.modules().libraries())
    if (upperGuid(l->id) == upperGuid(libraryId)) return *l;
  throw KernelError("Library #" + libraryId + " does not exist");
}

JsonValue moduleIds(const std::vector<const ModuleInfo*>& modules) {
  JsonArray out;
  for (const ModuleInfo* m : modules) out.emplace_back(m->id);
  return out;
}

template <class Keep>
std::vector<const ModuleInfo*> modulesWhere(Kernel& k, Keep keep) {
  std::vector<const ModuleInfo*> out;
  for (const ModuleInfo* m : k.modules().modules())
    if (keep(*m)) out.push_back(m);
  return out;
}
}  // namespace

void addModuleFunctions(FunctionTable& t) {
  define(t, "IPS_ModuleExists", {string("ModuleID")}, "bool",
         [](Kernel& k, const Args& a) { return k.modules().find(a.string(0)) != nullptr; });
  define(t, "IPS_GetModule", {string("ModuleID")}, "array",
         [](Kernel& k, const Args& a) { return moduleValue(k.getModule(a.string(0))); });
  define(t, "IPS_GetModuleList", {}, "array", [](Kernel& k, const Args&) { return moduleIds(k.modules().modules()); });
  define(t, "IPS_GetModuleListByType", {integer("ModuleType")}, "array", [](Kernel& k, const Args& a) {
    int type = a.integer(0);
    return moduleIds(modulesWhere(k, [type](const ModuleInfo& m) { return m.type == type; }));
  });
  define(t, "IPS_LibraryExists", {string("LibraryID")}, "bool", [](Kernel& k, const Args& a) {
    for (const LibraryInfo* l : k.modules().libraries())
      if (upperGuid(l->id) == upperGuid(a.string(0))) return true;
    return false;
  });
  define(t, "IPS_GetLibrary", {string("LibraryID")}, "array",
         [](Kernel& k, const Args& a) { return libraryValue(library(k, a.string(0))); });
  define(t, "IPS_GetLibraryList", {}, "array", [](Kernel& k, const Args&) {
    JsonArray out;
    for (const LibraryInfo* l : k.modules().libraries()) out.emplace_back(l->id);
    return JsonValue(std::move(out));
  });
  define(t, "IPS_GetLibraryModules", {string("LibraryID")}, "array", [](Kernel& k, const Args& a) {
    std::string id = upperGuid(library(k, a.string(0)).id);
    return moduleIds(modulesWhere(k, [&id](const ModuleInfo& m) { return upperGuid(m.libraryId) == id; }));
  });
  define(t, "IPS_IsModuleCompatible", {string("ModuleID"), string("ParentModuleID")}, "bool",
         [](Kernel& k, const Args& a) {
           k.getModule(a.string(0));
           k.getModule(a.string(1));
           return k.isModuleCompatible(a.string(0), a.string(1));
         });
  define(t, "IPS_IsInstanceCompatible", {integer("InstanceID"), integer("ParentInstanceID")}, "bool",
         [](Kernel& k, const Args& a) { return k.isInstanceCompatible(a.integer(0), a.integer(1)); });
  // The modules an instance of ModuleID could be connected to as its parent.
  define(t, "IPS_GetCompatibleModules", {string("ModuleID")}, "array", [](Kernel& k, const Args& a) {
    std::string child = k.getModule(a.string(0)).id;
    return moduleIds(modulesWhere(k, [&](const ModuleInfo& m) { return k.isModuleCompatible(child, m.id); }));
  });
  // The instances InstanceID could be connected to as its parent.
  define(t, "IPS_GetCompatibleInstances", {integer("InstanceID")}, "array", [](Kernel& k, const Args& a) {
    int child = a.integer(0);
    k.getInstance(child);
    std::vector<int> out;
    for (int id : k.getInstanceList())
      if (id != child && k.isInstanceCompatible(child, id)) out.push_back(id);
    return arrayOf(out);
  });
}

}  // namespace symemu::api

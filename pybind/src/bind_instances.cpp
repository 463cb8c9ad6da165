// Modules and instances (docs/symcon-kernel.md §2, §4.2): create, connect, configure, apply, call.
#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/kernel/module.h"
#include "py_values.h"

namespace symemu::python {

namespace {
// Accepts a module GUID or, for convenience, a module name; unknown names go to the kernel as
// they are, so the error is the kernel's own ("Module #<x> does not exist").
std::string moduleIdOf(Kernel& k, const std::string& moduleIdOrName) {
  if (isGuid(moduleIdOrName)) return moduleIdOrName;
  if (const ModuleInfo* m = k.modules().findByName(moduleIdOrName)) return m->id;
  return moduleIdOrName;
}

std::string configurationText(py::handle configuration) {
  if (PyUnicode_Check(configuration.ptr())) return configuration.cast<std::string>();
  if (PyDict_Check(configuration.ptr())) return dumpJson(configuration);
  throw py::type_error("configuration must be a dict or a JSON string");
}

void bindModuleCalls(PyKernelClass& cls) {
  cls.def(
      "get_module_list",
      [](PyKernel& k) {
        return k.run([](Kernel& kr) {
          std::vector<std::string> ids;
          for (const ModuleInfo* m : kr.modules().modules()) ids.push_back(m->id);
          return ids;
        });
      },
      "GUIDs of every loaded module.");
  cls.def(
      "get_module",
      [](PyKernel& k, const std::string& moduleId) {
        return moduleDict(k.run([&](Kernel& kr) { return kr.getModule(moduleIdOf(kr, moduleId)); }));
      },
      py::arg("module_id"),
      "IPS_GetModule (GUID or name): ModuleID, ModuleName, ModuleType, Vendor, Prefix, LibraryID, Aliases, "
      "ParentRequirements, ChildRequirements, Implemented.");
}

void bindInstanceTree(PyKernelClass& cls) {
  cls.def(
      "create_instance",
      [](PyKernel& k, const std::string& moduleId, std::optional<std::string> name, int parentId,
         std::optional<std::string> ident) {
        return k.run([&](Kernel& kr) {
          int id = kr.createInstance(moduleIdOf(kr, moduleId));
          placeNewObject(kr, id, parentId, name, ident, [&kr](int i) { kr.deleteInstance(i); });
          return id;
        });
      },
      py::arg("module_id"), py::arg("name") = py::none(), py::arg("parent_id") = 0, py::arg("ident") = py::none(),
      "IPS_CreateInstance (module GUID or name): runs Create and ApplyChanges; then optionally parent, name and ident. "
      "Returns the new ID.");
  cls.def(
      "delete_instance", [](PyKernel& k, int id) { k.run([id](Kernel& kr) { kr.deleteInstance(id); }); },
      py::arg("id"));
  cls.def(
      "instance_exists", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.instanceExists(id); }); },
      py::arg("id"));
  cls.def(
      "get_instance",
      [](PyKernel& k, int id) {
        // The record holds the module object and callbacks; copy only what the dict shows.
        auto rec = k.run([id](Kernel& kr) {
          const auto& i = kr.getInstance(id);
          InstanceRecord copy;
          copy.info = i.info;
          copy.connectionId = i.connectionId;
          copy.status = i.status;
          copy.changed = i.changed;
          return copy;
        });
        return instanceDict(id, rec);
      },
      py::arg("id"),
      "IPS_GetInstance: dict with InstanceID, ConnectionID, InstanceStatus, InstanceChanged, "
      "ModuleInfo {ModuleID, ModuleName, ModuleType}.");
  cls.def(
      "get_instance_status",
      [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.getInstance(id).status; }); }, py::arg("id"),
      "InstanceStatus (102 active, 104 inactive, >= 200 error codes set by the module).");
  cls.def("get_instance_list", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.getInstanceList(); }); });
  cls.def(
      "get_instance_list_by_module_id",
      [](PyKernel& k, const std::string& moduleId) {
        return k.run([&](Kernel& kr) { return kr.getInstanceListByModuleID(moduleIdOf(kr, moduleId)); });
      },
      py::arg("module_id"));
  cls.def(
      "get_instance_list_by_module_type",
      [](PyKernel& k, int type) { return k.run([type](Kernel& kr) { return kr.getInstanceListByModuleType(type); }); },
      py::arg("type"));
  cls.def(
      "get_child_instances",
      [](PyKernel& k, int parentId) {
        return k.run([parentId](Kernel& kr) { return kr.getChildInstances(parentId); });
      },
      py::arg("parent_id"), "Instances whose ConnectionID is parent_id (the data-flow children).");
  cls.def(
      "connect_instance",
      [](PyKernel& k, int childId, int parentId) { k.run([=](Kernel& kr) { kr.connectInstance(childId, parentId); }); },
      py::arg("child_id"), py::arg("parent_id"), "IPS_ConnectInstance: sets the data-flow parent (ConnectionID).");
  cls.def(
      "change_parent",
      [](PyKernel& k, int childId, int parentId, bool deleteOrphanedParent) {
        return k.run([=](Kernel& kr) { return kr.changeParent(childId, parentId, deleteOrphanedParent); });
      },
      py::arg("child_id"), py::arg("parent_id"), py::arg("delete_orphaned_parent") = false,
      "IPS_ConnectInstance as the console's gateway switch does it: returns the former parent when no other "
      "instance uses it any more (0 otherwise) and deletes it when delete_orphaned_parent is true (the console's "
      "offer to delete an unused parent); kept, it is named in a notice.");
  cls.def(
      "disconnect_instance",
      [](PyKernel& k, int childId) { k.run([=](Kernel& kr) { kr.disconnectInstance(childId); }); },
      py::arg("child_id"));
  cls.def(
      "is_instance_compatible",
      [](PyKernel& k, int childId, int parentId) {
        return k.run([=](Kernel& kr) { return kr.isInstanceCompatible(childId, parentId); });
      },
      py::arg("child_id"), py::arg("parent_id"));
}

void bindConfiguration(PyKernelClass& cls) {
  cls.def(
      "get_property",
      [](PyKernel& k, int id, const std::string& name) {
        return fromValue(k.run([&](Kernel& kr) { return kr.getProperty(id, name); }));
      },
      py::arg("id"), py::arg("name"), "IPS_GetProperty: the pending value (what apply_changes will apply).");
  cls.def(
      "set_property",
      [](PyKernel& k, int id, const std::string& name, py::handle value) {
        Value v = toValue(value);
        k.run([&](Kernel& kr) { kr.setProperty(id, name, v); });
      },
      py::arg("id"), py::arg("name"), py::arg("value"), "IPS_SetProperty: takes effect on apply_changes.");
  cls.def(
      "get_configuration",
      [](PyKernel& k, int id) { return parseJson(k.run([id](Kernel& kr) { return kr.getConfiguration(id); })); },
      py::arg("id"), "IPS_GetConfiguration as a dict of property name -> value.");
  cls.def(
      "set_configuration",
      [](PyKernel& k, int id, py::handle configuration) {
        std::string json = configurationText(configuration);
        k.run([&](Kernel& kr) { kr.setConfiguration(id, json); });
      },
      py::arg("id"), py::arg("configuration"),
      "IPS_SetConfiguration from a dict or a JSON string; an unknown key or wrong type changes nothing.");
  cls.def(
      "has_changes", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.hasChanges(id); }); },
      py::arg("id"));
  cls.def(
      "reset_changes", [](PyKernel& k, int id) { k.run([id](Kernel& kr) { kr.resetChanges(id); }); }, py::arg("id"));
  cls.def(
      "apply_changes", [](PyKernel& k, int id) { k.run([id](Kernel& kr) { kr.applyChanges(id); }); }, py::arg("id"),
      "IPS_ApplyChanges: applies pending properties and runs the module's ApplyChanges.");
  cls.def(
      "get_configuration_form",
      [](PyKernel& k, int id) { return parseJson(k.run([id](Kernel& kr) { return kr.getConfigurationForm(id); })); },
      py::arg("id"), "The module's configuration form (form.json or its GetConfigurationForm) as a dict.");
  cls.def(
      "get_configuration_for_parent",
      [](PyKernel& k, int id) {
        return parseJson(k.run([id](Kernel& kr) { return kr.getConfigurationForParent(id); }));
      },
      py::arg("id"));
  cls.def(
      "get_buffer",
      [](PyKernel& k, int id, const std::string& name) {
        return py::bytes(k.run([&](Kernel& kr) { return kr.getBuffer(id, name); }));
      },
      py::arg("id"), py::arg("name"), "A module buffer's bytes (b'' when unset).");
  cls.def(
      "get_buffer_list", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.getBufferList(id); }); },
      py::arg("id"));
  cls.def(
      "get_timer_interval",
      [](PyKernel& k, int id, const std::string& ident) {
        return k.run([&](Kernel& kr) { return kr.getTimerInterval(id, ident); });
      },
      py::arg("id"), py::arg("ident"), "A module timer's interval in milliseconds (0 = stopped).");
}

void bindActions(PyKernelClass& cls) {
  cls.def(
      "request_instance_action",
      [](PyKernel& k, int id, const std::string& ident, py::handle value) {
        Value v = toValue(value);
        k.run([&](Kernel& kr) { kr.requestActionInstance(id, ident, v); });
      },
      py::arg("id"), py::arg("ident"), py::arg("value"),
      "IPS_RequestAction: calls the module's RequestAction(ident, value).");
  cls.def(
      "call",
      [](PyKernel& k, const std::string& function, int instanceId, py::args args) {
        auto values = toValues(args);
        return fromValue(k.run([&](Kernel& kr) { return kr.callFunction(function, instanceId, values); }));
      },
      py::arg("function"), py::arg("instance_id"),
      "Calls an exported module function PREFIX_Name(instance_id, *args), e.g. call('SM_CreateAll', configurator_id).");
}
}  // namespace

void bindInstances(PyKernelClass& cls) {
  bindModuleCalls(cls);
  bindInstanceTree(cls);
  bindConfiguration(cls);
  bindActions(cls);
}

}  // namespace symemu::python

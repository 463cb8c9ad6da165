// Variables and values (docs/symcon-kernel.md §4.3) and variable profiles (§4.4).
#include <pybind11/stl.h>

#include "bindings.h"
#include "py_values.h"

namespace symemu::python {

namespace {
void bindVariableCalls(PyKernelClass& cls) {
  cls.def(
      "create_variable",
      [](PyKernel& k, py::handle type, std::optional<std::string> name, int parentId, std::optional<std::string> ident,
         std::optional<std::string> profile) {
        VariableType t = toVariableType(type);
        return k.run([&](Kernel& kr) {
          int id = kr.createVariable(t);
          auto remove = [&kr](int i) { kr.deleteVariable(i); };
          placeNewObject(kr, id, parentId, name, ident, remove);
          if (profile) {
            try {
              kr.setVariableCustomProfile(id, *profile);
            } catch (...) {
              remove(id);
              throw;
            }
          }
          return id;
        });
      },
      py::arg("type"), py::arg("name") = py::none(), py::arg("parent_id") = 0, py::arg("ident") = py::none(),
      py::arg("profile") = py::none(),
      "IPS_CreateVariable(type) (0 Boolean, 1 Integer, 2 Float, 3 String, or the type's name), then optionally "
      "parent, name, ident and custom profile in one step. Returns the new ID.");
  cls.def(
      "delete_variable", [](PyKernel& k, int id) { k.run([id](Kernel& kr) { kr.deleteVariable(id); }); },
      py::arg("id"));
  cls.def(
      "variable_exists", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.variableExists(id); }); },
      py::arg("id"));
  cls.def(
      "get_variable",
      [](PyKernel& k, int id) { return variableDict(id, k.run([id](Kernel& kr) { return kr.getVariable(id); })); },
      py::arg("id"),
      "IPS_GetVariable: dict with VariableID, VariableType, VariableProfile, VariableCustomProfile, VariableAction, "
      "VariableCustomAction, VariableUpdated, VariableChanged, VariableIsLocked.");
  cls.def(
      "get_value", [](PyKernel& k, int id) { return fromValue(k.run([id](Kernel& kr) { return kr.getValue(id); })); },
      py::arg("id"), "GetValue: bool, int, float or str by the variable's type.");
  cls.def(
      "get_value_formatted",
      [](PyKernel& k, int id) { return text(k.run([id](Kernel& kr) { return kr.getValueFormatted(id); })); },
      py::arg("id"), "GetValueFormatted: the value through its profile (custom profile first).");
  cls.def(
      "set_value",
      [](PyKernel& k, int id, py::handle value) {
        Value v = toValue(value);
        k.run([&](Kernel& kr) { kr.setValue(id, v); });
      },
      py::arg("id"), py::arg("value"),
      "SetValue: converted to the variable's type; always updates VariableUpdated, VariableChanged only when the value "
      "differs.");
  cls.def(
      "set_variable_custom_profile",
      [](PyKernel& k, int id, const std::string& profile) {
        k.run([&](Kernel& kr) { kr.setVariableCustomProfile(id, profile); });
      },
      py::arg("id"), py::arg("profile"), "IPS_SetVariableCustomProfile ('' clears it).");
  cls.def(
      "set_variable_custom_action",
      [](PyKernel& k, int id, int actionId) { k.run([=](Kernel& kr) { kr.setVariableCustomAction(id, actionId); }); },
      py::arg("id"), py::arg("action_id"));
  cls.def(
      "request_action",
      [](PyKernel& k, int variableId, py::handle value) {
        Value v = toValue(value);
        k.run([&](Kernel& kr) { kr.requestAction(variableId, v); });
      },
      py::arg("variable_id"), py::arg("value"),
      "RequestAction: hands the value to the instance that handles the variable.");
}

void bindProfileCalls(PyKernelClass& cls) {
  cls.def(
      "create_variable_profile",
      [](PyKernel& k, const std::string& name, py::handle type) {
        VariableType t = toVariableType(type);
        k.run([&](Kernel& kr) { kr.createVariableProfile(name, t); });
      },
      py::arg("name"), py::arg("type"));
  cls.def(
      "delete_variable_profile",
      [](PyKernel& k, const std::string& name) { k.run([&](Kernel& kr) { kr.deleteVariableProfile(name); }); },
      py::arg("name"));
  cls.def(
      "variable_profile_exists",
      [](PyKernel& k, const std::string& name) {
        return k.run([&](Kernel& kr) { return kr.variableProfileExists(name); });
      },
      py::arg("name"));
  cls.def(
      "get_variable_profile",
      [](PyKernel& k, const std::string& name) {
        return profileDict(k.run([&](Kernel& kr) { return kr.getVariableProfile(name); }));
      },
      py::arg("name"),
      "IPS_GetVariableProfile: dict with ProfileName, ProfileType, Icon, Prefix, Suffix, MinValue, MaxValue, StepSize, "
      "Digits, IsReadOnly, Associations [{Value, Name, Icon, Color}].");
  cls.def(
      "get_variable_profile_list",
      [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.getVariableProfileList(); }); },
      "Names of every profile, system profiles (~...) included.");
  cls.def(
      "set_variable_profile_text",
      [](PyKernel& k, const std::string& name, const std::string& prefix, const std::string& suffix) {
        k.run([&](Kernel& kr) { kr.setVariableProfileText(name, prefix, suffix); });
      },
      py::arg("name"), py::arg("prefix"), py::arg("suffix"));
  cls.def(
      "set_variable_profile_values",
      [](PyKernel& k, const std::string& name, double min, double max, double step) {
        k.run([&](Kernel& kr) { kr.setVariableProfileValues(name, min, max, step); });
      },
      py::arg("name"), py::arg("min"), py::arg("max"), py::arg("step"));
  cls.def(
      "set_variable_profile_digits",
      [](PyKernel& k, const std::string& name, int digits) {
        k.run([&](Kernel& kr) { kr.setVariableProfileDigits(name, digits); });
      },
      py::arg("name"), py::arg("digits"));
  cls.def(
      "set_variable_profile_icon",
      [](PyKernel& k, const std::string& name, const std::string& icon) {
        k.run([&](Kernel& kr) { kr.setVariableProfileIcon(name, icon); });
      },
      py::arg("name"), py::arg("icon"));
  cls.def(
      "set_variable_profile_association",
      [](PyKernel& k, const std::string& name, double value, const std::string& text, const std::string& icon,
         int color) { k.run([&](Kernel& kr) { kr.setVariableProfileAssociation(name, value, text, icon, color); }); },
      py::arg("name"), py::arg("value"), py::arg("text"), py::arg("icon") = "", py::arg("color") = -1,
      "Adds or updates the association for value; text and icon both empty delete it.");
}
}  // namespace

void bindVariables(PyKernelClass& cls) {
  bindVariableCalls(cls);
  bindProfileCalls(cls);
}

}  // namespace symemu::python

// Smart Metering conveniences (modules/SmartMetering/README.md): the configurator's list rows and
// create-all, plus module attributes (where gateways keep their meter list).
#include <pybind11/stl.h>

#include "bindings.h"
#include "py_values.h"

namespace symemu::python {

void bindSmartMetering(PyKernelClass& cls) {
  cls.def(
      "configurator_rows",
      [](PyKernel& k, int configuratorId) {
        auto json = k.run(
            [configuratorId](Kernel& kr) { return valueToString(kr.callFunction("SM_GetRows", configuratorId, {})); });
        return parseJson(json);
      },
      py::arg("configurator_id"),
      R"doc(The SmartMeterConfigurator's list rows (SM_GetRows), one dict per seen meter.

Each row has the form columns (MeterId, Interface, Manufacturer, Type, Instance, InstanceID,
New) and `create` ({moduleID, configuration, location, name}); InstanceID is 0 until the
meter's instance exists. Raises KernelError when the ID is not a configurator.)doc");
  cls.def(
      "create_all",
      [](PyKernel& k, int configuratorId) {
        return fromValue(
            k.run([configuratorId](Kernel& kr) { return kr.callFunction("SM_CreateAll", configuratorId, {}); }));
      },
      py::arg("configurator_id"),
      "SM_CreateAll: creates an instance for every row that has none; returns how many were created.");
  cls.def(
      "get_attribute",
      [](PyKernel& k, int id, const std::string& name) -> py::object {
        auto value = k.run([&](Kernel& kr) { return kr.getAttribute(id, name); });
        if (!value) return py::none();
        return fromValue(*value);
      },
      py::arg("id"), py::arg("name"),
      "A module attribute (RegisterAttribute*) of an instance, or None when it has no such attribute; "
      "e.g. get_attribute(smartlog_id, 'Meters') is the gateway's meter list as JSON text.");
}

}  // namespace symemu::python

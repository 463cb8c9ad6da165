// Module attributes (RegisterAttribute*), e.g. where a gateway keeps its meter list. Library
// conveniences such as configurator_rows() are plain Python (symemu/smartmetering.py).
#include <pybind11/stl.h>

#include "bindings.h"
#include "py_values.h"

namespace symemu::python {

void bindAttributes(PyKernelClass& cls) {
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

// set_php_limits: the PHP host's per-call limits (docs/php-modules.md), process-wide like PHP.
#include <optional>

#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/php/php_host.h"

namespace symemu::python {

void bindPhp(py::module_& m) {
  m.def(
      "set_php_limits",
      [](std::optional<double> timeLimit, std::optional<std::string> memoryLimit) {
        py::gil_scoped_release nogil;
        auto& host = php::PhpHost::get();
        std::lock_guard<std::recursive_mutex> lock(host.lock());
        if (timeLimit) {
          if (*timeLimit < 0) throw KernelError("time_limit must not be negative (0 disables the limit)");
          host.setTimeLimit(*timeLimit);
        }
        if (memoryLimit) host.setMemoryLimit(*memoryLimit);
      },
      py::arg("time_limit") = py::none(), py::arg("memory_limit") = py::none(),
      R"doc(set_php_limits(time_limit=None, memory_limit=None)

Limits of every PHP module call in this process (PHP runs once per process): time_limit in
seconds (default 30 as in Symcon; 0 = none), memory_limit as PHP writes it ("128M"). A call that
exceeds one fails with a kernel error naming module, instance, file and line; nothing else stops.)doc");
}

}  // namespace symemu::python

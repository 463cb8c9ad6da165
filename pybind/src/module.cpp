// The `symemu._symemu` extension; the `symemu` package re-exports it (see python/symemu).
#include <pybind11/pybind11.h>

#include "bindings.h"

namespace py = pybind11;
using namespace symemu::python;

PYBIND11_MODULE(_symemu, m) {
  m.doc() = "Native part of symemu: the emulated IP-Symcon kernel (import it as `symemu`).";
  auto error = py::register_exception<symemu::KernelError>(m, "KernelError", PyExc_RuntimeError);
  error.attr("__module__") = "symemu";
  error.attr("__doc__") =
      "An error reported by the kernel; str(e) is the kernel's message (Symcon's wording where known).";

  PyKernelClass cls(m, "Kernel", R"doc(An emulated IP-Symcon kernel.

Kernel(db=":memory:", seed=None, clock="manual", libraries=None, *, default_libraries=True,
       clock_start=None, network=False)

With clock="manual" every call runs on the calling thread and is committed to the database
before it returns; advance(seconds) moves time. With clock="real" a kernel thread owns the
kernel and every call is routed through it. Kernel errors raise symemu.KernelError. Use it as
a context manager, or call close().

Traffic enters as over the sockets: mqtt_publish() through the MQTT Server's broker,
http_request() through WebHook Control, replay() for a recorded fixture. symemu.serve() gives
a real-clock kernel with real listeners.)doc");
  cls.attr("__module__") = "symemu";
  bindLifecycle(cls);
  bindObjects(cls);
  bindVariables(cls);
  bindInstances(cls);
  bindMessages(cls);
  bindTraffic(m, cls);
  bindAttributes(cls);
  bindReplay(cls);
  bindServe(m);
  bindPhp(m);
}

// Calls that need the network modules (MQTT Server, WebHook Control, Smart Metering
// configurator, fixtures). Their signatures are fixed now so tests can be written against them;
// each raises NotImplementedError until its module lands.
#include "bindings.h"

namespace symemu::python {

namespace {
[[noreturn]] void notYet(const std::string& call, const std::string& needs) {
  PyErr_SetString(PyExc_NotImplementedError,
                  (call + " is available once the " + needs + " lands in symemu").c_str());
  throw py::error_already_set();
}
}  // namespace

void bindExtensionPoints(PyKernelClass& cls) {
  cls.def(
      "mqtt_publish",
      [](PyKernel&, const std::string&, py::object, int, bool, const std::string&) -> py::object {
        notYet("Kernel.mqtt_publish()", "MQTT Server module");
      },
      py::arg("topic"), py::arg("payload"), py::arg("qos") = 0, py::arg("retain") = false,
      py::arg("client_id") = "symemu-py",
      "Extension point (available once the MQTT Server module lands): publishes to the emulated broker as client_id.");
  cls.def(
      "http_request",
      [](PyKernel&, const std::string&, const std::string&, py::object, py::object, py::object) -> py::object {
        notYet("Kernel.http_request()", "WebHook Control module");
      },
      py::arg("method"), py::arg("path"), py::arg("body") = py::bytes(""), py::arg("headers") = py::none(),
      py::arg("auth") = py::none(),
      "Extension point (available once the WebHook Control module lands): sends a request to a hook in process.");
  cls.def(
      "configurator_rows",
      [](PyKernel&, int) -> py::object { notYet("Kernel.configurator_rows()", "Smart Metering configurator"); },
      py::arg("id"),
      "Extension point (available once the Smart Metering configurator lands): the configurator list's rows.");
  cls.def(
      "replay",
      [](PyKernel&, py::object) -> py::object { notYet("Kernel.replay()", "MQTT Server and WebHook Control modules"); },
      py::arg("fixture_path"),
      "Extension point (available once the MQTT Server / WebHook Control modules land): runs a recorded fixture.");
}

}  // namespace symemu::python

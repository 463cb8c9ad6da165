// Traffic injection: MQTT publishes and HTTP requests that enter the MQTT Server and WebHook
// Control through the same code paths as their sockets (emulator/harness/traffic.h, which replay
// uses too). Both return once the kernel committed what they caused.
#include <Poco/String.h>
#include <tuple>
#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/harness/default_chains.h"
#include "symemu/kernel/json_value.h"
#include "py_values.h"
#include "symemu/harness/traffic.h"

namespace symemu::python {

namespace {

// Payloads and bodies: bytes as they are, str as UTF-8, dict/list as compact JSON.
std::string payloadBytes(py::handle payload, const char* what) {
  PyObject* p = payload.ptr();
  if (PyByteArray_Check(p)) return std::string(PyByteArray_AsString(p), static_cast<std::size_t>(PyByteArray_Size(p)));
  if (PyBytes_Check(p) || PyUnicode_Check(p)) return bytesOf(payload);
  if (PyDict_Check(p) || PyList_Check(p)) return dumpJson(payload);
  throw py::type_error(std::string(what) + " must be bytes, str, dict or list, not " +
                       py::str(py::type::handle_of(payload).attr("__name__")).cast<std::string>());
}

bool isJsonBody(py::handle body) { return PyDict_Check(body.ptr()) || PyList_Check(body.ptr()); }

}  // namespace

PyHttpResponse::PyHttpResponse(const HookResponse& r) : status(r.status), headers(r.headers), body(r.body) {}

std::optional<std::string> PyHttpResponse::header(const std::string& name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : headers)
    if (Poco::icompare(key, name) == 0) found = value;  // the last one wins, as in headers
  return found;
}

void bindTraffic(py::module_& m, PyKernelClass& cls) {
  py::class_<PyHttpResponse>(m, "HttpResponse", "The answer to Kernel.http_request(): status, headers, body.")
      .def_readonly("status", &PyHttpResponse::status, "HTTP status code (200, 401, 404, ...).")
      .def_property_readonly(
          "headers",
          [](const PyHttpResponse& r) {
            py::dict d;
            for (const auto& [name, value] : r.headers) d[py::str(name)] = text(value);
            return d;
          },
          "Response headers as a dict (a repeated header keeps its last value; see header() for any case).")
      .def("header", &PyHttpResponse::header, py::arg("name"),
           "The value of a response header, looked up case-insensitively, or None.")
      .def_property_readonly(
          "body", [](const PyHttpResponse& r) { return py::bytes(r.body); }, "The response body as bytes.")
      .def_property_readonly(
          "text", [](const PyHttpResponse& r) { return py::bytes(r.body).attr("decode")("utf-8", "replace"); },
          "The body decoded as UTF-8 (undecodable bytes replaced).")
      .def(
          "json", [](const PyHttpResponse& r) { return parseJson(r.body); },
          "The body parsed as JSON (raises ValueError when it is not JSON).")
      .def("__repr__", [](const PyHttpResponse& r) {
        return "<HttpResponse " + std::to_string(r.status) + ", " + std::to_string(r.body.size()) + " bytes>";
      });
  m.attr("HttpResponse").attr("__module__") = "symemu";

  cls.def(
      "ensure_default_chains",
      [](PyKernel& k, bool autoCreate) {
        auto c = k.run([&k, autoCreate](Kernel& kr) {
          auto chains = harness::ensureDefaultChains(kr);
          if (autoCreate) k.libraries().setUpSession(kr, chains, true);
          return chains;
        });
        py::dict d;
        d["mqtt_server"] = c.mqttServer;
        d["server_socket"] = c.serverSocket;
        d["webhook_control"] = c.webhook;
        return d;
      },
      R"doc(Creates what is missing of Symcon's default instances, as `symemu serve` does on a new
database: Server Socket -> MQTT Server (the socket named "MQTT Server Socket", Open) and WebHook
Control. auto_create=True also puts a SmartLogDiscovery under the MQTT Server (`serve
--auto-create`) when it has none. Returns the IDs: {"mqtt_server", "server_socket",
"webhook_control"}. Without network=True nothing listens. mqtt_publish() and http_request()
call it on first use; calling it first, with the same seed, gives the IDs symemu.serve() gives.)doc",
      py::arg("auto_create") = false);

  cls.def(
      "mqtt_publish",
      [](PyKernel& k, const std::string& topic, py::handle payload, int qos, bool retain, const std::string& clientId) {
        std::string bytes = payloadBytes(payload, "payload");
        k.run([&](Kernel& kr) {
          harness::publishMqtt(kr, harness::ensureDefaultChains(kr), clientId, topic, bytes, qos, retain);
        });
      },
      py::arg("topic"), py::arg("payload"), py::arg("qos") = 0, py::arg("retain") = false,
      py::arg("client_id") = "symemu-py",
      R"doc(Publishes to the emulated MQTT Server as the client `client_id` would over a socket.

The in-process client session connects on first use (with the server's UserName/Password),
then sends the PUBLISH into the real broker: subscribers, retained messages and the MQTT
Server's children (e.g. SmartLog) see it exactly as from the network. Returns once the kernel
committed what the children did (the point where a socket client gets its PUBACK).
payload: bytes, str (UTF-8) or a dict/list (sent as JSON). qos: 0, 1 or 2.
Creates the default chains (ensure_default_chains) when the kernel has no MQTT Server.
Raises KernelError when the broker refuses the session or the publish.)doc");

  cls.def(
      "http_request",
      [](PyKernel& k, const std::string& method, const std::string& target, py::handle body, py::object headers,
         py::object auth) {
        std::string bytes = body.is_none() ? std::string() : payloadBytes(body, "body");
        harness::HeaderList list;
        bool hasContentType = false;
        if (!headers.is_none()) {
          if (!py::hasattr(headers, "items")) throw py::type_error("headers must be a mapping of name to value");
          for (auto item : headers.attr("items")()) {
            auto pair = item.cast<py::tuple>();
            if (!PyUnicode_Check(pair[0].ptr())) throw py::type_error("header names must be str");
            std::string name = pair[0].cast<std::string>();
            hasContentType |= Poco::icompare(name, "Content-Type") == 0;
            list.emplace_back(name, bytesOf(pair[1]));
          }
        }
        if (isJsonBody(body) && !hasContentType) list.emplace_back("Content-Type", "application/json");
        std::optional<std::string> user;
        std::string password;
        if (!auth.is_none()) {
          try {
            std::tie(user, password) = auth.cast<std::pair<std::string, std::string>>();
          } catch (const py::cast_error&) {
            throw py::type_error("auth must be a (user, password) pair of str");
          }
        }
        HookRequest r = harness::buildHookRequest(method, target, std::move(bytes), std::move(list), user, password);
        HookResponse response =
            k.run([&](Kernel& kr) { return harness::sendHttp(kr, harness::ensureDefaultChains(kr), r); });
        return PyHttpResponse(response);
      },
      py::arg("method"), py::arg("path"), py::arg("body") = py::bytes(""), py::arg("headers") = py::none(),
      py::arg("auth") = py::none(),
      R"doc(Sends an HTTP request to WebHook Control in process and returns an HttpResponse.

The request takes the path a socket request takes after the HTTP server parsed it: hook lookup
by longest prefix, then the target instance's ProcessHookData. path may carry a query
("/hook/x?a=1"); body is bytes, str or a dict/list (sent as JSON with Content-Type
application/json unless headers name one); auth=(user, password) sends Basic credentials.
Returns once the kernel committed (a 200 means the data is on disk). A failing hook answers
500 with the error text, as over the network. Creates the default chains
(ensure_default_chains) when the kernel has no WebHook Control.)doc");
}

}  // namespace symemu::python

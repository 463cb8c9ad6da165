// symemu._serve(): the kernel behind symemu.serve() — a real clock, real listeners on the given
// (usually ephemeral) ports, set up as `symemu serve` sets up a database (serve_setup.h) before
// its kernel thread starts.
//
// It runs in two steps on a database file. First a kernel without network creates the default
// chains (if missing) and writes the listener settings; then the serving kernel opens that
// database, so every listener opens once, on the wanted address. (Created with the network on,
// WebHook Control would first start on its defaults, 0.0.0.0:3777/3778, and write a
// certificate into the working directory for an in-memory database.)
#include <pybind11/stl.h>

#include "bindings.h"
#include "mqtt_server_module.h"
#include "server_socket_module.h"
#include "serve_setup.h"
#include "webhook_control_module.h"

namespace symemu::python {

using cli::firstInstance;
using cli::moduleOf;

namespace {

struct ServeRequest {
  std::string bind;
  std::optional<int> mqttPort, httpPort, httpsPort;  // none: that listener stays closed
  bool autoCreate = false;
  std::optional<std::string> mqttUser, mqttPassword;
};

struct ServeResult {
  int mqttPort = 0, httpPort = 0, httpsPort = 0;  // 0 when not listening
  std::string certificate;
  cli::DefaultChains chains;
};

// Step one (network off): the default chains with the listener settings, applied.
void configureListeners(Kernel& k, const ServeRequest& r) {
  int mqtt = firstInstance(k, core::kMqttServerModuleId);
  if (!mqtt) {
    // Same objects, names and order as cli::ensureDefaultChains, so a seed gives the same IDs.
    mqtt = k.createInstance(core::kMqttServerModuleId);
    k.setName(k.getInstance(mqtt).connectionId, "MQTT Server Socket");
  }
  int socket = k.getInstance(mqtt).connectionId;
  if (socket) {
    k.setProperty(socket, "Open", r.mqttPort.has_value());
    k.setProperty(socket, "Port", std::int64_t{r.mqttPort.value_or(0)});
    k.setProperty(socket, "BindAddress", r.bind);
    k.applyChanges(socket);
  }
  int webhook = firstInstance(k, core::kWebHookControlModuleId);
  if (!webhook) webhook = k.createInstance(core::kWebHookControlModuleId);
  k.setProperty(webhook, "HTTPPort", std::int64_t{r.httpPort.value_or(-1)});
  k.setProperty(webhook, "HTTPSPort", std::int64_t{r.httpsPort.value_or(-1)});
  k.setProperty(webhook, "BindAddress", r.bind);
  k.applyChanges(webhook);
}

// Step two (network on, before the kernel thread starts): what `symemu serve` does.
ServeResult setUp(Kernel& k, const ServeRequest& r) {
  cli::ServeSettings s;  // ports stay -1: configureListeners stored them
  s.bind = r.bind;
  s.autoCreate = r.autoCreate;
  s.mqttUser = r.mqttUser;
  s.mqttPassword = r.mqttPassword;
  KernelThread notStarted(k);  // setUpServe runs before the thread starts and does not use it
  cli::setUpServe(k, notStarted, s);

  ServeResult out;
  out.chains = cli::ensureDefaultChains(k);
  if (out.chains.serverSocket && r.mqttPort)
    out.mqttPort = moduleOf<core::ServerSocketModule>(k, out.chains.serverSocket).listeningPort();
  auto& wc = moduleOf<core::WebHookControlModule>(k, out.chains.webhook);
  out.httpPort = std::max(0, wc.httpPort());
  out.httpsPort = std::max(0, wc.httpsPort());
  out.certificate = wc.certificateFile();
  return out;
}

py::object portOrNone(py::object port, const char* name) {
  if (port.is_none()) return port;
  if (!PyLong_Check(port.ptr()) || PyBool_Check(port.ptr()))
    throw py::type_error(std::string(name) + " must be an int (0 = a free port) or None (closed)");
  int p = port.cast<int>();
  if (p < 0 || p > 65535) throw py::value_error(std::string(name) + " must be 0..65535 or None");
  return port;
}

}  // namespace

void bindServe(py::module_& m) {
  m.def(
      "_serve",
      [](py::object db, py::object seed, py::object libraries, py::object mqttPort, py::object httpPort,
         py::object httpsPort, const std::string& bind, bool autoCreate, std::optional<std::string> mqttUser,
         std::optional<std::string> mqttPassword) {
        ServeRequest r;
        r.bind = bind;
        if (!portOrNone(mqttPort, "mqtt_port").is_none()) r.mqttPort = mqttPort.cast<int>();
        if (!portOrNone(httpPort, "http_port").is_none()) r.httpPort = httpPort.cast<int>();
        if (!portOrNone(httpsPort, "https_port").is_none()) r.httpsPort = httpsPort.cast<int>();
        r.autoCreate = autoCreate;
        r.mqttUser = mqttUser;
        r.mqttPassword = mqttPassword;
        if (py::module_::import("os").attr("fspath")(db).cast<std::string>() == ":memory:")
          throw py::value_error("serve needs a database file (symemu.serve() makes a temporary one)");
        makePyKernel(db, seed, "real", libraries, true, std::nullopt, false, [r](Kernel& k) {
          configureListeners(k, r);
        })->close();
        auto result = std::make_shared<ServeResult>();
        auto kernel = makePyKernel(db, seed, "real", libraries, true, std::nullopt, true,
                                   [r, result](Kernel& k) { *result = setUp(k, r); });
        py::dict info;
        info["mqtt_port"] = result->mqttPort;
        info["http_port"] = result->httpPort;
        info["https_port"] = result->httpsPort;
        info["certificate"] = result->certificate;
        info["mqtt_server"] = result->chains.mqttServer;
        info["server_socket"] = result->chains.serverSocket;
        info["webhook_control"] = result->chains.webhook;
        return py::make_tuple(py::cast(std::move(kernel)), info);
      },
      py::arg("db"), py::arg("seed"), py::arg("libraries"), py::arg("mqtt_port"), py::arg("http_port"),
      py::arg("https_port"), py::arg("bind"), py::arg("auto_create"), py::arg("mqtt_user"), py::arg("mqtt_password"),
      "Internal: the kernel behind symemu.serve() and its listener ports.");
}

}  // namespace symemu::python

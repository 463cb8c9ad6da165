// symemu._serve(): the kernel behind symemu.serve() — a real clock, real listeners on the given
// (usually ephemeral) ports, set up by the same ServeSession as `symemu serve`
// (emulator/harness/serve_session.h), which owns the kernel thread.
//
// It runs in two steps on a database file. First a kernel without network creates the default
// chains (if missing) and writes the listener settings; then the serving kernel opens that
// database, so every listener opens once, on the wanted address. (Created with the network on,
// WebHook Control would first start on its defaults, 0.0.0.0:3777/3778, and write a
// certificate into the working directory for an in-memory database.)
#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/harness/default_chains.h"
#include "symemu/harness/serve_session.h"

namespace symemu::python {

namespace {

struct ServeRequest {
  std::string bind;
  std::optional<int> mqttPort, httpPort, httpsPort;  // none: that listener stays closed
  bool autoCreate = false;
  std::optional<std::string> mqttUser, mqttPassword;
  std::optional<harness::UpstreamSettings> upstream;  // upstream=URL (`serve --upstream`)
  bool noMqttServer = false;
};

// Step one (network off): the default chains with the listener settings, applied.
void configureListeners(Kernel& k, const ServeRequest& r) {
  auto chains = harness::ensureDefaultChains(k);
  if (chains.serverSocket) {
    k.setProperty(chains.serverSocket, "Open", r.mqttPort.has_value() && !r.noMqttServer);
    k.setProperty(chains.serverSocket, "Port", std::int64_t{r.mqttPort.value_or(0)});
    k.setProperty(chains.serverSocket, "BindAddress", r.bind);
    k.applyChanges(chains.serverSocket);
  }
  k.setProperty(chains.webhook, "HTTPPort", std::int64_t{r.httpPort.value_or(-1)});
  k.setProperty(chains.webhook, "HTTPSPort", std::int64_t{r.httpsPort.value_or(-1)});
  k.setProperty(chains.webhook, "BindAddress", r.bind);
  k.applyChanges(chains.webhook);
}

// Step two: what `symemu serve` does; the ports stay -1 because step one stored them.
harness::ServeSettings serveSettings(const ServeRequest& r) {
  harness::ServeSettings s;
  s.bind = r.bind;
  s.autoCreate = r.autoCreate;
  s.mqttUser = r.mqttUser;
  s.mqttPassword = r.mqttPassword;
  s.upstream = r.upstream;
  s.noMqttServer = r.noMqttServer;
  return s;
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
         std::optional<std::string> mqttPassword, std::optional<std::string> upstream, bool noMqttServer,
         std::optional<std::string> shard) {
        ServeRequest r;
        // The same URL and --shard parsing as the CLI; std::invalid_argument becomes ValueError.
        if (upstream) {
          r.upstream = harness::parseUpstreamUrl(*upstream);
          if (shard) harness::parseShard(*shard, *r.upstream);
        } else if (shard) {
          throw py::value_error("shard needs upstream (the loggers of a broker are sharded)");
        }
        r.noMqttServer = noMqttServer;
        if (noMqttServer) mqttPort = py::none();
        r.bind = bind;
        if (!portOrNone(mqttPort, "mqtt_port").is_none()) r.mqttPort = mqttPort.cast<int>();
        if (!portOrNone(httpPort, "http_port").is_none()) r.httpPort = httpPort.cast<int>();
        if (!portOrNone(httpsPort, "https_port").is_none()) r.httpsPort = httpsPort.cast<int>();
        r.autoCreate = autoCreate;
        r.mqttUser = mqttUser;
        r.mqttPassword = mqttPassword;
        if (py::module_::import("os").attr("fspath")(db).cast<std::string>() == ":memory:")
          throw py::value_error("serve needs a database file (symemu.serve() makes a temporary one)");
        PyKernelOptions configure = pyKernelOptions(db, seed, "real", libraries, true, std::nullopt, false);
        configure.setup = [r](Kernel& k) { configureListeners(k, r); };
        std::make_unique<PyKernel>(configure)->close();
        PyKernelOptions serving = pyKernelOptions(db, seed, "real", libraries, true, std::nullopt, true);
        serving.serve = serveSettings(r);
        auto kernel = std::make_unique<PyKernel>(serving);
        const auto& listeners = kernel->session()->listeners();
        const auto& chains = kernel->session()->chains();
        py::dict info;
        info["mqtt_port"] = r.mqttPort ? listeners.mqttPort : 0;
        info["upstream"] = listeners.upstream;
        info["mqtt_client"] = kernel->session()->upstream().mqttClient;
        info["client_socket"] = kernel->session()->upstream().clientSocket;
        info["http_port"] = listeners.httpPort;
        info["https_port"] = listeners.httpsPort;
        info["certificate"] = listeners.certificate;
        info["mqtt_server"] = chains.mqttServer;
        info["server_socket"] = chains.serverSocket;
        info["webhook_control"] = chains.webhook;
        return py::make_tuple(py::cast(std::move(kernel)), info);
      },
      py::arg("db"), py::arg("seed"), py::arg("libraries"), py::arg("mqtt_port"), py::arg("http_port"),
      py::arg("https_port"), py::arg("bind"), py::arg("auto_create"), py::arg("mqtt_user"), py::arg("mqtt_password"),
      py::arg("upstream") = py::none(), py::arg("no_mqtt_server") = false, py::arg("shard") = py::none(),
      "Internal: the kernel behind symemu.serve() and its listener ports.");
}

}  // namespace symemu::python

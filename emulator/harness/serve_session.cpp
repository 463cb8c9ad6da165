#include "symemu/harness/serve_session.h"

#include "symemu/api/api_service.h"
#include "symemu/harness/fixture_recorder.h"
#include "symemu/core/mqtt_client/mqtt_client_module.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/server_socket/server_socket_module.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::harness {

namespace {

std::string hostPort(const std::string& host, int port) { return host + ":" + std::to_string(port); }

std::string lastLogLine(Kernel& k) { return k.logEntries().empty() ? "" : k.logEntries().back().message; }

}  // namespace

std::string ServeListeners::readyText() const {
  std::string s;
  if (!mqtt.empty()) s += " mqtt=" + mqtt;
  if (!http.empty()) s += " http=" + http;
  if (!https.empty()) s += " https=" + https;
  if (!upstream.empty()) s += " upstream=" + upstream;
  return s;
}

ServeSession::ServeSession(Kernel& k, KernelThread& thread, const LibraryCatalog& libraries, const ServeSettings& s)
    : kernel_(k), thread_(thread) {
  // First, so a file that cannot be written fails the session before anything listens.
  if (!s.recordFile.empty()) recorder_ = std::make_unique<FixtureRecorder>(s.recordFile, k);
  // Listeners open only at the end, with the ports and bind address from the settings.
  k.setNetworkEnabled(false);
  // A new database gets Symcon's default chain: Server Socket (1883) -> MQTT Server, and the
  // WebHook Control core instance.
  chains_ = ensureDefaultChains(k);
  int mqtt = chains_.mqttServer, socket = chains_.serverSocket, webhook = chains_.webhook;
  if (s.mqttUser) k.setProperty(mqtt, "UserName", *s.mqttUser);
  if (s.mqttPassword) k.setProperty(mqtt, "Password", *s.mqttPassword);
  k.applyChanges(mqtt);

  if (socket && s.noMqttServer) k.setProperty(socket, "Open", false);
  if (socket) {
    if (s.mqttPort >= 0) k.setProperty(socket, "Port", std::int64_t{s.mqttPort});
    k.setProperty(socket, "BindAddress", s.bind);
    k.applyChanges(socket);
  }
  if (s.httpPort != -1) k.setProperty(webhook, "HTTPPort", std::int64_t{s.httpPort});
  if (s.httpsPort != -1) k.setProperty(webhook, "HTTPSPort", std::int64_t{s.httpsPort});
  if (!s.certFile.empty()) {
    k.setProperty(webhook, "CertFile", s.certFile);
    k.setProperty(webhook, "KeyFile", s.keyFile);
  }
  k.setProperty(webhook, "BindAddress", s.bind);
  k.applyChanges(webhook);

  // `serve` and `replay` run the same steps in the same order, so a seed gives the same IDs.
  // The upstream chain exists before the libraries' session set-up, so test libraries can attach to it.
  if (s.upstream) upstream_ = ensureUpstreamChain(k, *s.upstream);
  libraries.setUpSession(k, chains_, s.autoCreate);
  if (s.upstream && s.autoCreate) {
    // --auto-create also puts the discovery under the MQTT Client, the splitter the broker's
    // messages arrive at.
    DefaultChains viaUpstream = chains_;
    viaUpstream.mqttServer = upstream_.mqttClient;
    for (const auto& p : libraries.plugins())
      if (p.autoCreate) p.autoCreate(k, viaUpstream);
  }
  api::ApiOptions apiOptions;
  apiOptions.access = s.api;
  api::installApi(k, webhook, apiOptions);  // JSON-RPC and the message stream at /api/
  k.setNetworkEnabled(true);
  for (int id : k.getInstanceList()) {
    int type = k.getInstance(id).info->type;
    if ((type == moduletype::IO || type == moduletype::Core) && k.getInstance(id).status != status::NotCreated)
      k.applyChanges(id);
  }
  if (recorder_) {
    FixtureRecorder* rec = recorder_.get();
    moduleOf<core::MqttServerModule>(k, mqtt).setPublishObserver(
        [rec](const mqtt::Message& m, const std::string& clientId) {
          rec->mqtt(clientId, m.topic, m.payload, m.qos, m.retain);
        });
    moduleOf<core::WebHookControlModule>(k, webhook).setRequestObserver([rec](const HookRequest& r) { rec->http(r); });
    if (upstream_.mqttClient)
      moduleOf<core::MqttClientModule>(k, upstream_.mqttClient)
          .setPublishObserver([rec](const std::string& topic, const std::string& payload, int qos, bool retain) {
            rec->mqtt("upstream", topic, payload, qos, retain);
          });
  }
  k.commit();

  if (s.upstream) listeners_.upstream = hostPort(s.upstream->host, s.upstream->port);

  if (socket) {
    const auto& sock = k.getInstance(socket);
    if (sock.status != status::Active && k.readProperty(socket, "Open", VariableType::Boolean) == Value(true))
      throw KernelError("the MQTT Server Socket is not listening (status " + std::to_string(sock.status) +
                        "): " + lastLogLine(k));
    listeners_.mqttPort = moduleOf<core::ServerSocketModule>(k, socket).listeningPort();
    if (listeners_.mqttPort) listeners_.mqtt = hostPort(s.bind, listeners_.mqttPort);
  }
  // A Server Socket that is set up but closed would leave its clients without an answer and no
  // word why: each one is named.
  for (int id : k.getInstanceListByModuleID(core::kServerSocketModuleId)) {
    if (k.getInstance(id).status == status::NotCreated) continue;
    if (id == socket && s.noMqttServer) continue;  // closed on purpose
    if (k.readProperty(id, "Open", VariableType::Boolean) == Value(true)) continue;
    std::string users;
    for (int child : k.getChildInstances(id))
      users += (users.empty() ? " used by " : ", ") + k.getObject(child).name + " #" + std::to_string(child);
    listeners_.notices.push_back("Server Socket #" + std::to_string(id) + " (" + k.getObject(id).name + ", port " +
                                 valueToString(k.readProperty(id, "Port", VariableType::Integer)) + users +
                                 ") is configured but closed (Open is false): nothing listens there; set Open to true");
  }
  auto& wc = moduleOf<core::WebHookControlModule>(k, webhook);
  if (k.getInstance(webhook).status != status::Active)
    throw KernelError("WebHook Control is not serving (status " + std::to_string(k.getInstance(webhook).status) +
                      "): " + lastLogLine(k));
  listeners_.httpPort = std::max(0, wc.httpPort());
  listeners_.httpsPort = std::max(0, wc.httpsPort());
  if (listeners_.httpPort > 0) listeners_.http = hostPort(s.bind, listeners_.httpPort);
  if (listeners_.httpsPort > 0) listeners_.https = hostPort(s.bind, listeners_.httpsPort);
  listeners_.certificate = wc.certificateFile();
}

ServeSession::~ServeSession() {
  try {
    stop();
    if (recorder_ && !kernel_.isClosed()) {  // the observers point at the recorder
      moduleOf<core::MqttServerModule>(kernel_, chains_.mqttServer).setPublishObserver({});
      moduleOf<core::WebHookControlModule>(kernel_, chains_.webhook).setRequestObserver({});
      if (upstream_.mqttClient) moduleOf<core::MqttClientModule>(kernel_, upstream_.mqttClient).setPublishObserver({});
    }
  } catch (...) {
    // a destructor cannot report; call stop() to see errors
  }
}

void ServeSession::start() {
  if (started_) return;
  thread_.start();
  started_ = true;
}

void ServeSession::stop() {
  if (recorder_) recorder_->flush();
  if (started_) thread_.stop();
  started_ = false;
}

}  // namespace symemu::harness

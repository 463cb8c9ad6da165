#include "serve_setup.h"

#include "api/api_service.h"
#include "fixture_recorder.h"
#include "mqtt_server_module.h"
#include "server_socket_module.h"
#include "webhook_control_module.h"

namespace symemu::cli {

namespace {

const char* const kDiscoveryModuleName = "SmartLogDiscovery";
std::unique_ptr<FixtureRecorder> g_recorder;

std::vector<std::function<void(Kernel&)>>& setupHooks() {
  static std::vector<std::function<void(Kernel&)>> hooks;
  return hooks;
}

std::string hostPort(const std::string& host, int port) { return host + ":" + std::to_string(port); }

}  // namespace

int firstInstance(Kernel& k, const std::string& moduleId) {
  auto list = k.getInstanceListByModuleID(moduleId);
  return list.empty() ? 0 : list.front();
}

void addServeSetupHook(std::function<void(Kernel&)> hook) { setupHooks().push_back(std::move(hook)); }

std::string ServeListeners::readyText() const {
  std::string s;
  if (!mqtt.empty()) s += " mqtt=" + mqtt;
  if (!http.empty()) s += " http=" + http;
  if (!https.empty()) s += " https=" + https;
  return s;
}

DefaultChains ensureDefaultChains(Kernel& k) {
  DefaultChains c;
  c.mqttServer = firstInstance(k, core::kMqttServerModuleId);
  if (!c.mqttServer) {
    c.mqttServer = k.createInstance(core::kMqttServerModuleId);
    int socket = k.getInstance(c.mqttServer).connectionId;
    k.setName(socket, "MQTT Server Socket");
    k.setProperty(socket, "Open", true);
    k.applyChanges(socket);
  }
  c.serverSocket = k.getInstance(c.mqttServer).connectionId;
  c.webhook = firstInstance(k, core::kWebHookControlModuleId);
  if (!c.webhook) c.webhook = k.createInstance(core::kWebHookControlModuleId);
  return c;
}

void finishDefaultChains(Kernel& k, const DefaultChains& c, bool autoCreate) {
  if (autoCreate) {
    const ModuleInfo* discovery = k.modules().findByName(kDiscoveryModuleName);
    if (!discovery) throw KernelError("--auto-create needs the SmartLogDiscovery module, which is not loaded");
    bool present = false;
    for (int child : k.getChildInstances(c.mqttServer)) present |= k.getInstance(child).info == discovery;
    if (!present) {
      int d = k.createInstance(discovery->id);
      k.connectInstance(d, c.mqttServer);
      k.applyChanges(d);
    }
  }
  for (auto& hook : setupHooks()) hook(k);
}

ServeListeners setUpServe(Kernel& k, KernelThread& thread, const ServeSettings& s) {
  (void)thread;  // runs before the kernel thread starts: the kernel is still ours alone
  // Listeners open only at the end, with the ports and bind address from the command line.
  k.setNetworkEnabled(false);
  // A new database gets Symcon's default chain: Server Socket (1883) -> MQTT Server, and the
  // WebHook Control core instance.
  auto chains = ensureDefaultChains(k);
  int mqtt = chains.mqttServer, socket = chains.serverSocket, webhook = chains.webhook;
  if (s.mqttUser) k.setProperty(mqtt, "UserName", *s.mqttUser);
  if (s.mqttPassword) k.setProperty(mqtt, "Password", *s.mqttPassword);
  k.applyChanges(mqtt);

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

  finishDefaultChains(k, chains, s.autoCreate);
  api::ApiOptions apiOptions;
  apiOptions.access = s.api;
  api::installApi(k, webhook, apiOptions);  // JSON-RPC and the message stream at /api/
  k.setNetworkEnabled(true);
  for (int id : k.getInstanceList()) {
    int type = k.getInstance(id).info->type;
    if ((type == moduletype::IO || type == moduletype::Core) && k.getInstance(id).status != status::NotCreated)
      k.applyChanges(id);
  }
  if (!s.recordFile.empty()) {
    g_recorder = std::make_unique<FixtureRecorder>(s.recordFile, k);
    FixtureRecorder* rec = g_recorder.get();
    moduleOf<core::MqttServerModule>(k, mqtt).setPublishObserver(
        [rec](const mqtt::Message& m, const std::string& clientId) {
          rec->mqtt(clientId, m.topic, m.payload, m.qos, m.retain);
        });
    moduleOf<core::WebHookControlModule>(k, webhook).setRequestObserver([rec](const HookRequest& r) { rec->http(r); });
  }
  k.commit();

  ServeListeners out;
  if (socket) {
    const auto& sock = k.getInstance(socket);
    if (sock.status != status::Active && k.readProperty(socket, "Open", VariableType::Boolean) == Value(true))
      throw KernelError("the MQTT Server Socket is not listening (status " + std::to_string(sock.status) +
                        "): " + (k.logEntries().empty() ? "" : k.logEntries().back().message));
    int port = moduleOf<core::ServerSocketModule>(k, socket).listeningPort();
    if (port) out.mqtt = hostPort(s.bind, port);
  }
  auto& wc = moduleOf<core::WebHookControlModule>(k, webhook);
  if (k.getInstance(webhook).status != status::Active)
    throw KernelError("WebHook Control is not serving (status " + std::to_string(k.getInstance(webhook).status) +
                      "): " + (k.logEntries().empty() ? "" : k.logEntries().back().message));
  if (wc.httpPort() > 0) out.http = hostPort(s.bind, wc.httpPort());
  if (wc.httpsPort() > 0) out.https = hostPort(s.bind, wc.httpsPort());
  return out;
}

void tearDownServe(Kernel& k, KernelThread& thread) {
  (void)k;
  (void)thread;
  if (g_recorder) g_recorder->flush();
}

}  // namespace symemu::cli

#include "symemu/harness/traffic.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/harness/text_codec.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::harness {

void splitHookTarget(const std::string& target, std::string& path, std::string& query) {
  auto q = target.find('?');
  query = q == std::string::npos ? "" : target.substr(q + 1);
  path.clear();
  try {
    Poco::URI::decode(target.substr(0, q), path);
  } catch (const Poco::Exception&) {
    path = target.substr(0, q);
  }
}

HookRequest buildHookRequest(const std::string& method, const std::string& target, std::string body, HeaderList headers,
                             const std::optional<std::string>& user, const std::string& password) {
  HookRequest r;
  r.method = method;
  r.uri = target;
  splitHookTarget(target, r.path, r.query);
  r.headers = std::move(headers);
  r.headers.emplace_back("Host", "127.0.0.1");
  r.headers.emplace_back("Content-Length", std::to_string(body.size()));
  if (user) {
    r.authUser = user;
    r.authPassword = password;
    r.headers.emplace_back("Authorization", "Basic " + base64(*user + ":" + password));
  }
  r.body = std::move(body);
  r.clientAddress = "127.0.0.1";
  r.clientPort = 0;
  return r;
}

HookResponse sendHttp(Kernel& k, const DefaultChains& chains, const HookRequest& request) {
  return moduleOf<core::WebHookControlModule>(k, chains.webhook).answer(request);
}

void publishMqtt(Kernel& k, const DefaultChains& chains, const std::string& clientId, const std::string& topic,
                 const std::string& payload, int qos, bool retain) {
  moduleOf<core::MqttServerModule>(k, chains.mqttServer).injectPublish(clientId, topic, payload, qos, retain);
}

}  // namespace symemu::harness

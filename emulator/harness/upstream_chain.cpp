#include "symemu/harness/upstream_chain.h"

#include <Poco/URI.h>

#include <stdexcept>

#include "symemu/core/client_socket/client_socket_module.h"
#include "symemu/kernel/json_value.h"
#include "symemu/core/mqtt_client/mqtt_client_module.h"
#include "symemu/harness/default_chains.h"

namespace symemu::harness {

namespace {
int toInt(const std::string& name, const std::string& text) {
  try {
    std::size_t used = 0;
    int v = std::stoi(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("--upstream: " + name + " is not a number: '" + text + "'");
}
}  // namespace

UpstreamSettings parseUpstreamUrl(const std::string& url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const std::exception& e) {
    throw std::invalid_argument("--upstream: not a URL: '" + url + "'");
  }
  UpstreamSettings s;
  if (uri.getScheme() == "mqtts")
    s.tls = true;
  else if (uri.getScheme() != "mqtt")
    throw std::invalid_argument("--upstream: the scheme must be mqtt:// or mqtts://, not '" + uri.getScheme() + "'");
  s.host = uri.getHost();
  if (s.host.empty()) throw std::invalid_argument("--upstream: no host in '" + url + "'");
  s.port = uri.getPort() ? uri.getPort() : (s.tls ? 8883 : 1883);
  std::string info = uri.getUserInfo();
  if (!info.empty()) {
    auto colon = info.find(':');
    Poco::URI::decode(info.substr(0, colon), s.user);
    if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), s.password);
  }
  for (const auto& [key, value] : uri.getQueryParameters()) {
    if (key == "client_id")
      s.clientId = value;
    else if (key == "topic")
      s.topic = value;
    else if (key == "qos")
      s.qos = toInt(key, value);
    else if (key == "version")
      s.protocolVersion = toInt(key, value);
    else if (key == "clean")
      s.cleanSession = toInt(key, value) != 0;
    else if (key == "ca")
      s.caFile = value;
    else if (key == "verify")
      s.verifyPeer = toInt(key, value) != 0;
    else if (key == "keepalive")
      s.keepAlive = toInt(key, value);
    else if (key == "readonly")
      s.readOnly = toInt(key, value) != 0;
    else if (key == "session_expiry")
      s.sessionExpiry = toInt(key, value);
    else if (key == "will_topic")
      s.willTopic = value;
    else if (key == "will_payload")
      s.willPayload = value;
    else if (key == "will_qos")
      s.willQos = toInt(key, value);
    else if (key == "will_retain")
      s.willRetain = toInt(key, value) != 0;
    else
      throw std::invalid_argument("--upstream: unknown parameter '" + key +
                                  "' (client_id, topic, qos, version, clean, ca, verify, keepalive, session_expiry, "
                                  "readonly, will_topic, will_payload, will_qos, will_retain)");
  }
  if (s.willQos < 0 || s.willQos > 2) throw std::invalid_argument("--upstream: will_qos must be 0, 1 or 2");
  if (s.willTopic.empty() && (!s.willPayload.empty() || s.willQos || s.willRetain))
    throw std::invalid_argument("--upstream: will_payload, will_qos and will_retain need will_topic");
  if (!s.willTopic.empty() && s.willTopic.find_first_of("+#") != std::string::npos)
    throw std::invalid_argument("--upstream: will_topic must not contain + or #: '" + s.willTopic + "'");
  // The broker publishes the will when the connection is lost: that writes to the broker.
  if (!s.willTopic.empty() && s.readOnly)
    throw std::invalid_argument("--upstream: a will publishes on the broker; will_topic needs readonly=0");
  if (s.qos < 0 || s.qos > 2) throw std::invalid_argument("--upstream: qos must be 0, 1 or 2");
  if (s.protocolVersion != 4 && s.protocolVersion != 5)
    throw std::invalid_argument("--upstream: version must be 4 (3.1.1) or 5");
  if (s.keepAlive < 0 || s.keepAlive > 65535) throw std::invalid_argument("--upstream: keepalive must be 0..65535");
  if (s.sessionExpiry < -1) throw std::invalid_argument("--upstream: session_expiry must not be negative");
  // MQTT 5.0 ends a session at disconnect unless it has an expiry: clean=0 alone would not persist.
  if (s.sessionExpiry == -1) s.sessionExpiry = s.cleanSession ? 0 : 86400;
  return s;
}

void parseShard(const std::string& text, UpstreamSettings& s) {
  auto slash = text.find('/');
  if (slash == std::string::npos) throw std::invalid_argument("--shard wants I/N (e.g. 0/3), not '" + text + "'");
  int index = toInt("--shard index", text.substr(0, slash));
  int count = toInt("--shard count", text.substr(slash + 1));
  if (count < 1 || index < 0 || index >= count)
    throw std::invalid_argument("--shard " + text + ": the index must be 0.." + std::to_string(count - 1));
  s.shardIndex = index;
  s.shardCount = count;
}

UpstreamChain ensureUpstreamChain(Kernel& k, const UpstreamSettings& s) {
  UpstreamChain c;
  c.mqttClient = firstInstance(k, core::kMqttClientModuleId);
  if (!c.mqttClient) {
    c.mqttClient = k.createInstance(core::kMqttClientModuleId);
    k.setName(k.getInstance(c.mqttClient).connectionId, "MQTT Client Socket");
  }
  c.clientSocket = k.getInstance(c.mqttClient).connectionId;
  k.setProperty(c.clientSocket, "Host", s.host);
  k.setProperty(c.clientSocket, "Port", std::int64_t{s.port});
  k.setProperty(c.clientSocket, "UseSSL", s.tls);
  k.setProperty(c.clientSocket, "CAFile", s.caFile);
  k.setProperty(c.clientSocket, "VerifyPeer", s.verifyPeer);
  k.setProperty(c.clientSocket, "Open", true);
  k.setProperty(c.mqttClient, "ClientID", s.clientId);
  k.setProperty(c.mqttClient, "UserName", s.user);
  k.setProperty(c.mqttClient, "Password", s.password);
  k.setProperty(c.mqttClient, "ProtocolVersion", std::int64_t{s.protocolVersion});
  k.setProperty(c.mqttClient, "CleanSession", s.cleanSession);
  k.setProperty(c.mqttClient, "KeepAlive", std::int64_t{s.keepAlive});
  k.setProperty(c.mqttClient, "SessionExpiry", std::int64_t{s.sessionExpiry});
  k.setProperty(c.mqttClient, "Subscriptions",
                s.topic.empty() ? std::string("[]")
                                : "[{\"Topic\":" + jsonQuote(s.topic) + ",\"QoS\":" + std::to_string(s.qos) + "}]");
  k.setProperty(c.mqttClient, "ReadOnly", s.readOnly);
  k.setProperty(c.mqttClient, "WillTopic", s.willTopic);
  k.setProperty(c.mqttClient, "WillPayload", s.willPayload);
  k.setProperty(c.mqttClient, "WillQoS", std::int64_t{s.willQos});
  k.setProperty(c.mqttClient, "WillRetain", s.willRetain);
  k.setProperty(c.mqttClient, "ShardIndex", std::int64_t{s.shardIndex});
  k.setProperty(c.mqttClient, "ShardCount", std::int64_t{s.shardCount});
  k.applyChanges(c.clientSocket);
  k.applyChanges(c.mqttClient);
  return c;
}

}  // namespace symemu::harness

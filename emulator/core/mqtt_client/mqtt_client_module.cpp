#include "symemu/core/mqtt_client/mqtt_client_module.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cctype>
#include <cstdlib>

#include "symemu/core/mqtt/broker/message.h"
#include "symemu/core/client_socket/client_socket_module.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"

namespace symemu::core {

namespace {
// MQTT 3.1.1 CONNACK return codes (§3.2.2.3); 5.0 uses the reason code names.
std::string refusalText(mqtt::ReasonCode code, mqtt::ProtocolVersion version) {
  int c = static_cast<int>(code);
  if (version != mqtt::ProtocolVersion::V5) {
    switch (c) {
      case 1:
        return "unacceptable protocol version (1)";
      case 2:
        return "identifier rejected (2)";
      case 3:
        return "server unavailable (3)";
      case 4:
        return "bad user name or password (4)";
      case 5:
        return "not authorized (5)";
      default:
        return "return code " + std::to_string(c);
    }
  }
  return std::string(mqtt::reasonCodeName(code)) + " (0x" + [c] {
    char b[8];
    snprintf(b, sizeof b, "%02X", c);
    return std::string(b);
  }() + ")";
}
}  // namespace

void MqttClientModule::create() {
  registerPropertyString("ClientID", "");  // empty: "symemu-<instance id>"
  registerPropertyString("UserName", "");
  registerPropertyString("Password", "");
  registerPropertyInteger("KeepAlive", 60);       // seconds; 0 turns keep-alive off
  registerPropertyInteger("ProtocolVersion", 4);  // 4 = MQTT 3.1.1, 5 = MQTT 5.0
  registerPropertyBoolean("CleanSession", true);
  registerPropertyInteger("SessionExpiry", 0);    // MQTT 5.0: seconds the broker keeps the session
  registerPropertyString("Subscriptions", "[]");  // [{"Topic":"SmartLog/#","QoS":1}]; empty: "#" QoS 2
  registerPropertyString("WillTopic", "");
  registerPropertyString("WillPayload", "");
  registerPropertyInteger("WillQoS", 0);
  registerPropertyBoolean("WillRetain", false);
  registerPropertyBoolean("ReadOnly", false);           // symemu: drop children's publishes (recording)
  registerPropertyInteger("MaxPacketSize", 268435455);  // larger packets from the broker: protocol error
  registerPropertyInteger("ShardIndex", 0);             // symemu: this process's share of the loggers
  registerPropertyInteger("ShardCount", 1);
  registerTimer("KeepAlive", 0, [this] { keepAliveTick(); });
  registerTimer("ConnackTimeout", 0, [this] { connackTimedOut(); });
  for (const auto& [key, value] : kernel().moduleState(instanceId())) {
    // A marker written before digests were kept holds "1": its digest matches nothing.
    if (key.rfind("qos2/", 0) == 0)
      qos2Applied_[static_cast<std::uint16_t>(std::stoi(key.substr(5)))] = std::strtoull(value.c_str(), nullptr, 10);
    if (key.rfind("qos2r/", 0) == 0)
      qos2Released_[static_cast<std::uint16_t>(std::stoi(key.substr(6)))] = std::strtoull(value.c_str(), nullptr, 10);
    if (key.rfind("out/", 0) == 0 && !value.empty())
      outgoing_[static_cast<std::uint16_t>(std::stoi(key.substr(4)))] = value;
  }
  registerMessage(0, msg::KernelMessage);  // KR_UNINIT: DISCONNECT, so the broker drops the will
  requireParent(kClientSocketModuleId);
}

mqtt::ProtocolVersion MqttClientModule::version() const {
  return readPropertyInteger("ProtocolVersion") == 5 ? mqtt::ProtocolVersion::V5 : mqtt::ProtocolVersion::V311;
}

void MqttClientModule::applyChanges() {
  int parent = connectionId();
  if (parent != watchedParent_) {
    if (watchedParent_) unregisterMessage(watchedParent_, msg::IM_CHANGESTATUS);
    if (parent) registerMessage(parent, msg::IM_CHANGESTATUS);
    watchedParent_ = parent;
  }
  registerMessage(instanceId(), msg::FM_CONNECT);
  registerMessage(instanceId(), msg::FM_DISCONNECT);
  registerMessage(instanceId(), msg::FM_CHILDADDED);
  auto v = readPropertyInteger("ProtocolVersion");
  if (v != 4 && v != 5) logMessage("ProtocolVersion must be 4 (3.1.1) or 5; using 4", msg::KL_WARNING);
  (void)configuredSubscriptions();  // reports a bad Subscriptions list now
  setTimerInterval("KeepAlive", std::max<std::int64_t>(0, readPropertyInteger("KeepAlive")) * 1000);
  // A changed configuration needs a new CONNECT, which MQTT allows only on a new connection:
  // DISCONNECT (no will), then the Client Socket reconnects and the session starts on its 102.
  if (decoder_ && hasActiveParent()) {
    disconnectCleanly();
    setStatus(mqttclient::StatusWaiting);
    if (auto* socket = dynamic_cast<ClientSocketModule*>(kernel().getInstance(connectionId()).module.get()))
      socket->reconnect("the MQTT Client's configuration changed");
  } else if (hasActiveParent()) {
    startSession();
  } else {
    setStatus(mqttclient::StatusWaiting);
  }
}

void MqttClientModule::disconnectCleanly() {
  if (decoder_ && connected_) {
    try {
      sendBytes(mqtt::encode(mqtt::Disconnect{}, version()));
    } catch (const std::exception&) {
      // the connection is gone already: the broker sees a loss (and sends the will)
    }
    connected_ = false;  // a disconnect of ours, not a lost connection
    logMessage("disconnected from the broker", msg::KL_MESSAGE);
  }
  sessionLost();
}

void MqttClientModule::messageSink(std::int64_t, int senderId, int message, const std::vector<Value>& data) {
  if (message == msg::KernelMessage) {
    if (!data.empty() && data[0] == Value(std::int64_t{runlevel::Uninit})) disconnectCleanly();
    return;
  }
  if (message == msg::FM_CONNECT || message == msg::FM_DISCONNECT) {
    applyChanges();
    return;
  }
  if (message == msg::FM_CHILDADDED) {
    // The new child sets its receive filter in its ApplyChanges, later in this batch: look after
    // the commit, when it has.
    std::weak_ptr<Module> weak = weak_from_this();
    kernel().afterCommit([weak] {
      if (auto self = weak.lock()) static_cast<MqttClientModule&>(*self).subscribeNewChildFilters();
    });
    return;
  }
  if (message != msg::IM_CHANGESTATUS || senderId != connectionId() || data.empty()) return;
  if (std::get<std::int64_t>(data[0]) == status::Active)
    startSession();
  else
    sessionLost();
}

std::optional<std::string> MqttClientModule::topicFilterFor(const std::string& regex) {
  if (regex.empty()) return std::string("#");
  // A packet's JSON text starts with '{': an anchored literal start other than that never matches.
  if (regex[0] == '^' && regex.size() > 1 && std::string(".([\\{").find(regex[1]) == std::string::npos)
    return std::nullopt;
  static const std::string kTopicField = "\"Topic\":\"";
  auto at = regex.find(kTopicField);
  if (at == std::string::npos) return std::string("#");
  std::string literal;
  for (std::size_t i = at + kTopicField.size(); i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '"') return literal.empty() ? std::string("#") : literal;  // the whole topic is literal
    if (c == '\\' && i + 1 < regex.size() && !std::isalnum(static_cast<unsigned char>(regex[i + 1]))) {
      literal += regex[++i];
      continue;
    }
    if (std::string("\\.[]()|^$+").find(c) != std::string::npos) break;
    if (std::string("*?{").find(c) != std::string::npos) {  // the previous character is optional
      if (!literal.empty()) literal.pop_back();
      break;
    }
    literal += c;
  }
  auto slash = literal.rfind('/');
  if (slash == std::string::npos) return std::string("#");
  return literal.substr(0, slash + 1) + "#";
}

std::vector<MqttClientModule::Subscription> MqttClientModule::configuredSubscriptions(bool* derived) const {
  if (derived) *derived = false;
  std::vector<Subscription> out;
  std::string text = readPropertyString("Subscriptions");
  try {
    Poco::JSON::Parser parser;
    auto list = parser.parse(text.empty() ? "[]" : text).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto o = list->getObject(i);
      if (!o || !o->has("Topic")) throw std::runtime_error("entry " + std::to_string(i) + " has no Topic");
      out.push_back({o->getValue<std::string>("Topic"), std::clamp(o->optValue<int>("QoS", 0), 0, 2)});
    }
  } catch (const std::exception& e) {
    const_cast<MqttClientModule*>(this)->logMessage(
        "Subscriptions is not a list of {\"Topic\",\"QoS\"}: " + std::string(e.what()), msg::KL_ERROR);
    out.clear();
  }
  if (!out.empty() || !extraSubscriptions_.empty()) return out;
  if (derived) *derived = true;
  return derivedSubscriptions();
}

std::vector<MqttClientModule::Subscription> MqttClientModule::derivedSubscriptions() const {
  // What the children's receive filters can match (all children get every message that arrives
  // and filter it, as under the MQTT Server).
  std::vector<Subscription> out;
  std::set<std::string> filters;
  for (int child : kernel().getChildInstances(instanceId()))
    if (auto f = topicFilterFor(kernel().getInstance(child).receiveFilter)) filters.insert(*f);
  if (filters.empty() || filters.count("#")) return {{"#", 2}};
  for (const auto& f : filters) out.push_back({f, 2});
  return out;
}

void MqttClientModule::sendBytes(const std::string& bytes) {
  std::string json = "{\"DataID\":\"";
  json += kSimpleToParent;
  json += "\",\"Buffer\":";
  appendJsonPayload(json, bytes, kernel().dataEncodingOf(instanceId()));  // as the Client Socket reads it
  sendDataToParent(json + "}");
}

void MqttClientModule::startSession() {
  ++generation_;
  connected_ = false;
  pingOutstanding_ = false;
  pendingAcks_.reset();
  subscribing_.clear();
  subscribed_.clear();
  decoder_ = std::make_unique<mqtt::StreamDecoder>(
      static_cast<std::uint32_t>(std::clamp<std::int64_t>(readPropertyInteger("MaxPacketSize"), 64, 268435460)));
  decoder_->setProtocolVersion(version());
  mqtt::Connect c;
  c.version = version();
  c.cleanStart = readPropertyBoolean("CleanSession");
  c.keepAlive = static_cast<std::uint16_t>(std::clamp<std::int64_t>(readPropertyInteger("KeepAlive"), 0, 65535));
  c.clientId = readPropertyString("ClientID");
  if (c.clientId.empty()) c.clientId = "symemu-" + std::to_string(instanceId());
  if (!readPropertyString("UserName").empty()) {
    c.userName = readPropertyString("UserName");
    c.password = readPropertyString("Password");
  }
  if (c.version == mqtt::ProtocolVersion::V5 && readPropertyInteger("SessionExpiry") > 0)
    c.properties.sessionExpiryInterval = static_cast<std::uint32_t>(readPropertyInteger("SessionExpiry"));
  if (!readPropertyString("WillTopic").empty()) {
    mqtt::Will w;
    w.topic = readPropertyString("WillTopic");
    w.payload = readPropertyString("WillPayload");
    w.qos = static_cast<int>(std::clamp<std::int64_t>(readPropertyInteger("WillQoS"), 0, 2));
    w.retain = readPropertyBoolean("WillRetain");
    c.will = w;
  }
  setStatus(mqttclient::StatusWaiting);
  setTimerInterval("ConnackTimeout", connackTimeoutSeconds() * 1000);
  try {
    sendBytes(mqtt::encode(c, c.version));
  } catch (const std::exception& e) {
    logMessage(std::string("cannot send CONNECT: ") + e.what(), msg::KL_WARNING);
  }
}

void MqttClientModule::sessionLost() {
  if (connected_) logMessage("connection to the broker lost", msg::KL_WARNING);
  ++generation_;
  connected_ = false;
  decoder_.reset();
  pendingAcks_.reset();
  setTimerInterval("ConnackTimeout", 0);
  if (getStatus() == status::Active) setStatus(mqttclient::StatusWaiting);
}

void MqttClientModule::protocolError(const std::string& what) {
  logMessage("protocol error from the broker: " + what + "; reconnecting", msg::KL_ERROR);
  sessionLost();
  setStatus(mqttclient::StatusProtocolError);
  if (int parent = connectionId()) {
    if (auto* socket = dynamic_cast<ClientSocketModule*>(kernel().getInstance(parent).module.get()))
      socket->reconnect("the MQTT Client found a protocol error");
  }
}

std::string MqttClientModule::receiveData(const std::string& json) { return receivePacket(Packet(json)); }

std::string MqttClientModule::receivePacket(const Packet& data) {
  // The Client Socket's packet: {"DataID":…,"Buffer":…}, the Buffer in this instance's encoding.
  std::string buffer;
  const json::Document& tree = data.tree();
  if (!tree.ok() || !tree.root().isObject() || !tree.root().optionalText("Buffer", buffer)) {
    logMessage(std::string("packet from the Client Socket ") +
                   (!tree.ok() ? "is not JSON: " + tree.error() : std::string("is not an object with a text Buffer")),
               msg::KL_WARNING);
    return "";
  }
  std::string bytes;
  try {
    bytes = decodePayload(buffer, kernel().dataEncodingOf(instanceId()));
  } catch (const KernelError& e) {
    logMessage(std::string("Buffer from the Client Socket refused: ") + e.what(), msg::KL_WARNING);
    return "";
  }
  if (!decoder_) return "";  // no session started: bytes of a connection we did not open
  decoder_->feed(bytes);
  for (;;) {
    if (!decoder_) return "";
    auto r = decoder_->next();
    if (r.needMore()) return "";
    if (r.failed()) {
      protocolError(r.error.message);
      return "";
    }
    handlePacket(r.packet);
  }
}

int MqttClientModule::connackTimeoutSeconds() const {
  // As long as the keep-alive interval (the broker's own patience), at most 10 s.
  auto keepAlive = readPropertyInteger("KeepAlive");
  return static_cast<int>(keepAlive > 0 ? std::min<std::int64_t>(keepAlive, 10) : 10);
}

void MqttClientModule::connackTimedOut() {
  setTimerInterval("ConnackTimeout", 0);
  if (!decoder_ || connected_) return;
  // A peer that accepts TCP but never answers (not a broker, or a hung one): try again.
  logMessage("no CONNACK from the broker within " + std::to_string(connackTimeoutSeconds()) + " s; reconnecting",
             msg::KL_ERROR);
  sessionLost();
  if (int parent = connectionId())
    if (auto* socket = dynamic_cast<ClientSocketModule*>(kernel().getInstance(parent).module.get()))
      socket->reconnect("no CONNACK");
}

void MqttClientModule::handleConnack(const mqtt::Connack& ack) {
  setTimerInterval("ConnackTimeout", 0);
  if (ack.reasonCode != mqtt::ReasonCode::Success) {
    logMessage("the broker refused the connection: " + refusalText(ack.reasonCode, version()), msg::KL_ERROR);
    connected_ = false;
    setStatus(mqttclient::StatusRefused);
    return;  // the broker closes the connection; the Client Socket retries with its back-off
  }
  connected_ = true;
  setStatus(status::Active);
  // MQTT 5.0 §3.2.2.3.14: the broker's Server Keep Alive replaces ours.
  if (ack.properties.serverKeepAlive)
    setTimerInterval("KeepAlive", std::int64_t{*ack.properties.serverKeepAlive} * 1000);
  logMessage("connected to the broker" + std::string(ack.sessionPresent ? " (session present)" : ""), msg::KL_MESSAGE);
  if (!ack.sessionPresent) {
    // A new session: the broker forgot our in-flight messages, so do we (MQTT 3.1.1 §3.1.2.4).
    for (const auto& entry : outgoing_) kernel().setModuleState(instanceId(), outKey(entry.first), std::nullopt);
    outgoing_.clear();
    for (const auto& entry : qos2Applied_) kernel().setModuleState(instanceId(), qos2Key(entry.first), std::nullopt);
    qos2Applied_.clear();
    for (const auto& entry : qos2Released_)
      kernel().setModuleState(instanceId(), releasedKey(entry.first), std::nullopt);
    qos2Released_.clear();
  }
  auto subs = configuredSubscriptions(&derivedSession_);
  subs.insert(subs.end(), extraSubscriptions_.begin(), extraSubscriptions_.end());
  subscribe(subs);
  // Session present: unacknowledged PUBLISH (with DUP, §3.3.1.1) and PUBREL again (§4.4).
  for (auto& [id, bytes] : outgoing_) {
    if ((static_cast<unsigned char>(bytes[0]) & 0xF0) == 0x30) bytes[0] = static_cast<char>(bytes[0] | 0x08);
    sendBytes(bytes);
  }
}

void MqttClientModule::subscribe(const std::vector<Subscription>& subs) {
  if (subs.empty() || !connected_) return;
  mqtt::Subscribe s;
  s.packetId = allocatePacketId();
  for (const auto& sub : subs) {
    s.entries.push_back({sub.filter, sub.qos});
    subscribing_[s.packetId].push_back(sub.filter);
    subscribed_.insert(sub.filter);
  }
  sendBytes(mqtt::encode(s, version()));
}

void MqttClientModule::subscribeNewChildFilters() {
  // Only a session subscribed from its children grows: a Subscriptions list (or PacketType 8
  // subscriptions) is what the user asked for, and is not parsed again here.
  if (!connected_ || !derivedSession_ || !extraSubscriptions_.empty() || subscribed_.count("#")) return;
  std::vector<Subscription> added;
  for (auto& sub : derivedSubscriptions())
    if (!subscribed_.count(sub.filter)) added.push_back(std::move(sub));
  try {
    subscribe(added);
  } catch (const std::exception& e) {
    logMessage(std::string("subscribing a new child's topics failed: ") + e.what(), msg::KL_WARNING);
  }
}

void MqttClientModule::deliver(const std::string& topic, const std::string& payload, int qos, bool retain) {
  if (observer_) observer_(topic, payload, qos, retain);
  mqtt::Message m;
  m.topic = topic;
  m.payload = payload;
  m.qos = qos;
  m.retain = retain;
  try {
    sendDataToChildren([&](DataEncoding encoding) { return mqttChildPacket(m, encoding); });
  } catch (const std::exception& e) {
    logMessage(std::string("a child failed on topic ") + topic + ": " + e.what(), msg::KL_ERROR);
  }
}

void MqttClientModule::sendAfterCommit(std::string bytes) {
  // One after-commit action per kernel batch sends every acknowledgement (and QoS 1/2 publish
  // of the children) of that batch, in order. A batch
  // whose commit failed drops its action, which leaves pendingAcks_ as the only owner.
  if (!pendingAcks_ || pendingAcks_.use_count() == 1) {
    pendingAcks_ = std::make_shared<std::string>();
    std::weak_ptr<Module> weak = weak_from_this();
    kernel().afterCommit([weak, acks = pendingAcks_, generation = generation_] {
      auto self = weak.lock();
      if (!self) return;
      auto& client = static_cast<MqttClientModule&>(*self);
      if (client.pendingAcks_ == acks) client.pendingAcks_.reset();
      if (client.generation_ != generation || !client.connected_) return;  // the broker redelivers
      try {
        client.sendBytes(*acks);
      } catch (const std::exception& e) {
        client.logMessage(std::string("acknowledgements not sent: ") + e.what(), msg::KL_WARNING);
      }
    });
  }
  *pendingAcks_ += bytes;
}

void MqttClientModule::handlePacket(mqtt::Packet& packet) {
  const auto v = version();
  if (auto* ack = std::get_if<mqtt::Connack>(&packet)) return handleConnack(*ack);
  if (!connected_)
    return protocolError(std::string(mqtt::packetTypeName(mqtt::packetTypeOf(packet))) + " before CONNACK");
  if (auto* p = std::get_if<mqtt::Publish>(&packet)) {
    if (!ownsTopic(p->topic)) {  // another shard's logger: acknowledged, never parsed
      if (p->qos == 1) {
        mqtt::Puback a;
        a.packetId = p->packetId;
        sendAfterCommit(mqtt::encode(a, v));
      } else if (p->qos == 2) {
        mqtt::Pubrec r;
        r.packetId = p->packetId;
        sendAfterCommit(mqtt::encode(r, v));
      }
      return;
    }
    if (p->qos == 0) return deliver(p->topic, p->payload, 0, p->retain);
    if (p->qos == 1) {
      deliver(p->topic, p->payload, 1, p->retain);
      mqtt::Puback a;
      a.packetId = p->packetId;
      return sendAfterCommit(mqtt::encode(a, v));
    }
    // QoS 2: apply once; the marker commits together with what the children did. A PUBLISH
    // again after its PUBREL breaks MQTT 3.1.1 §4.3.3 / 5.0 §4.3.3, but mosquitto 2.0 does it
    // for messages in flight when it restarts: a redelivery (DUP) of what that ID carried
    // when it was released is acknowledged, not applied. Another message on a reused ID is.
    if (!qos2Applied_.count(p->packetId)) {
      const std::uint64_t digest = deliveryDigest(p->topic, p->payload);
      auto released = qos2Released_.find(p->packetId);
      const bool resentAfterRelease = p->dup && released != qos2Released_.end() && released->second == digest;
      if (!resentAfterRelease) deliver(p->topic, p->payload, 2, p->retain);
      markApplied(p->packetId, digest);
    }
    mqtt::Pubrec r;
    r.packetId = p->packetId;
    return sendAfterCommit(mqtt::encode(r, v));
  }
  if (auto* rel = std::get_if<mqtt::Pubrel>(&packet)) {
    markReleased(rel->packetId);
    mqtt::Pubcomp c;
    c.packetId = rel->packetId;
    return sendAfterCommit(mqtt::encode(c, v));
  }
  if (auto* a = std::get_if<mqtt::Puback>(&packet)) return forgetOutgoing(a->packetId);
  if (auto* r = std::get_if<mqtt::Pubrec>(&packet)) {
    mqtt::Pubrel rel;
    rel.packetId = r->packetId;
    std::string bytes = mqtt::encode(rel, v);
    if (outgoing_.count(r->packetId)) keepOutgoing(r->packetId, bytes);  // PUBREL replaces the PUBLISH
    sendBytes(bytes);
    return;
  }
  if (auto* c = std::get_if<mqtt::Pubcomp>(&packet)) return forgetOutgoing(c->packetId);
  if (auto* s = std::get_if<mqtt::Suback>(&packet)) {
    auto filters = std::move(subscribing_[s->packetId]);
    subscribing_.erase(s->packetId);
    for (std::size_t i = 0; i < s->reasonCodes.size(); ++i) {
      int code = static_cast<int>(s->reasonCodes[i]);
      std::string filter = i < filters.size() ? filters[i] : "?";
      if (code >= 0x80)
        logMessage("the broker refused the subscription " + filter + ": " +
                       refusalText(s->reasonCodes[i], mqtt::ProtocolVersion::V5),
                   msg::KL_WARNING);
      else
        logMessage("subscribed to " + filter + " with QoS " + std::to_string(code), msg::KL_MESSAGE);
    }
    return;
  }
  if (std::holds_alternative<mqtt::Pingresp>(packet)) {
    pingOutstanding_ = false;
    return;
  }
  if (auto* d = std::get_if<mqtt::Disconnect>(&packet)) {
    logMessage("the broker disconnected: " + refusalText(d->reasonCode, mqtt::ProtocolVersion::V5), msg::KL_WARNING);
    sessionLost();
    return;
  }
  if (std::holds_alternative<mqtt::Unsuback>(packet)) return;
  protocolError(std::string(mqtt::packetTypeName(mqtt::packetTypeOf(packet))) + " is not sent by a broker");
}

void MqttClientModule::markApplied(std::uint16_t id, std::uint64_t digest) {
  qos2Applied_[id] = digest;
  kernel().setModuleState(instanceId(), qos2Key(id), std::to_string(digest));
  if (qos2Released_.erase(id)) kernel().setModuleState(instanceId(), releasedKey(id), std::nullopt);
}

void MqttClientModule::markReleased(std::uint16_t id) {
  auto applied = qos2Applied_.find(id);
  if (applied == qos2Applied_.end()) return;  // a PUBREL again (its PUBCOMP was lost): nothing to move
  qos2Released_[id] = applied->second;
  kernel().setModuleState(instanceId(), releasedKey(id), std::to_string(applied->second));
  qos2Applied_.erase(applied);
  kernel().setModuleState(instanceId(), qos2Key(id), std::nullopt);
}

std::uint64_t MqttClientModule::deliveryDigest(const std::string& topic, const std::string& payload) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bit: stable across builds and restarts
  auto mix = [&h](const std::string& bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(topic);
  h ^= 0xFF;  // topic "a" + payload "bc" differs from "ab" + "c"
  h *= 1099511628211ull;
  mix(payload);
  return h;
}

std::uint32_t MqttClientModule::shardHash(const std::string& loggerId) {
  std::uint32_t h = 2166136261u;  // FNV-1a, 32 bit
  for (unsigned char c : loggerId) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string MqttClientModule::loggerIdOf(const std::string& topic) {
  auto first = topic.find('/');
  if (first == std::string::npos) return topic;
  auto second = topic.find('/', first + 1);
  return topic.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

bool MqttClientModule::ownsTopic(const std::string& topic) const {
  auto count = readPropertyInteger("ShardCount");
  if (count <= 1) return true;
  return static_cast<std::int64_t>(shardHash(loggerIdOf(topic)) % static_cast<std::uint32_t>(count)) ==
         readPropertyInteger("ShardIndex");
}

void MqttClientModule::keepAliveTick() {
  if (!connected_) return;
  subscribeNewChildFilters();  // a child's receive filter may have changed since
  if (pingOutstanding_) return protocolError("no PINGRESP within the keep alive interval");
  pingOutstanding_ = true;
  try {
    sendBytes(mqtt::encode(mqtt::Pingreq{}, version()));
  } catch (const std::exception&) {
  }
}

std::string MqttClientModule::forwardData(const std::string& json) {
  // {"DataID":…,"PacketType":3|8,"QualityOfService":…,"Retain":…,"Topic":…,"Payload":…}
  const auto tree = json::Document::parse(json);
  if (!tree->ok()) throw KernelError("MQTT Client: packet from a child is not JSON: " + tree->error());
  const json::Node root = tree->root();
  if (!root.isObject()) throw KernelError("MQTT Client: packet from a child is not a JSON object");
  for (const char* field : {"PacketType", "QualityOfService", "Retain", "Topic", "Payload"})
    if (!root.member(field)) throw KernelError(std::string("MQTT Client: packet from a child lacks field ") + field);
  int packetType = 0, qosField = 0;
  std::string topic, payloadText;
  auto retainNode = root.member("Retain");
  if (!root.optionalInt("PacketType", packetType) || !root.optionalInt("QualityOfService", qosField) ||
      !root.optionalText("Topic", topic) || !root.optionalText("Payload", payloadText) || !retainNode->isBoolean())
    throw KernelError("MQTT Client: packet from a child has a field of the wrong type");
  int qos = std::clamp(qosField, 0, 2);
  if (packetType == 8) {  // SUBSCRIBE at the broker (Topic = filter)
    extraSubscriptions_.push_back({topic, qos});
    subscribe({{topic, qos}});
    return "";
  }
  if (packetType != 3) return "";
  if (readPropertyBoolean("ReadOnly")) {
    sendDebug("ReadOnly", "publish to " + topic + " dropped", 0);
    return "";
  }
  if (topic.empty() || topic.find_first_of("+#") != std::string::npos)
    throw KernelError("MQTT Client: invalid topic for a publish: '" + topic + "'");
  if (!connected_) throw KernelError("MQTT Client: not connected to the broker");
  mqtt::Publish out;
  out.topic = topic;
  // The sender's class decides the payload encoding, as under the MQTT Server.
  try {
    out.payload = decodePayload(payloadText, senderEncoding());
  } catch (const KernelError& e) {
    throw KernelError("MQTT Client: Payload from child #" + std::to_string(kernel().forwardingChild()) +
                      " refused: " + e.what());
  }
  out.qos = qos;
  out.retain = retainNode->boolean();
  if (qos > 0) out.packetId = allocatePacketId();
  std::string bytes = mqtt::encode(out, version());
  if (qos == 0) {
    sendBytes(bytes);
    return "";
  }
  // QoS 1/2: kept in the commit of what made the child publish, and sent only after it, so a
  // message the broker may hold is always one symemu can resend.
  keepOutgoing(out.packetId, bytes);
  sendAfterCommit(bytes);
  return "";
}

std::uint16_t MqttClientModule::allocatePacketId() {
  // A packet ID stays reserved while its PUBLISH/PUBREL or SUBSCRIBE waits for the broker.
  for (int tries = 0; tries < 65535; ++tries) {
    std::uint16_t id = nextPacketId_++;
    if (nextPacketId_ == 0) nextPacketId_ = 1;
    if (!outgoing_.count(id) && !subscribing_.count(id)) return id;
  }
  throw KernelError("MQTT Client: 65535 messages wait for the broker's acknowledgement; no packet ID is free");
}

void MqttClientModule::keepOutgoing(std::uint16_t id, std::string bytes) {
  kernel().setModuleState(instanceId(), outKey(id), bytes);
  outgoing_[id] = std::move(bytes);
}

void MqttClientModule::forgetOutgoing(std::uint16_t id) {
  if (outgoing_.erase(id)) kernel().setModuleState(instanceId(), outKey(id), std::nullopt);
}

}  // namespace symemu::core

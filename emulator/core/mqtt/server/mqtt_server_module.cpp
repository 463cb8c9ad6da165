#include "symemu/core/mqtt/server/mqtt_server_module.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>

#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/codec/utf8.h"
#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/core/mqtt/server/publish_read_ahead.h"
#include "symemu/core/server_socket/server_socket_module.h"

namespace symemu::core {

namespace {
// kServerSocketModuleId and kSocketFromChildren: server_socket_module.h
constexpr mqtt::ClientKey kVirtualKeyBase = 1ull << 62;  // never collides with socket clients
}  // namespace

std::string mqttChildPacket(const mqtt::Message& m, DataEncoding encoding, TextKeys* keys) {
  return mqttChildPacket(m.topic, m.payload, m.qos, m.retain, encoding, keys);
}

namespace {
// The child packet's text up to the QualityOfService value, the same for every PUBLISH, and
// where its keys sit: appended whole (it was eight appends).
struct ChildPacketHead {
  std::string text = std::string("{\"DataID\":\"") + kMqttToChildren + "\",\"PacketType\":3,\"QualityOfService\":";
  std::size_t packetType = text.find("\"PacketType\":");
  std::size_t qualityOfService = text.find("\"QualityOfService\":");
};
constexpr std::string_view kRetainTrue = ",\"Retain\":true,\"Topic\":", kRetainFalse = ",\"Retain\":false,\"Topic\":";
}  // namespace

std::string mqttChildPacket(std::string_view topic, std::string_view payload, int qos, bool retain,
                            DataEncoding encoding, TextKeys* keys) {
  // The text toJsonText gives for these fields, written in one pass (the payload is kilobytes).
  static const ChildPacketHead head;
  std::string json;
  // Room for a report's quotes (a fifth of its bytes) and appendJsonQuoted's block at the end:
  // growing the text while writing it would allocate and copy it again.
  json.reserve(payload.size() + payload.size() / 4 + topic.size() + 200);
  json += head.text;  // {"DataID":"{7F7632D9-…}","PacketType":3,"QualityOfService":
  if (keys) {
    keys->add("\"DataID\":", 1);
    keys->add("\"PacketType\":", head.packetType);
    keys->add("\"QualityOfService\":", head.qualityOfService);
  }
  if (qos >= 0 && qos <= 9)
    json += static_cast<char>('0' + qos);
  else
    json += std::to_string(qos);
  const std::string_view retainAndTopic = retain ? kRetainTrue : kRetainFalse;  // ,"Retain":…,"Topic":
  if (keys) {
    keys->add("\"Retain\":", json.size() + 1);
    keys->add("\"Topic\":", json.size() + retainAndTopic.find("\"Topic\":"));
  }
  json += retainAndTopic;
  appendJsonQuoted(json, topic);
  if (keys) keys->add("\"Payload\":", json.size() + 1);
  json += ",\"Payload\":";
  appendJsonPayload(json, payload, encoding);
  json += '}';
  return json;
}

MqttServerModule::MqttServerModule() = default;
MqttServerModule::~MqttServerModule() = default;

void MqttServerModule::create() {
  registerPropertyString("UserName", "");
  registerPropertyString("Password", "");
  registerPropertyInteger("MaxPacketSize", 268435455);  // the protocol maximum
  registerPropertyInteger("MaxQueuedMessages", 1000);
  registerPropertyInteger("TopicAliasMaximum", 10);
  broker_ = std::make_unique<mqtt::Broker>(configFromProperties(), *this, [this] { return kernel().now(); });
  // Sessions, their queued messages and retained messages from before a restart (storeState).
  broker_->restoreState(kernel().moduleState(instanceId()));
  registerTimer("Tick", 1000, [this] { broker_->tick(); });
  registerFunction("GetRetainedMessageTopicList", [this](const std::vector<Value>&) -> Value {
    std::vector<std::pair<std::string, Value>> none;
    std::string out = "[";
    for (const auto& t : broker_->retainedTopics()) out += (out.size() > 1 ? "," : "") + jsonQuote(t);
    return out + "]";
  });
  registerFunction("GetRetainedMessage", [this](const std::vector<Value>& args) -> Value {
    if (args.empty()) throw KernelError("MQTT_GetRetainedMessage needs a topic");
    auto m = broker_->retained(valueToString(args[0]));
    if (!m) throw KernelError("No retained message for topic " + valueToString(args[0]));
    return mqttChildPacket(*m, DataEncoding::Utf8Mapped);
  });
  registerFunction("InjectPublish", [this](const std::vector<Value>& a) -> Value {
    if (a.size() < 3) throw KernelError("MQTT_InjectPublish(id, clientId, topic, payload[, qos[, retain]])");
    int qos = a.size() > 3 ? static_cast<int>(std::get<std::int64_t>(convertValue(a[3], VariableType::Integer))) : 0;
    bool retain = a.size() > 4 && std::get<bool>(convertValue(a[4], VariableType::Boolean));
    injectPublish(valueToString(a[0]), valueToString(a[1]), valueToString(a[2]), qos, retain);
    return true;
  });
  requireParent(kServerSocketModuleId);
}

mqtt::BrokerConfig MqttServerModule::configFromProperties() const {
  mqtt::BrokerConfig c;
  c.userName = readPropertyString("UserName");
  c.password = readPropertyString("Password");
  auto maxPacket = readPropertyInteger("MaxPacketSize");
  c.maxPacketSize = static_cast<std::uint32_t>(std::clamp<std::int64_t>(maxPacket, 64, 268435455));
  c.maxQueuedMessages = static_cast<std::size_t>(std::max<std::int64_t>(0, readPropertyInteger("MaxQueuedMessages")));
  c.topicAliasMaximum =
      static_cast<std::uint16_t>(std::clamp<std::int64_t>(readPropertyInteger("TopicAliasMaximum"), 0, 65535));
  return c;
}

// Symcon's guided setup leaves the MQTT Server's Server Socket open on the MQTT port.
std::string MqttServerModule::getConfigurationForParent() { return R"({"Open":true,"Port":1883})"; }

void MqttServerModule::applyChanges() {
  broker_->setConfig(configFromProperties());
  setStatus(status::Active);
}

void MqttServerModule::sendToSocket(const SocketClient& client, int type, const std::string& bytes) {
  if (!hasActiveParent()) return;
  sendDataToParent(toJsonText({{"DataID", std::string(kSocketFromChildren)},
                               {"Type", std::int64_t{type}},
                               {"Buffer", utf8Encode(bytes)},
                               {"ClientIP", client.ip},
                               {"ClientPort", std::int64_t{client.port}}}));
}

std::string MqttServerModule::receiveData(const std::string& json) { return receivePacket(Packet(json)); }

std::string MqttServerModule::receivePacket(const Packet& data) {
  // Its typed form, when the Server Socket attached one: the same fields, the bytes not mapped.
  if (const auto* form = data.attached<forms::SocketData>()) {
    if (readAheadParent_ != connectionId()) installReadAhead();
    fromSocket(form->type, SocketClient{form->clientIp, form->clientPort}, form->bytes,
               form->ahead.get<PublishesReadAhead>());
    return "";
  }
  // The Server Socket's packet: {"DataID":…,"Type":0|1|2,"Buffer":…,"ClientIP":…,"ClientPort":…}.
  struct {
    std::string ip, buffer;
    int port = 0, type = 0;
  } packet;
  const json::Document& tree = data.tree();
  const char* problem =
      !tree.ok()                ? "is not JSON: "
      : !tree.root().isObject() ? "is not a JSON object"
      : !tree.root().optionalText("ClientIP", packet.ip) || !tree.root().optionalText("Buffer", packet.buffer) ||
              !tree.root().optionalInt("ClientPort", packet.port) || !tree.root().optionalInt("Type", packet.type)
          ? "has a field of the wrong type"
          : nullptr;
  if (problem) {
    log(static_cast<int>(mqtt::LogLevel::Warning),
        std::string("packet from the Server Socket ") + problem + (tree.ok() ? "" : tree.error()));
    return "";
  }
  fromSocket(packet.type, SocketClient{packet.ip, packet.port}, utf8Decode(packet.buffer));
  return "";
}

void MqttServerModule::installReadAhead() {
  auto socketOf = [this](int id) -> std::shared_ptr<ServerSocketModule> {
    if (id == 0 || !kernel().instanceExists(id)) return nullptr;
    return std::dynamic_pointer_cast<ServerSocketModule>(kernel().getInstance(id).module);
  };
  // A reader keeps per-client state for one listener thread: the former parent lets go of it,
  // and the new parent gets a reader of its own.
  if (auto former = socketOf(readAheadParent_)) former->setReadAhead(nullptr);
  readAheadParent_ = connectionId();
  readAhead_.reset();
  if (auto socket = socketOf(readAheadParent_)) {
    readAhead_ = std::make_shared<PublishReadAhead>();
    socket->setReadAhead(readAhead_);
  }
}

const PublishAhead* MqttServerModule::takeReadAhead(const mqtt::Message& message) {
  if (!ahead_) return nullptr;
  // Where the broker decoded the payload from, as an offset into the chunk the items were read
  // from (npos when it was not decoded from that chunk, e.g. a packet cut by the previous one).
  std::size_t wireOffset = std::string::npos;
  const std::string_view wire = broker_->payloadOnWire();
  if (wire.size() == message.payload.size() && !wire.empty()) {
    const auto base = reinterpret_cast<std::uintptr_t>(aheadChunk_.data());
    const auto at = reinterpret_cast<std::uintptr_t>(wire.data());
    if (at >= base && at - base <= aheadChunk_.size() && aheadChunk_.size() - (at - base) >= wire.size())
      wireOffset = static_cast<std::size_t>(at - base);
  }
  // In chunk order; a PUBLISH read ahead but refused by the broker is passed over.
  for (std::size_t i = aheadNext_; i < ahead_->items.size(); ++i) {
    const auto& item = ahead_->items[i];
    if (item.taken || item.payloadSize != message.payload.size() || item.topicIn(aheadChunk_) != message.topic)
      continue;
    // Both read from the same chunk: the same offset means the same bytes (no need to compare a
    // kilobyte no cache of this core holds), another offset another PUBLISH. Otherwise compare.
    const bool same = wireOffset != std::string::npos && item.payloadOffset != std::string::npos
                          ? item.payloadOffset == wireOffset
                          : item.payloadIn(aheadChunk_) == message.payload;
    if (same) {
      aheadNext_ = i + 1;
      item.taken = true;
      return &item;
    }
  }
  return nullptr;
}

void MqttServerModule::fromSocket(int type, const SocketClient& client, std::string_view bytes,
                                  const PublishesReadAhead* ahead) {
  const std::string address = client.ip + ":" + std::to_string(client.port);
  auto it = keysByAddress_.find(address);
  if (type == 1 || (type == 0 && it == keysByAddress_.end())) {
    if (it != keysByAddress_.end()) broker_->clientDisconnected(it->second);
    mqtt::ClientKey key = nextKey_++;
    keysByAddress_[address] = key;
    socketClients_[key] = client;
    broker_->clientConnected(key, client.ip, static_cast<std::uint16_t>(client.port));
    it = keysByAddress_.find(address);
  }
  if (type == 0) {
    struct Reset {
      MqttServerModule& m;
      ~Reset() {
        m.ahead_ = nullptr;
        m.aheadChunk_ = {};
      }
    } reset{*this};
    ahead_ = ahead;
    aheadNext_ = 0;
    aheadChunk_ = bytes;
    broker_->bytesReceived(it->second, bytes);
  } else if (type == 2 && it != keysByAddress_.end()) {
    mqtt::ClientKey key = it->second;
    keysByAddress_.erase(it);
    socketClients_.erase(key);
    broker_->clientDisconnected(key);
  }
}

std::string MqttServerModule::forwardData(const std::string& json) {
  Poco::JSON::Object::Ptr p;
  try {
    Poco::JSON::Parser parser;
    p = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    throw KernelError(std::string("MQTT Server: packet from a child is not JSON: ") + e.what());
  }
  for (const char* field : {"PacketType", "QualityOfService", "Retain", "Topic", "Payload"})
    if (!p->has(field)) throw KernelError(std::string("MQTT Server: packet from a child lacks field ") + field);
  int packetType = p->getValue<int>("PacketType");
  if (packetType != 3) return "";  // only PUBLISH is meaningful towards a broker
  mqtt::Message m;
  m.topic = p->getValue<std::string>("Topic");
  // The sender's class decides the payload encoding: hex from IPSModuleStrict, utf8-mapped from
  // IPSModule (plain before kernel 6.3).
  try {
    m.payload = decodePayload(p->getValue<std::string>("Payload"), senderEncoding());
  } catch (const KernelError& e) {
    throw KernelError("MQTT Server: Payload from child #" + std::to_string(kernel().forwardingChild()) +
                      " refused: " + e.what());
  }
  m.qos = std::clamp(p->getValue<int>("QualityOfService"), 0, 2);
  m.retain = p->getValue<bool>("Retain");
  if (m.topic.empty() || m.topic.find_first_of("+#") != std::string::npos)
    throw KernelError("MQTT Server: invalid topic for a publish: '" + m.topic + "'");
  broker_->publish(m);
  return "";
}

void MqttServerModule::sendBytes(mqtt::ClientKey client, std::string bytes) {
  if (client >= kVirtualKeyBase) {
    // An injected session: answer PUBREC with PUBREL like a real client; ignore the rest.
    auto it = virtualByKey_.find(client);
    if (it == virtualByKey_.end()) return;
    auto& vc = *it->second;
    vc.decoder.feed(bytes);
    for (auto r = vc.decoder.next(); r.ok(); r = vc.decoder.next()) {
      if (auto* ack = std::get_if<mqtt::Connack>(&r.packet); ack && ack->reasonCode != mqtt::ReasonCode::Success)
        vc.refusal = "CONNACK return code " + std::to_string(static_cast<int>(ack->reasonCode));
      if (auto* rec = std::get_if<mqtt::Pubrec>(&r.packet)) {
        mqtt::Pubrel rel;
        rel.packetId = rec->packetId;
        broker_->bytesReceived(client, mqtt::encode(rel, vc.decoder.protocolVersion()));
      }
    }
    return;
  }
  if (coalescing_) {
    if (socketClients_.count(client)) coalesced_[client] += bytes;
    return;
  }
  auto it = socketClients_.find(client);
  if (it != socketClients_.end()) sendToSocket(it->second, 0, bytes);
}

void MqttServerModule::flushCoalesced(mqtt::ClientKey client) {
  auto pending = coalesced_.find(client);
  if (pending == coalesced_.end()) return;
  std::string bytes = std::move(pending->second);
  coalesced_.erase(pending);
  auto it = socketClients_.find(client);
  if (it != socketClients_.end() && !bytes.empty()) sendToSocket(it->second, 0, bytes);
}

void MqttServerModule::confirmBatch(std::vector<mqtt::AckToken> tokens) {
  auto flushAll = [this] {
    coalescing_ = false;
    auto pending = std::move(coalesced_);
    coalesced_.clear();
    for (auto& [client, bytes] : pending) {
      auto it = socketClients_.find(client);
      if (it != socketClients_.end() && !bytes.empty()) sendToSocket(it->second, 0, bytes);
    }
  };
  coalescing_ = true;
  try {
    for (mqtt::AckToken token : tokens) broker_->confirm(token);
  } catch (...) {
    flushAll();  // what was gathered still goes out, in order
    throw;
  }
  flushAll();
}

void MqttServerModule::closeClient(mqtt::ClientKey client, const std::string& reason) {
  if (!reason.empty()) log(static_cast<int>(mqtt::LogLevel::Info), reason);
  if (client >= kVirtualKeyBase) {
    auto it = virtualByKey_.find(client);
    if (it != virtualByKey_.end() && it->second->refusal.empty())
      it->second->refusal = reason.empty() ? "closed by the broker" : reason;
    return;
  }
  flushCoalesced(client);  // what was gathered for it goes out before the close
  auto it = socketClients_.find(client);
  if (it != socketClients_.end()) sendToSocket(it->second, 2, "");
}

void MqttServerModule::onClientPublish(const mqtt::Message& message, const std::string& clientId,
                                       mqtt::AckToken token) {
  if (observer_) observer_(message, clientId);
  try {
    // Read ahead on the listener thread: this message's packet text and what a library made of
    // it. Taken before children run (they may publish); `ahead_` stays valid meanwhile.
    const PublishAhead* readAhead = takeReadAhead(message);
    const bool sameText = readAhead && readAhead->qos == message.qos && readAhead->retain == message.retain;
    const forms::ReadAhead ahead = readAhead ? readAhead->ahead : forms::ReadAhead{};
    std::shared_ptr<const forms::MqttPublish> form;
    sendDataToChildren(std::function<Packet(DataEncoding)>([&](DataEncoding encoding) {
      // Called at most once per encoding: the read-ahead text and payload are moved, not copied.
      // With where its member keys sit, so that receive filters need not scan it for them.
      const bool readAheadText = sameText && encoding == DataEncoding::Utf8Mapped;
      TextKeys keys;
      Packet packet(readAheadText ? std::move(readAhead->childText) : mqttChildPacket(message, encoding, &keys));
      packet.setTextKeys(readAheadText ? readAhead->childTextKeys : keys);
      // Its typed form, for children that know it (the topic must be UTF-8 for the text to parse).
      if (encoding == DataEncoding::Utf8Mapped && mqtt::isValidUtf8(message.topic)) {
        if (!form) {
          // The item's payload is the message's (takeReadAhead compared them, or their place); it
          // holds the bytes only for a PUBLISH cut by a read, else the message's are copied here.
          std::string payload = readAhead && readAhead->payloadOffset == std::string::npos
                                    ? std::move(readAhead->payload)
                                    : message.payload;
          form = std::make_shared<const forms::MqttPublish>(
              forms::MqttPublish{message.topic, std::move(payload), message.qos, message.retain, ahead});
        }
        packet.attach(form);
      }
      return packet;
    }));
  } catch (const std::exception& e) {
    logMessage(std::string("a child failed on topic ") + message.topic + ": " + e.what(), msg::KL_ERROR);
  }
  if (token != 0) {
    // PUBACK/PUBREC only once what the children did with the message is on disk.
    if (!batchAcks_ || batchAcks_.use_count() == 1) {
      batchAcks_ = std::make_shared<std::vector<mqtt::AckToken>>();
      std::weak_ptr<Module> weak = weak_from_this();
      kernel().afterCommit([weak, acks = batchAcks_] {
        auto self = weak.lock();
        if (!self) return;
        auto& server = static_cast<MqttServerModule&>(*self);
        if (server.batchAcks_ == acks) server.batchAcks_.reset();  // later publishes: next batch
        server.confirmBatch(std::move(*acks));
      });
    }
    batchAcks_->push_back(token);
  }
}

void MqttServerModule::storeState(const std::string& key, const std::optional<std::string>& bytes) {
  kernel().setModuleState(instanceId(), key, bytes);  // same commit as the data PUBACK waits for
}

void MqttServerModule::log(int level, const std::string& text) {
  int type = level >= static_cast<int>(mqtt::LogLevel::Error)     ? msg::KL_ERROR
             : level >= static_cast<int>(mqtt::LogLevel::Warning) ? msg::KL_WARNING
                                                                  : msg::KL_MESSAGE;
  sendDebug("Broker", text, 0);
  if (level >= static_cast<int>(mqtt::LogLevel::Info)) logMessage(text, type);
}

MqttServerModule::VirtualClient& MqttServerModule::virtualClient(const std::string& clientId) {
  auto& slot = virtualClients_[clientId];
  if (!slot) {
    slot = std::make_unique<VirtualClient>();
    slot->key = kVirtualKeyBase + nextKey_++;
    virtualByKey_[slot->key] = slot.get();
    slot->decoder.setProtocolVersion(mqtt::ProtocolVersion::V311);
    broker_->clientConnected(slot->key, "in-process", 0);
    mqtt::Connect c;
    c.clientId = clientId;
    c.keepAlive = 0;  // no keep-alive for a session that never idles out
    c.userName = readPropertyString("UserName").empty() ? std::nullopt : std::optional(readPropertyString("UserName"));
    c.password = readPropertyString("UserName").empty() ? std::nullopt : std::optional(readPropertyString("Password"));
    broker_->bytesReceived(slot->key, mqtt::encode(c, mqtt::ProtocolVersion::V311));
  }
  if (!slot->refusal.empty()) {
    std::string why = slot->refusal;
    dropVirtualClient(slot->key);
    throw KernelError("MQTT Server refused the in-process client '" + clientId + "': " + why);
  }
  return *slot;
}

void MqttServerModule::dropVirtualClient(mqtt::ClientKey key) {
  auto it = virtualByKey_.find(key);
  if (it == virtualByKey_.end()) return;
  virtualByKey_.erase(it);
  for (auto v = virtualClients_.begin(); v != virtualClients_.end(); ++v)
    if (v->second->key == key) {
      virtualClients_.erase(v);
      break;
    }
  broker_->clientDisconnected(key);
}

void MqttServerModule::injectPublish(const std::string& clientId, const std::string& topic, const std::string& payload,
                                     int qos, bool retain) {
  if (qos < 0 || qos > 2) throw KernelError("QoS must be 0, 1 or 2");
  auto& vc = virtualClient(clientId);
  mqtt::Publish p;
  p.topic = topic;
  p.payload = payload;
  p.qos = qos;
  p.retain = retain;
  if (qos > 0) {
    p.packetId = vc.nextPacketId++;
    if (vc.nextPacketId == 0) vc.nextPacketId = 1;
  }
  broker_->bytesReceived(vc.key, mqtt::encode(p, mqtt::ProtocolVersion::V311));
  if (!vc.refusal.empty()) {
    std::string why = vc.refusal;
    dropVirtualClient(vc.key);
    throw KernelError("MQTT Server refused the publish of in-process client '" + clientId + "': " + why);
  }
}

}  // namespace symemu::core

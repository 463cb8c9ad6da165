#pragma once
// Symcon's MQTT Client splitter (docs/mqtt-client.md): an MQTT 3.1.1/5.0 client session to an
// external broker over its parent Client Socket (Simple {79827379-…} up, {018EF6B5-…} down).
// Children see exactly what they would see under the MQTT Server ({7F7632D9-…}, payload per
// child class) and publish with {043EA491-…}. Kernel thread only. A QoS 1/2 PUBLISH from the
// broker is acknowledged only after the kernel committed what the children did with it; QoS 2
// packet IDs already applied are kept in the database in that same commit, so a redelivery
// after a reconnect or a crash is acknowledged without being applied again. Children's QoS 1/2
// publishes are committed to the module state ("out/<id>") before they are sent and kept until
// PUBACK/PUBCOMP, so a persistent session resends them after a restart. At shutdown (and before a reconnect asked by a
// configuration change) it sends DISCONNECT, so the broker drops the will message.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/kernel/module.h"

namespace symemu::core {

inline const char* const kMqttClientModuleId = "{F7A0DD2E-7684-95C0-64C2-D2A9DC47577B}";

namespace mqttclient {
constexpr int StatusWaiting = 104;        // no connection to the broker (yet)
constexpr int StatusRefused = 201;        // CONNACK with an error (bad credentials, ...)
constexpr int StatusProtocolError = 202;  // the broker sent something that is not MQTT
}  // namespace mqttclient

class MqttClientModule : public Module {
 public:
  void create() override;
  void applyChanges() override;
  void messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) override;
  std::string receiveData(const std::string& json) override;
  std::string receivePacket(const Packet& packet) override;
  std::string forwardData(const std::string& json) override;

  // Called for every PUBLISH from the broker before it reaches the children (`serve --record`).
  void setPublishObserver(
      std::function<void(const std::string& topic, const std::string& payload, int qos, bool retain)> observer) {
    observer_ = std::move(observer);
  }
  bool sessionUp() const { return connected_; }

  // Sharding (docs/mqtt-client.md): the logger ID is the second topic level (SmartLog/<ID>/…);
  // a process with ShardCount N > 1 owns the IDs whose FNV-1a 32-bit hash mod N is its
  // ShardIndex. Stable across processes, builds and platforms.
  static std::uint32_t shardHash(const std::string& loggerId);
  static std::string loggerIdOf(const std::string& topic);

  // The MQTT topic filter that covers what a child's receive filter (a regex on the packet JSON)
  // can match: the literal start of its "Topic" pattern, up to the last complete level, plus "#";
  // the exact topic when the pattern is all literal; "#" when it cannot tell; nullopt when the
  // filter can never match a packet (e.g. "^NOTHING_TO_RECEIVE$").
  static std::optional<std::string> topicFilterFor(const std::string& receiveFilter);

 private:
  struct Subscription {
    std::string filter;
    int qos = 0;
  };
  void startSession();
  void sessionLost();
  void protocolError(const std::string& what);
  void sendBytes(const std::string& bytes);
  void handlePacket(mqtt::Packet& packet);
  void handleConnack(const mqtt::Connack& ack);
  void deliver(const std::string& topic, const std::string& payload, int qos, bool retain);
  void sendAfterCommit(std::string bytes);
  void subscribe(const std::vector<Subscription>& subs);
  // Without a Subscriptions list: subscribes what children added since can receive (a child
  // connected later, or a changed receive filter; checked after FM_CHILDADDED and each keep-alive).
  void subscribeNewChildFilters();
  // The Subscriptions list, or (empty or unreadable list, no PacketType 8 subscriptions) the
  // derived ones, with *derived saying which.
  std::vector<Subscription> configuredSubscriptions(bool* derived = nullptr) const;
  std::vector<Subscription> derivedSubscriptions() const;
  void keepAliveTick();
  int connackTimeoutSeconds() const;
  void connackTimedOut();
  void disconnectCleanly();
  std::uint16_t allocatePacketId();
  void keepOutgoing(std::uint16_t id, std::string bytes);
  void forgetOutgoing(std::uint16_t id);
  bool ownsTopic(const std::string& topic) const;
  mqtt::ProtocolVersion version() const;
  std::string qos2Key(std::uint16_t id) const { return "qos2/" + std::to_string(id); }
  std::string releasedKey(std::uint16_t id) const { return "qos2r/" + std::to_string(id); }
  static std::uint64_t deliveryDigest(const std::string& topic, const std::string& payload);
  void markApplied(std::uint16_t id, std::uint64_t digest);
  void markReleased(std::uint16_t id);
  std::string outKey(std::uint16_t id) const { return "out/" + std::to_string(id); }

  std::unique_ptr<mqtt::StreamDecoder> decoder_;
  bool connected_ = false;  // CONNACK accepted on the current connection
  bool pingOutstanding_ = false;
  std::uint64_t generation_ = 0;  // one per connection: acks of an old one are not sent on a new one
  int watchedParent_ = 0;
  std::uint16_t nextPacketId_ = 1;
  std::map<std::uint16_t, std::string> outgoing_;       // unacked PUBLISH/PUBREL, mirrored in "out/<id>"
  std::map<std::uint16_t, std::uint64_t> qos2Applied_;  // ID -> digest, mirrored in module state "qos2/<id>"
  // IDs whose PUBREL came, with the digest of what they carried ("qos2r/<id>"): a broker that
  // re-sends the PUBLISH after its PUBREL (mosquitto 2.0 after a restart) is not applied twice.
  std::map<std::uint16_t, std::uint64_t> qos2Released_;
  std::vector<Subscription> extraSubscriptions_;                   // from children (PacketType 8)
  std::map<std::uint16_t, std::vector<std::string>> subscribing_;  // SUBSCRIBE packet ID -> filters
  std::set<std::string> subscribed_;                               // filters sent on this connection
  bool derivedSession_ = false;               // this connection subscribed from the children's receive filters
  std::shared_ptr<std::string> pendingAcks_;  // acks of the current kernel batch
  std::function<void(const std::string&, const std::string&, int, bool)> observer_;
};

}  // namespace symemu::core

#pragma once
// Symcon's MQTT Server splitter (docs/symcon-kernel.md §7.1): a real MQTT 3.1.1/5.0 broker whose
// parent is a Server Socket. Every PUBLISH from a client reaches the children as
// {7F7632D9-…}; children publish with {043EA491-…}. QoS 1/2 acknowledgements wait for the
// kernel batch that processed the message to commit.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "symemu/core/mqtt/broker/broker.h"
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/kernel/module.h"
#include "symemu/kernel/packet_forms.h"

namespace symemu::core {

struct PublishesReadAhead;
class PublishReadAhead;
struct PublishAhead;

inline const char* const kMqttServerModuleId = "{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}";
inline const char* const kMqttToChildren = "{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}";
inline const char* const kMqttFromChildren = "{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}";

// Builds the {7F7632D9-…} packet in Symcon's field order, '/' unescaped, Payload encoded per
// the receiving module's class. `keys`, when given, gets where the text's six member keys sit
// (each occurs once: topic and payload are JSON strings or hex, whose quotes are escaped).
std::string mqttChildPacket(const mqtt::Message& message, DataEncoding encoding, TextKeys* keys = nullptr);
// The same from the PUBLISH's fields where they lie (the read-ahead writes it from the chunk).
std::string mqttChildPacket(std::string_view topic, std::string_view payload, int qos, bool retain,
                            DataEncoding encoding, TextKeys* keys = nullptr);

class MqttServerModule : public Module, public mqtt::BrokerHost {
 public:
  MqttServerModule();
  ~MqttServerModule() override;
  void create() override;
  void applyChanges() override;
  std::string receiveData(const std::string& json) override;
  std::string receivePacket(const Packet& packet) override;
  std::string forwardData(const std::string& json) override;
  std::string getConfigurationForParent() override;

  // A PUBLISH that enters the broker as a connected client session with this client id would
  // send it (CONNECT on first use, then PUBLISH; QoS 2 answered with PUBREL). Used by Python's
  // mqtt_publish and by in-process replay: the same code path as a socket client.
  void injectPublish(const std::string& clientId, const std::string& topic, const std::string& payload, int qos,
                     bool retain);

  // Called for every PUBLISH a client sent, before it reaches the children (`serve --record`).
  void setPublishObserver(std::function<void(const mqtt::Message&, const std::string& clientId)> observer) {
    observer_ = std::move(observer);
  }
  mqtt::Broker& broker() { return *broker_; }

  // BrokerHost
  void sendBytes(mqtt::ClientKey client, std::string bytes) override;
  void closeClient(mqtt::ClientKey client, const std::string& reason) override;
  void onClientPublish(const mqtt::Message& message, const std::string& clientId, mqtt::AckToken token) override;
  void log(int level, const std::string& text) override;
  void storeState(const std::string& key, const std::optional<std::string>& bytes) override;

 private:
  struct SocketClient {
    std::string ip;
    int port = 0;
  };
  struct VirtualClient {
    mqtt::ClientKey key = 0;
    mqtt::StreamDecoder decoder;
    std::uint16_t nextPacketId = 1;
    std::string refusal;  // set when the broker refused or closed the session
  };
  mqtt::BrokerConfig configFromProperties() const;
  // A Server Socket packet's fields (Type 0 data, 1 connect, 2 disconnect) to the broker;
  // `ahead`: the PUBLISH packets read ahead of these bytes on the listener thread.
  void fromSocket(int type, const SocketClient& client, std::string_view bytes,
                  const PublishesReadAhead* ahead = nullptr);
  // Gives the parent Server Socket our reader of its streams (once per parent).
  void installReadAhead();
  // What was read ahead for this message, when its PUBLISH was among those read ahead.
  const PublishAhead* takeReadAhead(const mqtt::Message& message);
  void sendToSocket(const SocketClient& client, int type, const std::string& bytes);
  VirtualClient& virtualClient(const std::string& clientId);
  void dropVirtualClient(mqtt::ClientKey key);
  void confirmBatch(std::vector<mqtt::AckToken> tokens);
  void flushCoalesced(mqtt::ClientKey client);

  // The acknowledgements of one kernel batch: one after-commit action confirms them all, and
  // while it runs the bytes for each socket client are gathered and handed to the Server Socket
  // once (one packet and one write per client instead of one per PUBACK). A batch whose commit
  // failed drops its action, which leaves batchAcks_ as the only owner: a new batch starts.
  std::shared_ptr<std::vector<mqtt::AckToken>> batchAcks_;
  bool coalescing_ = false;
  std::map<mqtt::ClientKey, std::string> coalesced_;  // socket client -> bytes, while coalescing_

  std::unique_ptr<mqtt::Broker> broker_;
  std::map<std::string, mqtt::ClientKey> keysByAddress_;  // "ip:port" -> key
  std::map<mqtt::ClientKey, SocketClient> socketClients_;
  std::map<std::string, std::unique_ptr<VirtualClient>> virtualClients_;
  std::map<mqtt::ClientKey, VirtualClient*> virtualByKey_;
  mqtt::ClientKey nextKey_ = 1;
  std::function<void(const mqtt::Message&, const std::string&)> observer_;
  std::shared_ptr<PublishReadAhead> readAhead_;  // used on the parent's listener thread
  int readAheadParent_ = 0;                      // the Server Socket it was given to
  const PublishesReadAhead* ahead_ = nullptr;    // while the broker reads one chunk
  std::size_t aheadNext_ = 0;
  std::string_view aheadChunk_;  // the chunk `ahead_` was read from (the form's bytes)
};

}  // namespace symemu::core

// Session state that outlives a connection (MQTT §4.1): subscriptions,
// messages in flight both ways, messages waiting for the client.
#pragma once

#include "symemu/core/mqtt/codec/packet.h"
#include "symemu/core/mqtt/broker/broker_host.h"
#include "symemu/core/mqtt/broker/stored_message.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace symemu::mqtt {

struct Connection;

struct Subscription {
  std::string filter;
  int qos = 0;
  bool noLocal = false;
  bool retainAsPublished = false;
  int retainHandling = 0;
  std::optional<std::uint32_t> identifier;
};

// One message on its way to one session.
struct Delivery {
  MessagePtr message;
  int qos = 0;
  bool retain = false;
  std::vector<std::uint32_t> subscriptionIds;
  std::uint64_t seq = 0;  // position in its session, names its stored row
};

// Outgoing QoS 1/2 message waiting for PUBACK, PUBREC or PUBCOMP.
struct InflightMessage {
  std::uint16_t packetId = 0;
  Delivery delivery;
  bool awaitingPubcomp = false;  // QoS 2 after PUBREC: PUBREL sent
};

// Incoming QoS 2 message, remembered until PUBREL (duplicate suppression).
struct IncomingQos2 {
  AckToken token = 0;
  bool confirmed = false;  // host confirmed -> PUBREC sent
  bool released = false;   // PUBREL came before the confirm: PUBCOMP (not PUBREC) follows it
};

struct Session {
  std::string clientId;
  std::uint64_t serial = 0;  // distinguishes a new session under the same client id
  Connection* connection = nullptr;
  std::uint32_t expiryInterval = 0;  // seconds; 0xFFFFFFFF = never
  double disconnectedAt = 0;
  std::map<std::string, Subscription> subscriptions;
  std::deque<InflightMessage> inflight;
  std::deque<Delivery> queue;
  std::map<std::uint16_t, IncomingQos2> incomingQos2;
  std::uint64_t nextSeq = 1;

  // Outlives its connection, so it is stored (BrokerHost::storeState).
  bool persistent() const { return expiryInterval > 0; }

  // Next free packet identifier for an outgoing message, 0 if all are in use.
  std::uint16_t allocatePacketId();
  InflightMessage* findInflight(std::uint16_t packetId);
  void eraseInflight(std::uint16_t packetId);
  bool expiredAt(double now) const;

 private:
  std::uint16_t lastPacketId_ = 0;
};

}  // namespace symemu::mqtt

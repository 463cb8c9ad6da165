// One network connection as the broker sees it.
#pragma once

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/broker/broker_host.h"
#include "symemu/core/mqtt/broker/message.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace symemu::mqtt {

struct Session;

struct Connection {
  enum class State { AwaitingConnect, Connected, Closed };

  ClientKey key = 0;
  std::uint64_t serial = 0;  // unique per connection, also if the host reuses keys
  std::string ip;
  std::uint16_t port = 0;
  StreamDecoder decoder;
  State state = State::AwaitingConnect;
  ProtocolVersion version = ProtocolVersion::V311;
  double openedAt = 0;
  double lastReceived = 0;
  std::uint16_t keepAlive = 0;
  Session* session = nullptr;
  std::string clientId;
  std::uint32_t requestedSessionExpiry = 0;  // as sent in CONNECT (v5 DISCONNECT rule)
  // What the client told us about itself (v5 CONNECT properties).
  std::uint32_t maxPacketSizeOut = 0xFFFFFFFF;
  std::uint16_t receiveMaximumOut = 65535;
  std::map<std::uint16_t, std::string> topicAliases;  // incoming aliases
  // Outgoing aliases (§3.3.2.3.4): at most the client's Topic Alias Maximum, assigned in order.
  std::uint16_t topicAliasMaximumOut = 0;
  std::unordered_map<std::string, std::uint16_t> outgoingAliases;
  std::optional<Message> will;
  std::uint32_t willDelay = 0;
  std::size_t pendingQos1 = 0;  // incoming QoS 1 waiting for confirm

  bool v5() const { return version == ProtocolVersion::V5; }
};

}  // namespace symemu::mqtt

// In-memory form of the 15 MQTT control packets (3.1, 3.1.1 and 5.0).
#pragma once

#include "symemu/core/mqtt/codec/properties.h"
#include "symemu/core/mqtt/codec/reason_code.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace symemu::mqtt {

enum class PacketType : std::uint8_t {
  Connect = 1,
  Connack,
  Publish,
  Puback,
  Pubrec,
  Pubrel,
  Pubcomp,
  Subscribe,
  Suback,
  Unsubscribe,
  Unsuback,
  Pingreq,
  Pingresp,
  Disconnect,
  Auth
};

// The CONNECT protocol level.
enum class ProtocolVersion : std::uint8_t { V31 = 3, V311 = 4, V5 = 5 };

const char* packetTypeName(PacketType type);  // "CONNECT", "PUBLISH", ...

// Largest value a remaining length can carry (4-byte variable byte integer).
constexpr std::uint32_t kMaxRemainingLength = 268435455;

struct Will {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
  Properties properties;  // v5 will properties (delay, expiry, content type, ...)
};

struct Connect {
  std::string protocolName = "MQTT";  // "MQIsdp" for 3.1
  ProtocolVersion version = ProtocolVersion::V311;
  bool cleanStart = true;  // "clean session" in 3.1.1
  std::uint16_t keepAlive = 60;
  std::string clientId;
  std::optional<Will> will;
  std::optional<std::string> userName;
  std::optional<std::string> password;  // binary data
  Properties properties;
};

struct Connack {
  bool sessionPresent = false;
  // v5 reason code; for 3.1/3.1.1 the return code (ConnectReturnCode) value.
  ReasonCode reasonCode = ReasonCode::Success;
  Properties properties;
};

struct Publish {
  bool dup = false;
  int qos = 0;
  bool retain = false;
  std::string topic;
  std::uint16_t packetId = 0;  // only when qos > 0
  std::string payload;
  Properties properties;
};

// PUBACK, PUBREC, PUBREL and PUBCOMP share their layout.
struct AckPacket {
  std::uint16_t packetId = 0;
  ReasonCode reasonCode = ReasonCode::Success;
  Properties properties;
};
struct Puback : AckPacket {};
struct Pubrec : AckPacket {};
struct Pubrel : AckPacket {};
struct Pubcomp : AckPacket {};

struct SubscribeEntry {
  std::string filter;
  int qos = 0;
  bool noLocal = false;            // v5
  bool retainAsPublished = false;  // v5
  int retainHandling = 0;          // v5: 0 send, 1 send if new, 2 never
};

struct Subscribe {
  std::uint16_t packetId = 0;
  Properties properties;
  std::vector<SubscribeEntry> entries;
};

struct Suback {
  std::uint16_t packetId = 0;
  Properties properties;
  std::vector<ReasonCode> reasonCodes;  // 3.1.1: 0,1,2 or 0x80
};

struct Unsubscribe {
  std::uint16_t packetId = 0;
  Properties properties;
  std::vector<std::string> filters;
};

struct Unsuback {
  std::uint16_t packetId = 0;
  Properties properties;
  std::vector<ReasonCode> reasonCodes;  // v5 only; empty in 3.1.1
};

struct Pingreq {};
struct Pingresp {};

struct Disconnect {
  ReasonCode reasonCode = ReasonCode::NormalDisconnection;
  Properties properties;
};

struct Auth {  // v5 only
  ReasonCode reasonCode = ReasonCode::Success;
  Properties properties;
};

// Alternative index + 1 == PacketType value.
using Packet = std::variant<Connect, Connack, Publish, Puback, Pubrec, Pubrel, Pubcomp, Subscribe, Suback, Unsubscribe,
                            Unsuback, Pingreq, Pingresp, Disconnect, Auth>;

inline PacketType packetTypeOf(const Packet& p) { return static_cast<PacketType>(p.index() + 1); }

}  // namespace symemu::mqtt

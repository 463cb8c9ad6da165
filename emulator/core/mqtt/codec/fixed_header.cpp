#include "symemu/core/mqtt/codec/fixed_header.h"

#include "symemu/core/mqtt/codec/wire.h"

#include <string>

namespace symemu::mqtt {

std::uint8_t requiredFlags(PacketType type) {
  switch (type) {
    case PacketType::Pubrel:
    case PacketType::Subscribe:
    case PacketType::Unsubscribe:
      return 0x2;
    default:
      return 0x0;
  }
}

PacketType checkFixedHeader(std::uint8_t header, ProtocolVersion version) {
  const unsigned typeNumber = header >> 4;
  const unsigned flags = header & 0x0F;
  if (typeNumber == 0) throwMalformed("reserved packet type 0");
  if (typeNumber == 15 && version != ProtocolVersion::V5) throwMalformed("reserved packet type 15 (AUTH needs MQTT 5)");
  const auto type = static_cast<PacketType>(typeNumber);
  if (type == PacketType::Publish) {
    if (((flags >> 1) & 0x3) == 3) throwMalformed("QoS 3 in PUBLISH");
    if ((flags & 0x8) && ((flags >> 1) & 0x3) == 0) throwMalformed("DUP flag set on QoS 0 PUBLISH");
    return type;
  }
  if (flags != requiredFlags(type)) {
    static const char* digits = "0123456789abcdef";
    throwMalformed(std::string("reserved flags 0x") + digits[flags] + " in " + packetTypeName(type));
  }
  return type;
}

const char* packetTypeName(PacketType type) {
  switch (type) {
    case PacketType::Connect:
      return "CONNECT";
    case PacketType::Connack:
      return "CONNACK";
    case PacketType::Publish:
      return "PUBLISH";
    case PacketType::Puback:
      return "PUBACK";
    case PacketType::Pubrec:
      return "PUBREC";
    case PacketType::Pubrel:
      return "PUBREL";
    case PacketType::Pubcomp:
      return "PUBCOMP";
    case PacketType::Subscribe:
      return "SUBSCRIBE";
    case PacketType::Suback:
      return "SUBACK";
    case PacketType::Unsubscribe:
      return "UNSUBSCRIBE";
    case PacketType::Unsuback:
      return "UNSUBACK";
    case PacketType::Pingreq:
      return "PINGREQ";
    case PacketType::Pingresp:
      return "PINGRESP";
    case PacketType::Disconnect:
      return "DISCONNECT";
    case PacketType::Auth:
      return "AUTH";
  }
  return "UNKNOWN";
}

}  // namespace symemu::mqtt

// One dispatch function in front of the per-packet handlers.
#include "symemu/core/mqtt/broker/broker_core.h"

namespace symemu::mqtt {

void BrokerCore::handlePacket(Connection& c, Packet& packet) {
  const PacketType type = packetTypeOf(packet);
  if (c.state == Connection::State::AwaitingConnect && type != PacketType::Connect) {
    log(LogLevel::Warning, describe(c) + " dropped: " + packetTypeName(type) + " before CONNECT");
    drop(c, std::string(packetTypeName(type)) + " before CONNECT", false);
    return;
  }
  switch (type) {
    case PacketType::Connect:
      handleConnect(c, std::get<Connect>(packet));
      return;
    case PacketType::Publish:
      handlePublish(c, std::get<Publish>(packet));
      return;
    case PacketType::Puback:
      handlePuback(c, std::get<Puback>(packet));
      return;
    case PacketType::Pubrec:
      handlePubrec(c, std::get<Pubrec>(packet));
      return;
    case PacketType::Pubrel:
      handlePubrel(c, std::get<Pubrel>(packet));
      return;
    case PacketType::Pubcomp:
      handlePubcomp(c, std::get<Pubcomp>(packet));
      return;
    case PacketType::Subscribe:
      handleSubscribe(c, std::get<Subscribe>(packet));
      return;
    case PacketType::Unsubscribe:
      handleUnsubscribe(c, std::get<Unsubscribe>(packet));
      return;
    case PacketType::Pingreq:
      handlePingreq(c);
      return;
    case PacketType::Disconnect:
      handleDisconnect(c, std::get<Disconnect>(packet));
      return;
    case PacketType::Auth:
      handleAuth(c, std::get<Auth>(packet));
      return;
    case PacketType::Connack:
    case PacketType::Suback:
    case PacketType::Unsuback:
    case PacketType::Pingresp:
      protocolViolation(c, ReasonCode::ProtocolError, std::string(packetTypeName(type)) + " sent by a client");
      return;
  }
}

void BrokerCore::handleDecodeError(Connection& c, const DecodeError& e) {
  if (c.state != Connection::State::AwaitingConnect) {
    protocolViolation(c, e.code, e.message);
    return;
  }
  log(LogLevel::Warning, describe(c) + " dropped: " + e.message + " (" + reasonCodeName(e.code) + ")");
  if (e.packetType == PacketType::Connect) {
    Connack refusal;
    if (e.code == ReasonCode::UnsupportedProtocolVersion) {
      // The client's version is unknown: answer in the 3.1.1 form, return code 1 (§3.1.2.2).
      refusal.reasonCode = static_cast<ReasonCode>(ConnectReturnCode::UnacceptableProtocolVersion);
      c.version = ProtocolVersion::V311;
      send(c, refusal);
    } else if (e.connectVersion == ProtocolVersion::V5) {
      c.version = ProtocolVersion::V5;
      refusal.reasonCode = e.code;
      refusal.properties.reasonString = e.message;
      send(c, refusal);
    }
  }
  drop(c, e.message, false);
}

void BrokerCore::handlePingreq(Connection& c) { send(c, Pingresp{}); }

void BrokerCore::handleAuth(Connection& c, const Auth&) {
  // No enhanced authentication is offered (CONNACK refuses any Authentication
  // Method), so any AUTH is a protocol error (§4.12).
  protocolViolation(c, ReasonCode::ProtocolError,
                    "AUTH without an authentication method (enhanced authentication not supported)");
}

}  // namespace symemu::mqtt

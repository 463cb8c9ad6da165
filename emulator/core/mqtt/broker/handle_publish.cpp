// PUBLISH from a client: topic aliases, flow-control limits, QoS 2 duplicate
// suppression, retained store, routing, and acknowledgement after confirm().
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/utf8.h"

namespace symemu::mqtt {

void BrokerCore::handlePublish(Connection& c, Publish& p) {
  Session& s = *c.session;
  if (c.v5()) {
    if (!p.properties.subscriptionIdentifiers.empty()) {
      protocolViolation(c, ReasonCode::ProtocolError, "Subscription Identifier in PUBLISH from a client");
      return;
    }
    if (p.properties.topicAlias) {
      const std::uint16_t alias = *p.properties.topicAlias;
      if (alias == 0 || alias > config_.topicAliasMaximum) {
        protocolViolation(
            c, ReasonCode::TopicAliasInvalid,
            "topic alias " + std::to_string(alias) + " outside 1.." + std::to_string(config_.topicAliasMaximum));
        return;
      }
      if (p.topic.empty()) {
        auto it = c.topicAliases.find(alias);
        if (it == c.topicAliases.end()) {
          protocolViolation(c, ReasonCode::ProtocolError, "unknown topic alias " + std::to_string(alias));
          return;
        }
        p.topic = it->second;
      } else {
        c.topicAliases[alias] = p.topic;
      }
    }
    if (p.retain && !config_.retainAvailable) {
      protocolViolation(c, ReasonCode::RetainNotSupported, "retained PUBLISH but retain not available");
      return;
    }
  } else if (p.retain && !config_.retainAvailable) {
    p.retain = false;  // 3.1.1 has no way to refuse it; deliver, do not store
  }

  if (p.qos == 2) {
    auto dup = s.incomingQos2.find(p.packetId);
    if (dup != s.incomingQos2.end()) {
      // Already accepted and not yet released: do not deliver twice (§4.3.3).
      if (dup->second.confirmed) {
        Pubrec rec;
        rec.packetId = p.packetId;
        send(c, rec);
      }
      return;
    }
  }
  if (p.qos > 0 && c.pendingQos1 + s.incomingQos2.size() >= config_.receiveMaximum) {
    protocolViolation(
        c, ReasonCode::ReceiveMaximumExceeded,
        "more than " + std::to_string(config_.receiveMaximum) + " unacknowledged QoS 1/2 PUBLISH packets");
    return;
  }
  if (c.v5() && p.properties.payloadFormatIndicator == 1 && !isValidUtf8(p.payload)) {
    const std::string why = "payload of '" + p.topic + "' is not UTF-8 but payload format indicator is 1";
    if (p.qos == 0) {
      protocolViolation(c, ReasonCode::PayloadFormatInvalid, why);
      return;
    }
    log(LogLevel::Warning, describe(c) + ": " + why);
    if (p.qos == 1) {
      Puback ack;
      ack.packetId = p.packetId;
      ack.reasonCode = ReasonCode::PayloadFormatInvalid;
      send(c, ack);
    } else {
      Pubrec ack;
      ack.packetId = p.packetId;
      ack.reasonCode = ReasonCode::PayloadFormatInvalid;
      send(c, ack);
    }
    return;
  }

  // Where the payload lay in the bytes bytesReceived was given (the payload is the packet's
  // end), for the host while onClientPublish runs: empty when it was decoded from a copy.
  std::string_view wire = c.decoder.lastPacketInPlace();
  wire = wire.size() >= p.payload.size() ? wire.substr(wire.size() - p.payload.size()) : std::string_view();
  const bool retain = p.retain;
  MessagePtr stored = makeStored(messageFrom(std::move(p)), c.clientId);  // p's texts are not read again
  if (retain) storeRetained(stored);

  AckToken token = 0;
  if (p.qos > 0) {
    token = nextToken_++;
    PendingAck pending;
    pending.qos = p.qos;
    pending.packetId = p.packetId;
    pending.key = c.key;
    pending.connectionSerial = c.serial;
    pending.clientId = c.clientId;
    pending.sessionSerial = s.serial;
    pendingAcks_[token] = pending;
    if (p.qos == 1)
      ++c.pendingQos1;
    else
      s.incomingQos2[p.packetId] = IncomingQos2{token, false};
  }
  const std::string clientId = c.clientId;  // c may be closed by a re-entrant call below
  route(stored);
  struct Restore {  // a host's child may publish through an in-process client meanwhile
    std::string_view& slot;
    std::string_view saved;
    ~Restore() { slot = saved; }
  } restore{payloadOnWire_, payloadOnWire_};
  payloadOnWire_ = wire;
  host_.onClientPublish(stored->message, clientId, token);
}

void BrokerCore::handlePuback(Connection& c, const Puback& p) {
  Session& s = *c.session;
  InflightMessage* m = s.findInflight(p.packetId);
  if (!m || m->delivery.qos != 1) {  // unknown id or a QoS 2 message: nothing in flight changes
    log(LogLevel::Debug, describe(c) + " PUBACK for " + (m ? "QoS 2" : "unknown") + " packet id " +
                             std::to_string(p.packetId) + " ignored");
    return;
  }
  forgetMessage(s, m->delivery);
  s.eraseInflight(p.packetId);
  pump(s);
}

void BrokerCore::handlePubrec(Connection& c, const Pubrec& p) {
  Session& s = *c.session;
  InflightMessage* m = s.findInflight(p.packetId);
  if (m && m->delivery.qos != 2) {  // PUBREC for a QoS 1 message: ignored, PUBACK still awaited
    log(LogLevel::Warning, describe(c) + " PUBREC for QoS 1 packet id " + std::to_string(p.packetId) + " ignored");
    return;
  }
  if (!m) {  // §4.3.3: PUBREL with 0x92 Packet Identifier not found
    Pubrel rel;
    rel.packetId = p.packetId;
    if (c.v5()) rel.reasonCode = ReasonCode::PacketIdentifierNotFound;
    send(c, rel);
    return;
  }
  if (isError(p.reasonCode)) {  // the receiver refused it: the flow ends here
    forgetMessage(s, m->delivery);
    s.eraseInflight(p.packetId);
    pump(s);
    return;
  }
  m->awaitingPubcomp = true;
  persistMessage(s, m->delivery, p.packetId, true);
  Pubrel rel;
  rel.packetId = p.packetId;
  send(c, rel);
}

void BrokerCore::handlePubrel(Connection& c, const Pubrel& p) {
  Session& s = *c.session;
  auto it = s.incomingQos2.find(p.packetId);
  Pubcomp comp;
  comp.packetId = p.packetId;
  if (it == s.incomingQos2.end()) {
    if (c.v5()) comp.reasonCode = ReasonCode::PacketIdentifierNotFound;
    send(c, comp);
    return;
  }
  if (!it->second.confirmed) {
    // Released before we sent PUBREC (still committing): answer with PUBCOMP once committed,
    // rather than close the connection and lose the other messages in flight.
    log(LogLevel::Debug, describe(c) + " PUBREL for packet id " + std::to_string(p.packetId) + " before PUBREC");
    it->second.released = true;
    return;
  }
  s.incomingQos2.erase(it);
  send(c, comp);
}

void BrokerCore::handlePubcomp(Connection& c, const Pubcomp& p) {
  Session& s = *c.session;
  InflightMessage* m = s.findInflight(p.packetId);
  if (!m || !m->awaitingPubcomp) {  // unknown id, or before PUBREC: nothing in flight changes
    log(LogLevel::Debug, describe(c) + " PUBCOMP for " + (m ? "unreleased" : "unknown") + " packet id " +
                             std::to_string(p.packetId) + " ignored");
    return;
  }
  forgetMessage(s, m->delivery);
  s.eraseInflight(p.packetId);
  pump(s);
}

}  // namespace symemu::mqtt

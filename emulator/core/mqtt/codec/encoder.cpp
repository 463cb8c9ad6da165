#include "symemu/core/mqtt/codec/encoder.h"

#include "symemu/core/mqtt/codec/fixed_header.h"
#include "symemu/core/mqtt/codec/wire.h"

namespace symemu::mqtt {

namespace {

bool isV5(ProtocolVersion v) { return v == ProtocolVersion::V5; }

void body(WireWriter& w, const Connect& c, ProtocolVersion) {
  const bool v5 = isV5(c.version);
  w.utf8(c.protocolName);
  w.u8(static_cast<std::uint8_t>(c.version));
  std::uint8_t flags = 0;
  if (c.cleanStart) flags |= 0x02;
  if (c.will) {
    flags |= 0x04;
    flags |= static_cast<std::uint8_t>((c.will->qos & 0x3) << 3);
    if (c.will->retain) flags |= 0x20;
  }
  if (c.password) flags |= 0x40;
  if (c.userName) flags |= 0x80;
  w.u8(flags);
  w.u16(c.keepAlive);
  if (v5) writeProperties(w, c.properties);
  w.utf8(c.clientId);
  if (c.will) {
    if (v5) writeProperties(w, c.will->properties);
    w.utf8(c.will->topic);
    w.binary(c.will->payload);
  }
  if (c.userName) w.utf8(*c.userName);
  if (c.password) w.binary(*c.password);
}

void body(WireWriter& w, const Connack& c, ProtocolVersion v) {
  w.u8(c.sessionPresent ? 1 : 0);
  w.u8(toByte(c.reasonCode));
  if (isV5(v)) writeProperties(w, c.properties);
}

void body(WireWriter& w, const Publish& p, ProtocolVersion v) {
  w.utf8(p.topic);
  if (p.qos > 0) w.u16(p.packetId);
  if (isV5(v)) writeProperties(w, p.properties);
  w.raw(p.payload);
}

void body(WireWriter& w, const AckPacket& a, ProtocolVersion v) {
  w.u16(a.packetId);
  if (!isV5(v)) return;
  const bool noProps = a.properties == Properties{};
  if (a.reasonCode == ReasonCode::Success && noProps) return;  // short form, §3.4.2.1
  w.u8(toByte(a.reasonCode));
  if (!noProps) writeProperties(w, a.properties);
}

void body(WireWriter& w, const Subscribe& s, ProtocolVersion v) {
  w.u16(s.packetId);
  if (isV5(v)) writeProperties(w, s.properties);
  for (const auto& e : s.entries) {
    w.utf8(e.filter);
    std::uint8_t opts = static_cast<std::uint8_t>(e.qos & 0x3);
    if (isV5(v)) {
      if (e.noLocal) opts |= 0x04;
      if (e.retainAsPublished) opts |= 0x08;
      opts |= static_cast<std::uint8_t>((e.retainHandling & 0x3) << 4);
    }
    w.u8(opts);
  }
}

void body(WireWriter& w, const Suback& s, ProtocolVersion v) {
  w.u16(s.packetId);
  if (isV5(v)) writeProperties(w, s.properties);
  for (auto rc : s.reasonCodes) w.u8(toByte(rc));
}

void body(WireWriter& w, const Unsubscribe& u, ProtocolVersion v) {
  w.u16(u.packetId);
  if (isV5(v)) writeProperties(w, u.properties);
  for (const auto& f : u.filters) w.utf8(f);
}

void body(WireWriter& w, const Unsuback& u, ProtocolVersion v) {
  w.u16(u.packetId);
  if (!isV5(v)) return;
  writeProperties(w, u.properties);
  for (auto rc : u.reasonCodes) w.u8(toByte(rc));
}

void body(WireWriter&, const Pingreq&, ProtocolVersion) {}
void body(WireWriter&, const Pingresp&, ProtocolVersion) {}

template <typename P>
void reasonOnly(WireWriter& w, const P& p, ProtocolVersion v) {
  if (!isV5(v)) return;
  const bool noProps = p.properties == Properties{};
  if (p.reasonCode == ReasonCode::Success && noProps) return;
  w.u8(toByte(p.reasonCode));
  if (!noProps) writeProperties(w, p.properties);
}

void body(WireWriter& w, const Disconnect& d, ProtocolVersion v) { reasonOnly(w, d, v); }
void body(WireWriter& w, const Auth& a, ProtocolVersion v) { reasonOnly(w, a, v); }

std::uint8_t headerByte(const Packet& packet) {
  const PacketType type = packetTypeOf(packet);
  std::uint8_t header = static_cast<std::uint8_t>(static_cast<std::uint8_t>(type) << 4);
  if (const auto* p = std::get_if<Publish>(&packet)) {
    if (p->dup) header |= 0x08;
    header |= static_cast<std::uint8_t>((p->qos & 0x3) << 1);
    if (p->retain) header |= 0x01;
  } else {
    header |= requiredFlags(type);
  }
  return header;
}

}  // namespace

std::string encode(const Packet& packet, ProtocolVersion version) {
  WireWriter payload;
  std::visit([&](const auto& p) { body(payload, p, version); }, packet);
  WireWriter out;
  out.u8(headerByte(packet));
  out.varint(static_cast<std::uint32_t>(payload.size()));
  out.raw(payload.str());
  return std::move(out.str());
}

}  // namespace symemu::mqtt

#include "symemu/core/mqtt/codec/decoder.h"

#include "symemu/core/mqtt/codec/fixed_header.h"
#include "symemu/core/mqtt/codec/topic.h"
#include "symemu/core/mqtt/codec/utf8.h"
#include "symemu/core/mqtt/codec/wire.h"

#include <algorithm>
#include <string>

namespace symemu::mqtt {

namespace {

bool isV5(ProtocolVersion v) { return v == ProtocolVersion::V5; }

std::uint16_t readPacketId(WireReader& r, PacketType type) {
  std::uint16_t id = r.u16("packet identifier");
  if (id == 0) throwProtocolError(std::string("packet identifier 0 in ") + packetTypeName(type));
  return id;
}

void requireEnd(const WireReader& r, PacketType type) {
  if (!r.atEnd())
    throwMalformed(std::to_string(r.remaining()) + " unexpected trailing bytes in " + packetTypeName(type));
}

Connect decodeConnect(WireReader& r, std::optional<ProtocolVersion>& versionSeen) {
  Connect c;
  c.protocolName = r.utf8("protocol name");
  const std::uint8_t level = r.u8("protocol level");
  if (c.protocolName != "MQTT" && c.protocolName != "MQIsdp")
    throwProtocolError("unsupported protocol name '" + c.protocolName + "'");
  const bool known =
      (c.protocolName == "MQIsdp" && level == 3) || (c.protocolName == "MQTT" && (level == 4 || level == 5));
  if (!known)
    throw DecodeFailure{ReasonCode::UnsupportedProtocolVersion,
                        "unsupported protocol level " + std::to_string(level) + " for '" + c.protocolName + "'"};
  c.version = static_cast<ProtocolVersion>(level);
  versionSeen = c.version;

  const std::uint8_t flags = r.u8("connect flags");
  if (flags & 0x01) throwMalformed("reserved connect flag bit 0 set");
  c.cleanStart = flags & 0x02;
  const bool willFlag = flags & 0x04;
  const int willQos = (flags >> 3) & 0x3;
  const bool willRetain = flags & 0x20;
  const bool passwordFlag = flags & 0x40;
  const bool userNameFlag = flags & 0x80;
  if (willQos == 3) throwMalformed("will QoS 3");
  if (!willFlag && (willQos != 0 || willRetain)) throwMalformed("will QoS or will retain set without will flag");
  if (passwordFlag && !userNameFlag && !isV5(c.version)) throwMalformed("password flag without user name flag");
  c.keepAlive = r.u16("keep alive");
  if (isV5(c.version)) c.properties = readProperties(r, PropertyContext::Connect);

  c.clientId = r.utf8("client identifier");
  if (willFlag) {
    Will w;
    w.qos = willQos;
    w.retain = willRetain;
    if (isV5(c.version)) w.properties = readProperties(r, PropertyContext::Will);
    w.topic = r.utf8("will topic");
    if (!isValidTopicName(w.topic))
      throw DecodeFailure{ReasonCode::TopicNameInvalid, "invalid will topic '" + w.topic + "'"};
    w.payload = r.binary("will payload");
    if (w.properties.payloadFormatIndicator == 1 && !isValidUtf8(w.payload))
      throw DecodeFailure{ReasonCode::PayloadFormatInvalid, "will payload is not UTF-8 but payload format is 1"};
    c.will = std::move(w);
  }
  if (userNameFlag) c.userName = r.utf8("user name");
  if (passwordFlag) c.password = r.binary("password");
  requireEnd(r, PacketType::Connect);
  return c;
}

Connack decodeConnack(WireReader& r, ProtocolVersion v) {
  Connack c;
  const std::uint8_t flags = r.u8("connack flags");
  if (flags & 0xFE) throwMalformed("reserved connack flags set");
  c.sessionPresent = flags & 0x01;
  c.reasonCode = static_cast<ReasonCode>(r.u8("connect reason code"));
  if (isV5(v)) c.properties = readProperties(r, PropertyContext::Connack);
  requireEnd(r, PacketType::Connack);
  return c;
}

Publish decodePublish(std::uint8_t header, WireReader& r, ProtocolVersion v) {
  Publish p;
  p.dup = header & 0x08;
  p.qos = (header >> 1) & 0x03;
  p.retain = header & 0x01;
  p.topic = r.utf8("topic name");
  if (p.qos > 0) p.packetId = readPacketId(r, PacketType::Publish);
  if (isV5(v)) p.properties = readProperties(r, PropertyContext::Publish);
  // Two finds: find_first_of looks each byte up in the set (~25 instructions a byte).
  if (p.topic.find('+') != std::string::npos || p.topic.find('#') != std::string::npos)
    throw DecodeFailure{ReasonCode::TopicNameInvalid, "wildcard in PUBLISH topic '" + p.topic + "'"};
  // v5 allows an empty topic together with a Topic Alias (checked by the broker).
  if (p.topic.empty() && !(isV5(v) && p.properties.topicAlias))
    throw DecodeFailure{isV5(v) ? ReasonCode::ProtocolError : ReasonCode::MalformedPacket,
                        "empty topic name in PUBLISH"};
  p.payload = std::string(r.rest());
  return p;
}

template <typename Ack>
Ack decodeAck(WireReader& r, PacketType type, ProtocolVersion v) {
  Ack a;
  a.packetId = readPacketId(r, type);
  if (isV5(v)) {
    if (!r.atEnd()) a.reasonCode = static_cast<ReasonCode>(r.u8("reason code"));
    if (!r.atEnd()) a.properties = readProperties(r, PropertyContext::PubAck);
  }
  requireEnd(r, type);
  return a;
}

Subscribe decodeSubscribe(WireReader& r, ProtocolVersion v) {
  Subscribe s;
  s.packetId = readPacketId(r, PacketType::Subscribe);
  if (isV5(v)) s.properties = readProperties(r, PropertyContext::Subscribe);
  while (!r.atEnd()) {
    SubscribeEntry e;
    e.filter = r.utf8("topic filter");
    const std::uint8_t opts = r.u8("subscription options");
    if (opts & (isV5(v) ? 0xC0 : 0xFC)) throwMalformed("reserved bits set in subscription options");
    e.qos = opts & 0x03;
    if (e.qos == 3) throwMalformed("QoS 3 in SUBSCRIBE");
    if (isV5(v)) {
      e.noLocal = opts & 0x04;
      e.retainAsPublished = opts & 0x08;
      e.retainHandling = (opts >> 4) & 0x03;
      if (e.retainHandling == 3) throwProtocolError("retain handling 3 in SUBSCRIBE");
    }
    s.entries.push_back(std::move(e));
  }
  if (s.entries.empty()) throwProtocolError("SUBSCRIBE without topic filters");
  return s;
}

Suback decodeSuback(WireReader& r, ProtocolVersion v) {
  Suback s;
  s.packetId = readPacketId(r, PacketType::Suback);
  if (isV5(v)) s.properties = readProperties(r, PropertyContext::Suback);
  for (char c : r.rest()) s.reasonCodes.push_back(static_cast<ReasonCode>(static_cast<std::uint8_t>(c)));
  return s;
}

Unsubscribe decodeUnsubscribe(WireReader& r, ProtocolVersion v) {
  Unsubscribe u;
  u.packetId = readPacketId(r, PacketType::Unsubscribe);
  if (isV5(v)) u.properties = readProperties(r, PropertyContext::Unsubscribe);
  while (!r.atEnd()) u.filters.push_back(r.utf8("topic filter"));
  if (u.filters.empty()) throwProtocolError("UNSUBSCRIBE without topic filters");
  return u;
}

Unsuback decodeUnsuback(WireReader& r, ProtocolVersion v) {
  Unsuback u;
  u.packetId = readPacketId(r, PacketType::Unsuback);
  if (isV5(v)) {
    u.properties = readProperties(r, PropertyContext::Unsuback);
    for (char c : r.rest()) u.reasonCodes.push_back(static_cast<ReasonCode>(static_cast<std::uint8_t>(c)));
  }
  requireEnd(r, PacketType::Unsuback);
  return u;
}

template <typename P>
P decodeReasonOnly(WireReader& r, PacketType type, PropertyContext ctx, ProtocolVersion v) {
  P p;
  if (isV5(v)) {
    if (!r.atEnd()) p.reasonCode = static_cast<ReasonCode>(r.u8("reason code"));
    if (!r.atEnd()) p.properties = readProperties(r, ctx);
  }
  requireEnd(r, type);
  return p;
}

Packet decodeBody(PacketType type, std::uint8_t header, WireReader& r, ProtocolVersion v,
                  std::optional<ProtocolVersion>& connectVersion) {
  switch (type) {
    case PacketType::Connect:
      return decodeConnect(r, connectVersion);
    case PacketType::Connack:
      return decodeConnack(r, v);
    case PacketType::Publish:
      return decodePublish(header, r, v);
    case PacketType::Puback:
      return decodeAck<Puback>(r, type, v);
    case PacketType::Pubrec:
      return decodeAck<Pubrec>(r, type, v);
    case PacketType::Pubrel:
      return decodeAck<Pubrel>(r, type, v);
    case PacketType::Pubcomp:
      return decodeAck<Pubcomp>(r, type, v);
    case PacketType::Subscribe:
      return decodeSubscribe(r, v);
    case PacketType::Suback:
      return decodeSuback(r, v);
    case PacketType::Unsubscribe:
      return decodeUnsubscribe(r, v);
    case PacketType::Unsuback:
      return decodeUnsuback(r, v);
    case PacketType::Pingreq:
      requireEnd(r, type);
      return Pingreq{};
    case PacketType::Pingresp:
      requireEnd(r, type);
      return Pingresp{};
    case PacketType::Disconnect:
      return decodeReasonOnly<Disconnect>(r, type, PropertyContext::Disconnect, v);
    case PacketType::Auth:
      return decodeReasonOnly<Auth>(r, type, PropertyContext::Auth, v);
  }
  throwMalformed("unknown packet type");
}

DecodeResult failure(DecodeError e) {
  DecodeResult r;
  r.status = DecodeResult::Status::Error;
  r.error = std::move(e);
  return r;
}

}  // namespace

DecodeResult decodePacket(std::uint8_t header, std::string_view body, ProtocolVersion version) {
  std::optional<PacketType> type;
  std::optional<ProtocolVersion> connectVersion;
  try {
    type = checkFixedHeader(header, version);
    WireReader r(body);
    DecodeResult result;
    result.packet = decodeBody(*type, header, r, version, connectVersion);
    result.status = DecodeResult::Status::Packet;
    return result;
  } catch (const DecodeFailure& f) {
    std::string message = f.message;
    if (type && message.find(packetTypeName(*type)) == std::string::npos)
      message += std::string(" in ") + packetTypeName(*type);
    return failure(DecodeError{f.code, std::move(message), type, connectVersion});
  }
}

StreamDecoder::StreamDecoder(std::uint32_t maxPacketSize) : maxPacketSize_(maxPacketSize) {}

void StreamDecoder::feed(std::string_view bytes) {
  if (failed_) return;  // nothing more is read from a failed stream
  keepRest();
  buffer_.append(bytes.data(), bytes.size());
}

void StreamDecoder::feedInPlace(std::string_view bytes) {
  if (failed_) return;
  keepRest();
  if (offset_ == buffer_.size()) {  // nothing buffered: read these where they are
    buffer_.clear();
    offset_ = 0;
    inPlace_ = bytes;
    return;
  }
  // The start of a packet cut by the previous chunk: only the bytes that complete it are copied
  // (appending every later chunk kept a stream that was cut once copied for good).
  const std::size_t take = bytesToComplete(bytes);
  buffer_.append(bytes.data(), take);
  inPlace_ = bytes.substr(take);
}

std::size_t StreamDecoder::bytesToComplete(std::string_view bytes) const {
  const std::string_view pending = std::string_view(buffer_).substr(offset_);
  auto byteAt = [&](std::size_t i) -> int {
    if (i < pending.size()) return static_cast<std::uint8_t>(pending[i]);
    return i - pending.size() < bytes.size() ? static_cast<std::uint8_t>(bytes[i - pending.size()]) : -1;
  };
  std::uint32_t remaining = 0;
  std::size_t lengthBytes = 0;
  for (;;) {
    // A malformed length or one not complete yet: all of it, as decodeFrom reads it from there.
    if (lengthBytes == 4) return bytes.size();
    const int b = byteAt(1 + lengthBytes);
    if (b < 0) return bytes.size();
    remaining |= static_cast<std::uint32_t>(b & 0x7F) << (7 * lengthBytes);
    ++lengthBytes;
    if (!(b & 0x80)) break;
  }
  const std::uint64_t total = 1 + lengthBytes + static_cast<std::uint64_t>(remaining);
  // Too large (decodeFrom refuses it), or the buffer already holds more than this packet (feed
  // was used): all of it, in order.
  if (total > maxPacketSize_ || total <= pending.size()) return bytes.size();
  return static_cast<std::size_t>(std::min<std::uint64_t>(total - pending.size(), bytes.size()));
}

void StreamDecoder::keepRest() {
  if (inPlace_.empty()) return;
  buffer_.append(inPlace_.data(), inPlace_.size());
  inPlace_ = {};
}

DecodeResult StreamDecoder::next() {
  lastInPlace_ = {};
  if (failed_) return failure(*failed_);
  if (!inPlace_.empty() && offset_ == buffer_.size()) {  // the buffered packet (if any) goes first
    std::size_t used = 0;
    DecodeResult result = decodeFrom(inPlace_, used);
    if (result.ok()) lastInPlace_ = inPlace_.substr(0, used);
    inPlace_.remove_prefix(used);
    if (result.needMore()) keepRest();  // the caller's bytes may go now
    return result;
  }
  const std::size_t avail = buffer_.size() - offset_;
  if (avail == 0) {
    buffer_.clear();
    offset_ = 0;
    return DecodeResult{};
  }
  std::size_t used = 0;
  DecodeResult result = decodeFrom(std::string_view(buffer_).substr(offset_), used);
  if (result.needMore() && !inPlace_.empty()) {  // not expected (feedInPlace completed it): read on
    keepRest();
    return next();
  }
  offset_ += used;
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > 65536 && offset_ * 2 > buffer_.size()) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  return result;
}

DecodeResult StreamDecoder::decodeFrom(std::string_view avail, std::size_t& used) {
  used = 0;
  if (avail.empty()) return DecodeResult{};
  const auto header = static_cast<std::uint8_t>(avail[0]);
  // Reject a bad type or bad flags before waiting for the body.
  try {
    checkFixedHeader(header, version_);
  } catch (const DecodeFailure& f) {
    const unsigned t = header >> 4;
    std::optional<PacketType> type;
    if (t >= 1 && t <= 15) type = static_cast<PacketType>(t);
    failed_ = DecodeError{f.code, f.message, type, std::nullopt};
    return failure(*failed_);
  }
  std::uint32_t remaining = 0;
  std::size_t lengthBytes = 0;
  for (;;) {
    if (lengthBytes == 4) {
      failed_ = DecodeError{ReasonCode::MalformedPacket, "malformed remaining length",
                            static_cast<PacketType>(header >> 4), std::nullopt};
      return failure(*failed_);
    }
    if (1 + lengthBytes >= avail.size()) return DecodeResult{};  // length not complete yet
    const auto b = static_cast<std::uint8_t>(avail[1 + lengthBytes]);
    remaining |= static_cast<std::uint32_t>(b & 0x7F) << (7 * lengthBytes);
    ++lengthBytes;
    if (!(b & 0x80)) break;
  }
  const std::uint64_t total = 1 + lengthBytes + static_cast<std::uint64_t>(remaining);
  if (total > maxPacketSize_) {
    failed_ = DecodeError{ReasonCode::PacketTooLarge,
                          "packet too large: " + std::to_string(total) + " > " + std::to_string(maxPacketSize_),
                          static_cast<PacketType>(header >> 4), std::nullopt};
    return failure(*failed_);
  }
  if (avail.size() < total) return DecodeResult{};
  DecodeResult result = decodePacket(header, avail.substr(1 + lengthBytes, remaining), version_);
  used = static_cast<std::size_t>(total);
  if (result.failed()) failed_ = result.error;
  return result;
}

}  // namespace symemu::mqtt

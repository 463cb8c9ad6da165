// Every class of bad input gets a decode error with the right reason code and message.
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"

#include <catch2/catch.hpp>

using namespace symemu::mqtt;

namespace {

DecodeError decodeError(const std::string& bytes, ProtocolVersion v = ProtocolVersion::V311,
                        std::uint32_t maxSize = kMaxRemainingLength + 5) {
  StreamDecoder d(maxSize);
  d.setProtocolVersion(v);
  d.feed(bytes);
  DecodeResult r = d.next();
  REQUIRE(r.failed());
  // The decoder stays failed.
  d.feed(encode(Pingreq{}, v));
  CHECK(d.next().failed());
  return r.error;
}

std::string raw(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

// A PUBLISH whose topic bytes are given raw.
std::string publishWithTopic(const std::string& topic, int qos = 0, std::uint16_t id = 1) {
  std::string body;
  body.push_back(static_cast<char>(topic.size() >> 8));
  body.push_back(static_cast<char>(topic.size() & 0xFF));
  body += topic;
  if (qos) {
    body.push_back(static_cast<char>(id >> 8));
    body.push_back(static_cast<char>(id & 0xFF));
  }
  body += "p";
  return std::string(1, static_cast<char>(0x30 | (qos << 1))) + std::string(1, static_cast<char>(body.size())) + body;
}

}  // namespace

TEST_CASE("remaining length longer than 4 bytes is malformed") {
  DecodeError e = decodeError(raw({0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));
  CHECK(e.code == ReasonCode::MalformedPacket);
  CHECK(e.message == "malformed remaining length");
}

TEST_CASE("incomplete remaining length waits for more bytes") {
  StreamDecoder d;
  d.feed(raw({0x30, 0xFF, 0xFF}));
  CHECK(d.next().needMore());
}

TEST_CASE("packet type 0 and, before v5, 15 are reserved") {
  DecodeError e0 = decodeError(raw({0x00, 0x00}));
  CHECK(e0.code == ReasonCode::MalformedPacket);
  CHECK(e0.message == "reserved packet type 0");
  DecodeError e15 = decodeError(raw({0xF0, 0x00}), ProtocolVersion::V311);
  CHECK(e15.code == ReasonCode::MalformedPacket);
  CHECK_THAT(e15.message, Catch::StartsWith("reserved packet type 15"));
}

TEST_CASE("reserved flag bits must match the packet type") {
  CHECK(decodeError(raw({0x83, 0x00})).message == "reserved flags 0x3 in SUBSCRIBE");
  CHECK(decodeError(raw({0x80, 0x00})).message == "reserved flags 0x0 in SUBSCRIBE");
  CHECK(decodeError(raw({0x60, 0x02, 0x00, 0x01})).message == "reserved flags 0x0 in PUBREL");
  CHECK(decodeError(raw({0xA0, 0x00})).message == "reserved flags 0x0 in UNSUBSCRIBE");
  CHECK(decodeError(raw({0x42, 0x02, 0x00, 0x01})).message == "reserved flags 0x2 in PUBACK");
  CHECK(decodeError(raw({0xC1, 0x00})).message == "reserved flags 0x1 in PINGREQ");
  CHECK(decodeError(raw({0x11, 0x00})).message == "reserved flags 0x1 in CONNECT");
  CHECK(decodeError(raw({0xE4, 0x00})).code == ReasonCode::MalformedPacket);
}

TEST_CASE("PUBLISH with QoS 3 or DUP on QoS 0 is malformed") {
  DecodeError e = decodeError(raw({0x36, 0x05, 0x00, 0x01, 't', 0x00, 0x01}));
  CHECK(e.code == ReasonCode::MalformedPacket);
  CHECK(e.message == "QoS 3 in PUBLISH");
  CHECK(decodeError(raw({0x38, 0x03, 0x00, 0x01, 't'})).message == "DUP flag set on QoS 0 PUBLISH");
}

TEST_CASE("truncated packets are malformed") {
  // Topic length 10 but only 1 byte follows.
  DecodeError e = decodeError(raw({0x30, 0x03, 0x00, 0x0A, 't'}));
  CHECK(e.code == ReasonCode::MalformedPacket);
  CHECK(e.message == "truncated topic name in PUBLISH");
  // QoS 1 PUBLISH without room for the packet identifier.
  CHECK(decodeError(raw({0x32, 0x04, 0x00, 0x01, 't', 0x00})).message == "truncated packet identifier in PUBLISH");
  // PUBACK with 1 byte, CONNECT cut inside the protocol name.
  CHECK(decodeError(raw({0x40, 0x01, 0x00})).message == "truncated packet identifier in PUBACK");
  CHECK(decodeError(raw({0x10, 0x03, 0x00, 0x04, 'M'})).message == "truncated protocol name in CONNECT");
  // v5 property length beyond the packet.
  DecodeError p = decodeError(raw({0x30, 0x05, 0x00, 0x01, 't', 0x09, 0x01}), ProtocolVersion::V5);
  CHECK(p.code == ReasonCode::MalformedPacket);
  CHECK(p.message == "property length exceeds packet in PUBLISH");
}

TEST_CASE("trailing bytes after a fixed-size packet are malformed") {
  CHECK(decodeError(raw({0x40, 0x03, 0x00, 0x01, 0x00})).message == "1 unexpected trailing bytes in PUBACK");
  CHECK(decodeError(raw({0xC0, 0x01, 0x00})).message == "1 unexpected trailing bytes in PINGREQ");
  CHECK(decodeError(raw({0xE0, 0x01, 0x00})).code == ReasonCode::MalformedPacket);  // 3.1.1 DISCONNECT
}

TEST_CASE("invalid UTF-8 in topic names") {
  struct Case {
    std::string topic;
    const char* problem;
  };
  for (const auto& c : std::vector<Case>{{std::string("a\0b", 3), "contains U+0000"},
                                         {"\xC0\x80", "overlong encoding"},
                                         {"\xED\xA0\x80", "contains a surrogate code point"},
                                         {"\xFF", "invalid lead byte"},
                                         {"\xE2\x82", "truncated sequence"},
                                         {"\xE2\x28\xA1", "invalid continuation byte"},
                                         {"\xF4\x90\x80\x80", "code point above U+10FFFF"}}) {
    DecodeError e = decodeError(publishWithTopic(c.topic));
    CHECK(e.code == ReasonCode::MalformedPacket);
    CHECK(e.message == std::string("invalid UTF-8 in topic name: ") + c.problem + " in PUBLISH");
  }
}

TEST_CASE("invalid UTF-8 in the client identifier") {
  Connect c;
  c.clientId = "ab";
  std::string bytes = encode(c, ProtocolVersion::V311);
  bytes[bytes.size() - 1] = '\xC3';  // lead byte without continuation
  DecodeError e = decodeError(bytes);
  CHECK(e.code == ReasonCode::MalformedPacket);
  CHECK(e.message == "invalid UTF-8 in client identifier: truncated sequence in CONNECT");
  CHECK(e.packetType == PacketType::Connect);
  CHECK(e.connectVersion == ProtocolVersion::V311);
}

TEST_CASE("wildcards in a PUBLISH topic") {
  for (const std::string t : {"a/+/b", "a/#", "#", "+"}) {
    DecodeError e = decodeError(publishWithTopic(t));
    CHECK(e.code == ReasonCode::TopicNameInvalid);
    CHECK(e.message == "wildcard in PUBLISH topic '" + t + "'");
  }
}

TEST_CASE("empty topic name without alias") {
  CHECK(decodeError(publishWithTopic("")).code == ReasonCode::MalformedPacket);
  CHECK(decodeError(raw({0x30, 0x03, 0x00, 0x00, 0x00}), ProtocolVersion::V5).code == ReasonCode::ProtocolError);
}

TEST_CASE("packet identifier 0") {
  DecodeError e = decodeError(publishWithTopic("t", 1, 0));
  CHECK(e.code == ReasonCode::ProtocolError);
  CHECK(e.message == "packet identifier 0 in PUBLISH");
  CHECK(decodeError(raw({0x40, 0x02, 0x00, 0x00})).message == "packet identifier 0 in PUBACK");
  CHECK(decodeError(raw({0x82, 0x06, 0x00, 0x00, 0x00, 0x01, 'a', 0x00})).message ==
        "packet identifier 0 in SUBSCRIBE");
  CHECK(decodeError(raw({0xA2, 0x05, 0x00, 0x00, 0x00, 0x01, 'a'})).message == "packet identifier 0 in UNSUBSCRIBE");
}

TEST_CASE("oversized packets are refused before the body is buffered") {
  StreamDecoder d(268435);
  // Header announcing 300000 - 4 bytes of body, without sending the body.
  std::string header;
  header.push_back('\x30');
  const std::uint32_t remaining = 300000 - 4;
  std::uint32_t v = remaining;
  do {
    std::uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    header.push_back(static_cast<char>(b));
  } while (v);
  d.feed(header);
  DecodeResult r = d.next();
  REQUIRE(r.failed());
  CHECK(r.error.code == ReasonCode::PacketTooLarge);
  CHECK(r.error.message == "packet too large: 300000 > 268435");
  CHECK(d.bufferedBytes() == header.size());
}

TEST_CASE("SUBSCRIBE payload rules") {
  // No topic filters.
  DecodeError none = decodeError(raw({0x82, 0x02, 0x00, 0x01}));
  CHECK(none.code == ReasonCode::ProtocolError);
  CHECK(none.message == "SUBSCRIBE without topic filters");
  // QoS 3 requested.
  CHECK(decodeError(raw({0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x03})).message == "QoS 3 in SUBSCRIBE");
  // 3.1.1: upper option bits reserved; v5: bits 6-7 reserved, retain handling 3 is a protocol error.
  CHECK(decodeError(raw({0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 'a', 0x04})).message ==
        "reserved bits set in subscription options in SUBSCRIBE");
  CHECK(decodeError(raw({0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x40}), ProtocolVersion::V5).code ==
        ReasonCode::MalformedPacket);
  DecodeError rh = decodeError(raw({0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x30}), ProtocolVersion::V5);
  CHECK(rh.code == ReasonCode::ProtocolError);
  CHECK(rh.message == "retain handling 3 in SUBSCRIBE");
  // Invalid UTF-8 in a filter.
  CHECK(decodeError(raw({0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0xFF, 0x00})).message ==
        "invalid UTF-8 in topic filter: invalid lead byte in SUBSCRIBE");
  // UNSUBSCRIBE without filters.
  CHECK(decodeError(raw({0xA2, 0x02, 0x00, 0x01})).message == "UNSUBSCRIBE without topic filters");
}

TEST_CASE("CONNECT rules") {
  Connect c;
  c.clientId = "id";
  SECTION("unknown protocol level") {
    c.version = static_cast<ProtocolVersion>(6);
    DecodeError e = decodeError(encode(c, ProtocolVersion::V311));
    CHECK(e.code == ReasonCode::UnsupportedProtocolVersion);
    CHECK(e.message == "unsupported protocol level 6 for 'MQTT' in CONNECT");
    CHECK_FALSE(e.connectVersion);
  }
  SECTION("unknown protocol name") {
    c.protocolName = "HTTP";
    DecodeError e = decodeError(encode(c, ProtocolVersion::V311));
    CHECK(e.code == ReasonCode::ProtocolError);
    CHECK(e.message == "unsupported protocol name 'HTTP' in CONNECT");
  }
  SECTION("MQIsdp with level 4") {
    c.protocolName = "MQIsdp";
    CHECK(decodeError(encode(c, ProtocolVersion::V311)).code == ReasonCode::UnsupportedProtocolVersion);
  }
  std::string bytes = encode(c, ProtocolVersion::V311);
  const std::size_t flagsAt = 2 + 6 + 1;  // fixed header, "MQTT", level
  SECTION("reserved connect flag") {
    bytes[flagsAt] = static_cast<char>(bytes[flagsAt] | 0x01);
    CHECK(decodeError(bytes).message == "reserved connect flag bit 0 set in CONNECT");
  }
  SECTION("will QoS without will flag") {
    bytes[flagsAt] = static_cast<char>(bytes[flagsAt] | 0x08);
    CHECK(decodeError(bytes).message == "will QoS or will retain set without will flag in CONNECT");
  }
  SECTION("will QoS 3") {
    c.will = Will{"w", "x", 0, false, {}};
    std::string w = encode(c, ProtocolVersion::V311);
    w[flagsAt] = static_cast<char>(w[flagsAt] | 0x18);
    CHECK(decodeError(w).message == "will QoS 3 in CONNECT");
  }
  SECTION("will topic with wildcard") {
    c.will = Will{"w/#", "x", 0, false, {}};
    DecodeError e = decodeError(encode(c, ProtocolVersion::V311));
    CHECK(e.code == ReasonCode::TopicNameInvalid);
  }
  SECTION("password without user name in 3.1.1") {
    c.password = "pw";
    CHECK(decodeError(encode(c, ProtocolVersion::V311)).message == "password flag without user name flag in CONNECT");
  }
  SECTION("v5 errors carry the version") {
    c.version = ProtocolVersion::V5;
    c.properties.receiveMaximum = 0;
    DecodeError e = decodeError(encode(c, ProtocolVersion::V5));
    CHECK(e.code == ReasonCode::ProtocolError);
    CHECK(e.message == "Receive Maximum 0 in CONNECT");
    CHECK(e.connectVersion == ProtocolVersion::V5);
  }
}

TEST_CASE("property rules (v5)") {
  // PUBLISH "t", QoS 0, then the property block given raw.
  auto withProps = [](std::initializer_list<int> props) {
    std::string body = raw({0x00, 0x01, 't'});
    body.push_back(static_cast<char>(props.size()));
    body += raw(props);
    return std::string(1, '\x30') + std::string(1, static_cast<char>(body.size())) + body;
  };
  DecodeError unknown = decodeError(withProps({0x05, 0x00}), ProtocolVersion::V5);
  CHECK(unknown.code == ReasonCode::MalformedPacket);
  CHECK(unknown.message == "unknown property identifier 0x05 in PUBLISH");

  DecodeError misplaced = decodeError(withProps({0x11, 0, 0, 0, 1}), ProtocolVersion::V5);
  CHECK(misplaced.code == ReasonCode::MalformedPacket);
  CHECK(misplaced.message == "property Session Expiry Interval not allowed here in PUBLISH");

  DecodeError dup = decodeError(withProps({0x01, 0x00, 0x01, 0x01}), ProtocolVersion::V5);
  CHECK(dup.code == ReasonCode::ProtocolError);
  CHECK(dup.message == "duplicate property Payload Format Indicator in PUBLISH");

  DecodeError badValue = decodeError(withProps({0x01, 0x02}), ProtocolVersion::V5);
  CHECK(badValue.code == ReasonCode::ProtocolError);
  CHECK(badValue.message == "property Payload Format Indicator must be 0 or 1, got 2 in PUBLISH");

  CHECK(decodeError(withProps({0x0B, 0x00}), ProtocolVersion::V5).message == "Subscription Identifier 0 in PUBLISH");
  CHECK(decodeError(withProps({0x26, 0x00, 0x01, 'k', 0x00, 0x01, 0xFF}), ProtocolVersion::V5).message ==
        "invalid UTF-8 in User Property: invalid lead byte in PUBLISH");
  CHECK(decodeError(withProps({0x08, 0x00, 0x01, '#'}), ProtocolVersion::V5).message ==
        "Response Topic is not a valid topic name in PUBLISH");
  // User properties may repeat.
  StreamDecoder d;
  d.setProtocolVersion(ProtocolVersion::V5);
  d.feed(withProps({0x26, 0, 1, 'k', 0, 1, 'a', 0x26, 0, 1, 'k', 0, 1, 'b'}));
  DecodeResult r = d.next();
  REQUIRE(r.ok());
  CHECK(std::get<Publish>(r.packet).properties.userProperties == UserProperties{{"k", "a"}, {"k", "b"}});
}

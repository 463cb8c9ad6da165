// Encode -> decode -> encode round trips for all 15 packet types, both versions.
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"

#include <catch2/catch.hpp>

using namespace symemu::mqtt;

namespace {

Packet decodeOne(const std::string& bytes, ProtocolVersion v) {
  StreamDecoder d;
  d.setProtocolVersion(v);
  d.feed(bytes);
  DecodeResult r = d.next();
  INFO(r.error.message);
  REQUIRE(r.ok());
  REQUIRE(d.next().needMore());
  return r.packet;
}

template <typename T>
T roundTrip(const T& packet, ProtocolVersion v) {
  const std::string bytes = encode(packet, v);
  Packet back = decodeOne(bytes, v);
  REQUIRE(std::holds_alternative<T>(back));
  REQUIRE(encode(back, v) == bytes);
  return std::get<T>(back);
}

Properties richPublishProperties() {
  Properties p;
  p.payloadFormatIndicator = 1;
  p.messageExpiryInterval = 3600;
  p.contentType = "application/json";
  p.responseTopic = "reply/to";
  p.correlationData = std::string("\x00\x01\xff", 3);
  p.topicAlias = 3;
  p.userProperties = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
  return p;
}

}  // namespace

TEST_CASE("CONNECT round trip, 3.1.1 with will and credentials") {
  Connect c;
  c.version = ProtocolVersion::V311;
  c.cleanStart = false;
  c.keepAlive = 30;
  c.clientId = "meter-1";
  c.will = Will{"dead/meter-1", "gone", 1, true, {}};
  c.userName = "user";
  c.password = std::string("p\0w", 3);
  Connect back = roundTrip(c, ProtocolVersion::V311);
  CHECK(back.protocolName == "MQTT");
  CHECK(back.version == ProtocolVersion::V311);
  CHECK_FALSE(back.cleanStart);
  CHECK(back.keepAlive == 30);
  CHECK(back.clientId == "meter-1");
  REQUIRE(back.will);
  CHECK(back.will->topic == "dead/meter-1");
  CHECK(back.will->payload == "gone");
  CHECK(back.will->qos == 1);
  CHECK(back.will->retain);
  CHECK(back.userName == std::optional<std::string>("user"));
  CHECK(back.password == std::optional<std::string>(std::string("p\0w", 3)));
}

TEST_CASE("CONNECT round trip, 3.1 (MQIsdp) and 5.0 with properties") {
  Connect old;
  old.protocolName = "MQIsdp";
  old.version = ProtocolVersion::V31;
  old.clientId = "x";
  CHECK(roundTrip(old, ProtocolVersion::V31).version == ProtocolVersion::V31);

  Connect c;
  c.version = ProtocolVersion::V5;
  c.clientId = "c5";
  c.properties.sessionExpiryInterval = 120;
  c.properties.receiveMaximum = 10;
  c.properties.maximumPacketSize = 4096;
  c.properties.topicAliasMaximum = 5;
  c.properties.requestProblemInformation = 0;
  c.properties.requestResponseInformation = 1;
  c.properties.userProperties = {{"k", "v"}};
  Will w;
  w.topic = "will/t";
  w.payload = "bye";
  w.properties = richPublishProperties();
  w.properties.topicAlias.reset();
  w.properties.willDelayInterval = 7;
  c.will = w;
  c.password = "only-password";  // allowed without user name in v5
  Connect back = roundTrip(c, ProtocolVersion::V5);
  CHECK(back.properties == c.properties);
  REQUIRE(back.will);
  CHECK(back.will->properties == w.properties);
  CHECK_FALSE(back.userName);
  CHECK(back.password == c.password);
}

TEST_CASE("CONNACK round trip") {
  Connack a;
  a.sessionPresent = true;
  a.reasonCode = static_cast<ReasonCode>(ConnectReturnCode::BadUserNameOrPassword);
  Connack b3 = roundTrip(a, ProtocolVersion::V311);
  CHECK(b3.sessionPresent);
  CHECK(toByte(b3.reasonCode) == 4);
  CHECK(encode(a, ProtocolVersion::V311) == std::string("\x20\x02\x01\x04", 4));

  a.reasonCode = ReasonCode::Success;
  a.properties.assignedClientIdentifier = "auto-1";
  a.properties.serverKeepAlive = 20;
  a.properties.retainAvailable = 0;
  a.properties.maximumQoS = 1;
  a.properties.wildcardSubscriptionAvailable = 1;
  a.properties.subscriptionIdentifierAvailable = 1;
  a.properties.sharedSubscriptionAvailable = 0;
  a.properties.responseInformation = "resp";
  a.properties.serverReference = "other";
  a.properties.reasonString = "fine";
  a.properties.authenticationMethod = "m";
  a.properties.authenticationData = "d";
  CHECK(roundTrip(a, ProtocolVersion::V5).properties == a.properties);
}

TEST_CASE("PUBLISH round trip, all QoS, both versions") {
  for (int qos = 0; qos <= 2; ++qos) {
    Publish p;
    p.qos = qos;
    p.retain = qos == 1;
    p.dup = qos == 2;
    p.topic = "a/b/c";
    p.packetId = qos ? 77 : 0;
    p.payload = std::string("\x00\x01payload", 9);
    Publish b = roundTrip(p, ProtocolVersion::V311);
    CHECK(b.qos == qos);
    CHECK(b.retain == p.retain);
    CHECK(b.dup == p.dup);
    CHECK(b.topic == "a/b/c");
    CHECK(b.packetId == p.packetId);
    CHECK(b.payload == p.payload);

    p.properties = richPublishProperties();
    p.properties.subscriptionIdentifiers = {1, 268435455};
    Publish b5 = roundTrip(p, ProtocolVersion::V5);
    CHECK(b5.properties == p.properties);
    CHECK(b5.payload == p.payload);
  }
}

TEST_CASE("PUBLISH with empty topic and topic alias decodes in v5 only") {
  Publish p;
  p.topic = "";
  p.properties.topicAlias = 1;
  CHECK(roundTrip(p, ProtocolVersion::V5).properties.topicAlias == std::optional<std::uint16_t>(1));
}

TEMPLATE_TEST_CASE("acknowledgement packets round trip", "", Puback, Pubrec, Pubrel, Pubcomp) {
  TestType a;
  a.packetId = 0x1234;
  TestType b3 = roundTrip(a, ProtocolVersion::V311);
  CHECK(b3.packetId == 0x1234);
  CHECK(encode(a, ProtocolVersion::V311).size() == 4);
  CHECK(encode(a, ProtocolVersion::V5).size() == 4);  // short form: success, no properties

  a.reasonCode = ReasonCode::PacketIdentifierNotFound;
  CHECK(encode(a, ProtocolVersion::V5).size() == 5);
  CHECK(roundTrip(a, ProtocolVersion::V5).reasonCode == ReasonCode::PacketIdentifierNotFound);
  a.properties.reasonString = "why";
  a.properties.userProperties = {{"x", "y"}};
  TestType b5 = roundTrip(a, ProtocolVersion::V5);
  CHECK(b5.properties == a.properties);
  const std::uint8_t header = static_cast<std::uint8_t>(encode(a, ProtocolVersion::V5)[0]);
  CHECK((header & 0x0F) == (std::is_same<TestType, Pubrel>::value ? 2 : 0));
}

TEST_CASE("SUBSCRIBE and SUBACK round trip") {
  Subscribe s;
  s.packetId = 9;
  s.entries = {{"a/+", 1, false, false, 0}, {"b/#", 2, false, false, 0}};
  Subscribe b3 = roundTrip(s, ProtocolVersion::V311);
  REQUIRE(b3.entries.size() == 2);
  CHECK(b3.entries[1].filter == "b/#");
  CHECK(b3.entries[1].qos == 2);

  s.entries[0].noLocal = true;
  s.entries[0].retainAsPublished = true;
  s.entries[1].retainHandling = 2;
  s.properties.subscriptionIdentifiers = {42};
  s.properties.userProperties = {{"u", "p"}};
  Subscribe b5 = roundTrip(s, ProtocolVersion::V5);
  CHECK(b5.entries[0].noLocal);
  CHECK(b5.entries[0].retainAsPublished);
  CHECK(b5.entries[1].retainHandling == 2);
  CHECK(b5.properties == s.properties);

  Suback a;
  a.packetId = 9;
  a.reasonCodes = {ReasonCode::GrantedQoS1, ReasonCode::UnspecifiedError};
  CHECK(roundTrip(a, ProtocolVersion::V311).reasonCodes == a.reasonCodes);
  a.reasonCodes.push_back(ReasonCode::TopicFilterInvalid);
  a.properties.reasonString = "partly";
  Suback b = roundTrip(a, ProtocolVersion::V5);
  CHECK(b.reasonCodes == a.reasonCodes);
  CHECK(b.properties == a.properties);
}

TEST_CASE("UNSUBSCRIBE and UNSUBACK round trip") {
  Unsubscribe u;
  u.packetId = 3;
  u.filters = {"a/b", "c/#"};
  CHECK(roundTrip(u, ProtocolVersion::V311).filters == u.filters);
  u.properties.userProperties = {{"k", "v"}};
  CHECK(roundTrip(u, ProtocolVersion::V5).properties == u.properties);

  Unsuback a;
  a.packetId = 3;
  CHECK(encode(a, ProtocolVersion::V311) == std::string("\xB0\x02\x00\x03", 4));
  CHECK(roundTrip(a, ProtocolVersion::V311).packetId == 3);
  a.reasonCodes = {ReasonCode::Success, ReasonCode::NoSubscriptionExisted};
  CHECK(roundTrip(a, ProtocolVersion::V5).reasonCodes == a.reasonCodes);
}

TEST_CASE("PINGREQ, PINGRESP, DISCONNECT, AUTH round trip") {
  CHECK(encode(Pingreq{}, ProtocolVersion::V311) == std::string("\xC0\x00", 2));
  CHECK(encode(Pingresp{}, ProtocolVersion::V5) == std::string("\xD0\x00", 2));
  roundTrip(Pingreq{}, ProtocolVersion::V311);
  roundTrip(Pingresp{}, ProtocolVersion::V5);

  Disconnect d;
  CHECK(encode(d, ProtocolVersion::V311) == std::string("\xE0\x00", 2));
  CHECK(encode(d, ProtocolVersion::V5) == std::string("\xE0\x00", 2));
  d.reasonCode = ReasonCode::SessionTakenOver;
  CHECK(encode(d, ProtocolVersion::V5) == std::string("\xE0\x01\x8E", 3));
  d.properties.sessionExpiryInterval = 0;
  d.properties.reasonString = "bye";
  d.properties.serverReference = "elsewhere";
  Disconnect b = roundTrip(d, ProtocolVersion::V5);
  CHECK(b.reasonCode == ReasonCode::SessionTakenOver);
  CHECK(b.properties == d.properties);

  Auth a;
  a.reasonCode = ReasonCode::ContinueAuthentication;
  a.properties.authenticationMethod = "SCRAM";
  a.properties.authenticationData = "abc";
  Auth ab = roundTrip(a, ProtocolVersion::V5);
  CHECK(ab.reasonCode == ReasonCode::ContinueAuthentication);
  CHECK(ab.properties == a.properties);
  CHECK(encode(Auth{}, ProtocolVersion::V5) == std::string("\xF0\x00", 2));
}

TEST_CASE("remaining length uses 1 to 4 bytes") {
  for (auto [payloadSize, lengthBytes] : std::vector<std::pair<std::size_t, std::size_t>>{
           {0, 1}, {124, 1}, {125, 2}, {16380, 2}, {16381, 3}, {2097148, 3}, {2097149, 4}}) {
    Publish p;
    p.topic = "t";  // 3 bytes of topic + payload = remaining length
    p.payload.assign(payloadSize, 'x');
    const std::string bytes = encode(p, ProtocolVersion::V311);
    CHECK(bytes.size() == 1 + lengthBytes + 3 + payloadSize);
    CHECK(std::get<Publish>(decodeOne(bytes, ProtocolVersion::V311)).payload.size() == payloadSize);
  }
}

TEST_CASE("stream decoder: byte-by-byte feeding and several packets in one chunk") {
  Publish p;
  p.qos = 1;
  p.packetId = 5;
  p.topic = "x/y";
  p.payload = "hello";
  const std::string one = encode(p, ProtocolVersion::V311);
  StreamDecoder d;
  for (std::size_t i = 0; i + 1 < one.size(); ++i) {
    d.feed(one.substr(i, 1));
    REQUIRE(d.next().needMore());
  }
  d.feed(one.substr(one.size() - 1));
  DecodeResult r = d.next();
  REQUIRE(r.ok());
  CHECK(std::get<Publish>(r.packet).payload == "hello");

  d.feed(one + encode(Pingreq{}, ProtocolVersion::V311) + one.substr(0, 3));
  CHECK(d.next().ok());
  CHECK(std::holds_alternative<Pingreq>(d.next().packet));
  CHECK(d.next().needMore());
  CHECK(d.bufferedBytes() == 3);
}

// Conformance to numbered statements of MQTT 3.1.1 and 5.0 (issue 17): CONNECT validation,
// session present, wills, packet size, expiry, long topics, aliases, shared subscriptions,
// keep alive, QoS 2 flow errors. Raw packets through the project's codec.
#include "broker_fixture.h"

#include "symemu/core/mqtt/codec/wire.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

namespace {

// CONNECT body bytes written by hand, so flags the encoder would never produce can be sent.
std::string rawConnect(int level, std::uint8_t flags, const std::string& payload, const std::string& props = "") {
  WireWriter w;
  w.utf8("MQTT");
  w.u8(static_cast<std::uint8_t>(level));
  w.u8(flags);
  w.u16(60);
  if (level == 5) w.raw(props.empty() ? std::string(1, '\0') : props);
  w.raw(payload);
  WireWriter out;
  out.u8(0x10);
  out.varint(static_cast<std::uint32_t>(w.size()));
  out.raw(w.str());
  return out.str();
}

std::string str(const std::string& s) {
  WireWriter w;
  w.utf8(s);
  return w.str();
}

// The client is closed and got no success CONNACK; returns the refusal if one came.
std::optional<Connack> refused(TestClient& c) {
  auto packets = c.received();
  CHECK(c.closed());
  CHECK(packets.size() <= 1);
  if (packets.empty()) return std::nullopt;
  REQUIRE(std::holds_alternative<Connack>(packets[0]));
  Connack ack = std::get<Connack>(packets[0]);
  CHECK(ack.reasonCode != ReasonCode::Success);
  CHECK_FALSE(ack.sessionPresent);  // [MQTT-3.2.2-4] / [MQTT-3.2.2-6]
  return ack;
}

}  // namespace

TEST_CASE("CONNECT validation: bad flags and invalid UTF-8 never get a success CONNACK") {
  BrokerTest t;
  const int level = GENERATE(4, 5);
  TestClient c(t, level == 5 ? ProtocolVersion::V5 : ProtocolVersion::V311);
  std::optional<Connack> ack;
  SECTION("will QoS without will flag [MQTT-3.1.2-11] (3.1.1 [MQTT-3.1.2-13])") {
    c.sendRaw(rawConnect(level, 0x02 | 0x08, str("c")));
    ack = refused(c);
    if (level == 5) CHECK(ack->reasonCode == ReasonCode::MalformedPacket);
  }
  SECTION("will retain without will flag [MQTT-3.1.2-13] (3.1.1 [MQTT-3.1.2-15])") {
    c.sendRaw(rawConnect(level, 0x02 | 0x20, str("c")));
    ack = refused(c);
    if (level == 5) CHECK(ack->reasonCode == ReasonCode::MalformedPacket);
  }
  SECTION("client identifier with U+0000 [MQTT-1.5.4-2] (3.1.1 [MQTT-1.5.3-2])") {
    c.sendRaw(rawConnect(level, 0x02, str(std::string("a\0b", 3))));
    ack = refused(c);
  }
  SECTION("client identifier with a surrogate [MQTT-1.5.4-1] (3.1.1 [MQTT-1.5.3-1])") {
    c.sendRaw(rawConnect(level, 0x02, str("a\xED\xA0\x80")));
    ack = refused(c);
  }
  SECTION("user name not UTF-8 §3.1.3.5 (3.1.1 [MQTT-3.1.3-11])") {
    c.sendRaw(rawConnect(level, 0x82, str("c") + str("\xC3\x28")));
    ack = refused(c);
  }
  SECTION("will topic not UTF-8 §3.1.3.3 (3.1.1 [MQTT-3.1.3-10])") {
    std::string willProps = level == 5 ? std::string(1, '\0') : "";
    c.sendRaw(rawConnect(level, 0x06, str("c") + willProps + str("w\xED\xBF\xBF") + str("x")));
    ack = refused(c);
  }
  SECTION("empty will topic [MQTT-4.7.3-1]") {
    std::string willProps = level == 5 ? std::string(1, '\0') : "";
    c.sendRaw(rawConnect(level, 0x06, str("c") + willProps + str("") + str("x")));
    ack = refused(c);
    if (level == 5) CHECK(ack->reasonCode == ReasonCode::TopicNameInvalid);
  }
  SECTION("reserved flag [MQTT-3.1.2-3]") {
    c.sendRaw(rawConnect(level, 0x03, str("c")));
    ack = refused(c);
  }
  CHECK(t.broker->connectedClients() == 0);
  CHECK(t.broker->sessionCount() == 0);
}

TEST_CASE("3.1.1 password without user name is refused [MQTT-3.1.2-22], v5 allows it (§3.1.2.9)") {
  BrokerTest t;
  TestClient v3(t, ProtocolVersion::V311);
  v3.sendRaw(rawConnect(4, 0x42, str("c") + str("pw")));
  CHECK_FALSE(refused(v3));  // 3.1.1: closed without CONNACK
  TestClient v5(t, ProtocolVersion::V5);
  v5.sendRaw(rawConnect(5, 0x42, str("d") + str("pw")));
  CHECK(v5.expect<Connack>().reasonCode == ReasonCode::Success);
}

TEST_CASE("clean start after an earlier session: session present 0 [MQTT-3.2.2-2] (3.1.1 [MQTT-3.2.2-1])") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient first(t, v);
  Connect keep;
  keep.clientId = "meter";
  keep.cleanStart = false;
  keep.properties.sessionExpiryInterval = 3600;
  first.connect(keep);
  first.subscribe("a/#", 1);
  first.dropSocket();
  TestClient resumed(t, v);
  CHECK(resumed.connect(keep).sessionPresent);  // [MQTT-3.2.2-3]
  TestClient clean(t, v);                       // takes over while the other is still connected
  Connect fresh = keep;
  fresh.cleanStart = true;
  CHECK_FALSE(clean.connect(fresh).sessionPresent);
  // The old subscription went with the old session.
  TestClient pub(t, v);
  pub.connect("pub");
  pub.publish("a/b", "x", 1);
  clean.expectNothing();
}

TEST_CASE("will properties reach v5 subscribers (§3.1.3.2)") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5);
  sub.connect("s");
  sub.subscribe("will/#", 1);
  TestClient victim(t, ProtocolVersion::V5);
  Connect c;
  c.clientId = "victim";
  Will w;
  w.topic = "will/victim";
  w.payload = "{\"gone\":true}";
  w.qos = 1;
  w.properties.payloadFormatIndicator = 1;
  w.properties.contentType = "application/json";
  w.properties.responseTopic = "reply/here";
  w.properties.correlationData = std::string("\x01\x02", 2);
  w.properties.messageExpiryInterval = 100;
  w.properties.userProperties = {{"k", "v"}, {"k", "w"}};
  c.will = w;
  victim.connect(c);
  victim.dropSocket();
  Publish p = sub.expect<Publish>();
  CHECK(p.topic == "will/victim");
  CHECK(p.payload == w.payload);
  CHECK(p.properties.payloadFormatIndicator == std::optional<std::uint8_t>(1));
  CHECK(p.properties.contentType == w.properties.contentType);
  CHECK(p.properties.responseTopic == w.properties.responseTopic);
  CHECK(p.properties.correlationData == w.properties.correlationData);
  CHECK(p.properties.messageExpiryInterval == std::optional<std::uint32_t>(100));
  CHECK(p.properties.userProperties == w.properties.userProperties);
  CHECK_FALSE(p.properties.willDelayInterval);
}

TEST_CASE("will delay and session takeover (§3.1.2.5, §3.1.3.2.2, [MQTT-3.1.4-3])") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5);
  sub.connect("s");
  sub.subscribe("will/#", 0);
  Connect c;
  c.clientId = "victim";
  c.cleanStart = false;
  c.properties.sessionExpiryInterval = 100;
  Will w;
  w.topic = "will/victim";
  w.payload = "gone";
  w.properties.willDelayInterval = 30;
  c.will = w;
  TestClient old(t, ProtocolVersion::V5);
  old.connect(c);
  SECTION("takeover resuming the session: the delayed will is not sent") {
    TestClient next(t, ProtocolVersion::V5);
    Connect again = c;
    again.will.reset();
    CHECK(next.connect(again).sessionPresent);
    CHECK(old.expect<Disconnect>().reasonCode == ReasonCode::SessionTakenOver);
    t.advance(60);
    sub.expectNothing();
  }
  SECTION("takeover with clean start ends the session: the will is sent at once") {
    TestClient next(t, ProtocolVersion::V5);
    Connect again = c;
    again.cleanStart = true;
    again.will.reset();
    CHECK_FALSE(next.connect(again).sessionPresent);
    CHECK(sub.expect<Publish>().payload == "gone");
  }
  SECTION("without takeover the will follows the delay") {
    old.dropSocket();
    t.advance(20);
    sub.expectNothing();
    t.advance(11);
    CHECK(sub.expect<Publish>().payload == "gone");
  }
}

TEST_CASE("a message larger than the client's Maximum Packet Size is dropped, the session goes on [MQTT-3.1.2-25]") {
  BrokerTest t;
  TestClient small(t, ProtocolVersion::V5);
  Connect c;
  c.clientId = "small";
  c.properties.maximumPacketSize = 64;
  small.connect(c);
  small.subscribe("a/#", 1);
  TestClient pub(t, ProtocolVersion::V5);
  pub.connect("p");
  pub.publish("a/big", std::string(200, 'x'), 1);
  pub.publish("a/small", "fits", 1);
  Publish p = small.expect<Publish>();  // only the one that fits
  CHECK(p.topic == "a/small");
  CHECK_FALSE(small.closed());
  Puback ack;
  ack.packetId = p.packetId;
  small.send(ack);
  pub.publish("a/small", "again", 0);
  CHECK(small.expect<Publish>().payload == "again");
}

TEST_CASE("message expiry on queued and retained messages (§3.3.2.3.3)") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5);
  Connect c;
  c.clientId = "s";
  c.cleanStart = false;
  c.properties.sessionExpiryInterval = 1000;
  sub.connect(c);
  sub.subscribe("q/#", 1);
  sub.dropSocket();
  Message shortLived = message("q/short", "s", 1, true);
  shortLived.messageExpiry = 5;
  Message longLived = message("q/long", "l", 1, true);
  longLived.messageExpiry = 100;
  t.broker->publish(shortLived);
  t.broker->publish(longLived);
  t.advance(10);
  TestClient back(t, ProtocolVersion::V5);
  c.version = ProtocolVersion::V5;
  back.send(c);
  auto resumed = back.received();
  REQUIRE(resumed.size() == 2);  // CONNACK + q/long: the expired one is not delivered [MQTT-3.3.2-5]
  CHECK(std::get<Connack>(resumed[0]).sessionPresent);
  Publish p = std::get<Publish>(resumed[1]);
  CHECK(p.topic == "q/long");
  CHECK(p.properties.messageExpiryInterval == std::optional<std::uint32_t>(90));  // [MQTT-3.3.2-6]
  // Retained: same rule for a new subscriber.
  TestClient late(t, ProtocolVersion::V5);
  late.connect("late");
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"q/#", 1}};
  late.send(s);
  auto packets = late.received();
  REQUIRE(packets.size() == 2);  // SUBACK + q/long only
  Publish r = std::get<Publish>(packets[1]);
  CHECK(r.topic == "q/long");
  CHECK(r.retain);
  CHECK(r.properties.messageExpiryInterval == std::optional<std::uint32_t>(90));
}

TEST_CASE("topics and filters up to 65,535 bytes (§1.5.4, §4.7)") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v), pub(t, v);
  sub.connect("s");
  std::string deep;  // 32,768 levels: "a/a/.../a"
  while (deep.size() + 2 <= 65535) deep += "a/";
  deep += "a";
  REQUIRE(deep.size() == 65535);
  std::string filter(deep.size() - 1, '+');  // "+/+/.../+" with the same number of levels
  for (std::size_t i = 1; i < filter.size(); i += 2) filter[i] = '/';
  filter += "+";
  filter = filter.substr(0, deep.size());
  sub.subscribe(filter, 0, 1);
  sub.subscribe(std::string(65535, 'f'), 0, 2);
  pub.connect("p");
  pub.publish(deep, "deep");
  Publish p = sub.expect<Publish>();
  CHECK(p.topic == deep);
  pub.publish(std::string(65535, 'f'), "flat", 0, true);
  CHECK(sub.expect<Publish>().payload == "flat");
  CHECK(t.broker->retained(std::string(65535, 'f')));
}

TEST_CASE("$ topics are not matched by a first-level wildcard [MQTT-4.7.2-1]") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v);
  sub.connect("s");
  sub.subscribe("#", 0, 1);
  sub.subscribe("+/x", 0, 2);
  sub.subscribe("$SYS/#", 0, 3);
  t.broker->publish(message("$SYS/x", "sys", 0, true));
  Publish p = sub.expect<Publish>();  // once, through "$SYS/#"
  CHECK(p.payload == "sys");
  TestClient late(t, v);  // retained messages follow the same rule
  late.connect("late");
  late.subscribe("#", 0, 1);
  late.expectNothing();
  late.subscribe("+/x", 0, 2);
  late.expectNothing();
}

TEST_CASE("shared subscriptions: one member per message, QoS as granted [MQTT-4.8.2-3] (§4.8.2)") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient a(t, v), b(t, v), pub(t, ProtocolVersion::V5);
  a.connect("a");
  b.connect("b");
  a.subscribe("$share/g/m/+", 1, 1);
  b.subscribe("$share/g/m/+", 0, 1);
  pub.connect("p");
  t.broker->publish(message("m/x", "retained", 1, true));
  int toA = 0, toB = 0;
  for (int i = 0; i < 10; ++i) t.broker->publish(message("m/x", std::to_string(i), 1));
  for (const auto& p : a.received()) {
    CHECK(std::get<Publish>(p).qos == 1);  // QoS as granted to that member
    ++toA;
  }
  for (const auto& p : b.received()) {
    CHECK(std::get<Publish>(p).qos == 0);
    ++toB;
  }
  CHECK(toA + toB == 11);  // each message to exactly one member of the group
  CHECK(toA >= 5);
  CHECK(toB >= 5);

  SECTION("no retained messages when a shared subscription is made (§4.8.2)") {
    TestClient c(t, v);
    c.connect("c");
    c.subscribe("$share/g/m/+", 1, 1);
    c.expectNothing();
  }
  SECTION("an offline member is skipped while another is online") {
    TestClient c(t, v);
    Connect persistent;  // stays in the group while offline
    persistent.clientId = "c";
    persistent.cleanStart = false;
    persistent.properties.sessionExpiryInterval = 600;
    c.connect(persistent);
    c.subscribe("$share/g/m/+", 1, 1);
    c.dropSocket();
    for (int i = 0; i < 6; ++i) t.broker->publish(message("m/y", "z", 1));
    CHECK(a.received().size() + b.received().size() == 6);
    TestClient back(t, v);
    CHECK(back.connect(persistent).sessionPresent);
    back.expectNothing();  // nothing was queued for it
  }
  SECTION("two groups each get a copy; unsubscribe leaves the group") {
    TestClient c(t, v);
    c.connect("c");
    c.subscribe("$share/other/m/#", 0, 1);
    Unsubscribe u;
    u.packetId = 2;
    u.filters = {"$share/g/m/+"};
    a.send(u);
    a.received();
    t.broker->publish(message("m/z", "both", 0));
    CHECK(c.expect<Publish>().payload == "both");
    CHECK(b.expect<Publish>().payload == "both");
    a.expectNothing();
  }
}

TEST_CASE("shared subscription filter rules [MQTT-4.8.2-1] [MQTT-4.8.2-2] and No Local [MQTT-3.8.3-4]") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"$share//a", 0}, {"$share/g", 0}, {"$share/g+/a", 0}, {"$share/g/", 0}, {"$share/g/a", 0}};
  c.send(s);
  CHECK(c.expect<Suback>().reasonCodes ==
        std::vector<ReasonCode>{ReasonCode::TopicFilterInvalid, ReasonCode::TopicFilterInvalid,
                                ReasonCode::TopicFilterInvalid, ReasonCode::TopicFilterInvalid,
                                ReasonCode::GrantedQoS0});
  s.packetId = 2;
  s.entries = {{"$share/g/b", 1, true}};
  c.send(s);
  CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
  CHECK(c.closed());
}

TEST_CASE("outgoing topic aliases up to the client's Topic Alias Maximum (§3.3.2.3.4)") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5);
  Connect c;
  c.clientId = "s";
  c.properties.topicAliasMaximum = 2;
  sub.connect(c);
  sub.subscribe("t/#", 0);
  for (const char* topic : {"t/one", "t/two", "t/three", "t/one", "t/two", "t/three"})
    t.broker->publish(message(topic, topic));
  auto packets = sub.received();
  REQUIRE(packets.size() == 6);
  std::map<std::uint16_t, std::string> aliases;  // what the client learns, as a client would
  for (const auto& packet : packets) {
    Publish p = std::get<Publish>(packet);
    if (p.properties.topicAlias) {
      CHECK(*p.properties.topicAlias >= 1);
      CHECK(*p.properties.topicAlias <= 2);  // [MQTT-3.1.2-26]
      if (p.topic.empty())
        p.topic = aliases.at(*p.properties.topicAlias);
      else
        aliases[*p.properties.topicAlias] = p.topic;
    }
    CHECK(p.topic == p.payload);
  }
  CHECK(std::get<Publish>(packets[3]).topic.empty());                // "t/one" the second time: alias only
  CHECK_FALSE(std::get<Publish>(packets[2]).properties.topicAlias);  // no alias left for "t/three"

  TestClient none(t, ProtocolVersion::V5);  // no Topic Alias Maximum: no aliases [MQTT-3.1.2-27]
  none.connect("n");
  none.subscribe("t/#", 0);
  t.broker->publish(message("t/one", "x"));
  t.broker->publish(message("t/one", "y"));
  for (const auto& packet : none.received()) CHECK_FALSE(std::get<Publish>(packet).properties.topicAlias);
}

TEST_CASE("Server Keep Alive when the server wants a shorter keep alive (§3.2.2.3.14)") {
  BrokerConfig config;
  config.maxKeepAlive = 30;
  BrokerTest t(config);
  TestClient v5(t, ProtocolVersion::V5);
  Connect c;
  c.clientId = "long";
  c.keepAlive = 120;
  CHECK(v5.connect(c).properties.serverKeepAlive == std::optional<std::uint16_t>(30));
  TestClient zero(t, ProtocolVersion::V5);
  c.clientId = "zero";
  c.keepAlive = 0;
  CHECK(zero.connect(c).properties.serverKeepAlive == std::optional<std::uint16_t>(30));
  TestClient shortKa(t, ProtocolVersion::V5);
  c.clientId = "short";
  c.keepAlive = 10;
  CHECK_FALSE(shortKa.connect(c).properties.serverKeepAlive);
  t.advance(46);  // 1.5 x the server's 30 s [MQTT-3.1.2-22]
  CHECK(v5.closed());
  CHECK(zero.closed());
  CHECK(shortKa.closed());
}

TEST_CASE("QoS 2 flow errors keep the other messages in flight (§4.3.3, §4.4)") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v);
  sub.connect("s");
  sub.subscribe("a/#", 2, 1);
  sub.subscribe("b/#", 1, 2);
  t.broker->publish(message("a/x", "two", 2));
  t.broker->publish(message("b/x", "one", 1));
  auto packets = sub.received();
  REQUIRE(packets.size() == 2);
  const std::uint16_t q2 = std::get<Publish>(packets[0]).packetId;
  const std::uint16_t q1 = std::get<Publish>(packets[1]).packetId;

  Puback wrongAck;  // PUBACK for the QoS 2 message, PUBACK for an unknown id, PUBCOMP before PUBREC
  wrongAck.packetId = q2;
  sub.send(wrongAck);
  wrongAck.packetId = 999;
  sub.send(wrongAck);
  Pubcomp early;
  early.packetId = q2;
  sub.send(early);
  Pubrec wrongRec;  // PUBREC for the QoS 1 message
  wrongRec.packetId = q1;
  sub.send(wrongRec);
  sub.expectNothing();
  Pubrec unknownRec;  // PUBREC for an unknown id: PUBREL, 0x92 in v5
  unknownRec.packetId = 777;
  sub.send(unknownRec);
  Pubrel rel = sub.expect<Pubrel>();
  CHECK(rel.packetId == 777);
  if (v == ProtocolVersion::V5) CHECK(rel.reasonCode == ReasonCode::PacketIdentifierNotFound);
  Pubrel unknownRel;  // PUBREL for an unknown id: PUBCOMP, 0x92 in v5 (§4.3.3)
  unknownRel.packetId = 555;
  sub.send(unknownRel);
  Pubcomp comp = sub.expect<Pubcomp>();
  CHECK(comp.packetId == 555);
  if (v == ProtocolVersion::V5) CHECK(comp.reasonCode == ReasonCode::PacketIdentifierNotFound);
  CHECK_FALSE(sub.closed());

  // Both messages are still in flight: they complete normally.
  Pubrec rec;
  rec.packetId = q2;
  sub.send(rec);
  CHECK(sub.expect<Pubrel>().packetId == q2);
  Pubcomp done;
  done.packetId = q2;
  sub.send(done);
  Puback ack;
  ack.packetId = q1;
  sub.send(ack);
  sub.expectNothing();
  // And the window is free again.
  t.broker->publish(message("b/y", "next", 1));
  CHECK(sub.expect<Publish>().payload == "next");
}

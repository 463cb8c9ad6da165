// PUBLISH flows in both directions, QoS 0/1/2, confirm-before-ack, routing.
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

TEST_CASE("QoS 0 publish reaches subscribers and the host") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v), pub(t, v);
  sub.connect("sub");
  pub.connect("pub");
  sub.subscribe("meters/+/power", 0);
  pub.publish("meters/1/power", "42");
  Publish p = sub.expect<Publish>();
  CHECK(p.topic == "meters/1/power");
  CHECK(p.payload == "42");
  CHECK(p.qos == 0);
  CHECK_FALSE(p.retain);
  REQUIRE(t.host.publications.size() == 1);
  CHECK(t.host.publications[0].clientId == "pub");
  CHECK(t.host.publications[0].token == 0);
  CHECK(t.host.publications[0].message.payload == "42");
  pub.expectNothing();
}

TEST_CASE("QoS 1: PUBACK only after confirm") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient pub(t, v);
  pub.connect("pub");
  pub.publish("a", "x", 1, false, 7);
  REQUIRE(t.host.publications.size() == 1);
  const AckToken token = t.host.publications[0].token;
  CHECK(token != 0);
  pub.expectNothing();
  t.broker->confirm(token);
  Puback ack = pub.expect<Puback>();
  CHECK(ack.packetId == 7);
  CHECK(ack.reasonCode == ReasonCode::Success);
  t.broker->confirm(token);  // twice: ignored
  pub.expectNothing();
}

TEST_CASE("QoS 2: PUBREC after confirm, duplicates suppressed until PUBREL") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v), pub(t, v);
  sub.connect("sub");
  sub.subscribe("a", 0);
  pub.connect("pub");
  pub.publish("a", "once", 2, false, 9);
  CHECK(sub.expect<Publish>().payload == "once");
  REQUIRE(t.host.publications.size() == 1);
  pub.expectNothing();

  // Resent before PUBREC: not delivered again, no PUBREC yet.
  Publish again;
  again.topic = "a";
  again.payload = "once";
  again.qos = 2;
  again.dup = true;
  again.packetId = 9;
  pub.send(again);
  pub.expectNothing();
  sub.expectNothing();

  t.broker->confirm(t.host.publications[0].token);
  CHECK(pub.expect<Pubrec>().packetId == 9);
  // Resent after PUBREC: PUBREC again, still no delivery.
  pub.send(again);
  CHECK(pub.expect<Pubrec>().packetId == 9);
  CHECK(t.host.publications.size() == 1);
  sub.expectNothing();

  Pubrel rel;
  rel.packetId = 9;
  pub.send(rel);
  CHECK(pub.expect<Pubcomp>().packetId == 9);
  // Same id afterwards is a new message.
  pub.publish("a", "twice", 2, false, 9);
  CHECK(t.host.publications.size() == 2);
  CHECK(sub.expect<Publish>().payload == "twice");
}

TEST_CASE("PUBREL for an unknown packet id") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  c.connect("c");
  Pubrel rel;
  rel.packetId = 55;
  c.send(rel);
  Pubcomp comp = c.expect<Pubcomp>();
  CHECK(comp.packetId == 55);
  CHECK(comp.reasonCode == (v == ProtocolVersion::V5 ? ReasonCode::PacketIdentifierNotFound : ReasonCode::Success));
}

TEST_CASE("PUBREL before PUBREC is answered with PUBCOMP once committed") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  c.connect("c");
  c.publish("a", "x", 2, false, 3);
  Pubrel rel;
  rel.packetId = 3;
  c.send(rel);
  c.expectNothing();  // not committed yet: nothing may be acknowledged
  CHECK_FALSE(c.closed());
  t.broker->confirm(t.host.publications.at(0).token);
  Pubcomp comp = c.expect<Pubcomp>();
  CHECK(comp.packetId == 3);
  CHECK(comp.reasonCode == ReasonCode::Success);
  // The packet id is free again: a new message with it is a new message.
  c.publish("a", "y", 2, false, 3);
  CHECK(t.host.publications.size() == 2);
}

TEST_CASE("confirm from inside onClientPublish acknowledges at once") {
  BrokerTest t;
  t.host.autoConfirm = true;
  TestClient c(t, ProtocolVersion::V311);
  c.connect("c");
  c.publish("a", "x", 1, false, 4);
  CHECK(c.expect<Puback>().packetId == 4);
  c.publish("a", "y", 2, false, 5);
  CHECK(c.expect<Pubrec>().packetId == 5);
}

TEST_CASE("confirm after the client is gone is ignored") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  c.connect("c");
  c.publish("a", "x", 1, false, 4);
  c.dropSocket();
  t.broker->confirm(t.host.publications[0].token);
  c.expectNothing();
}

TEST_CASE("outgoing QoS 1 and QoS 2 flows") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient sub(t, v);
  sub.connect("sub");
  sub.subscribe("q/#", 2);

  t.broker->publish(message("q/1", "one", 1));
  Publish p1 = sub.expect<Publish>();
  CHECK(p1.qos == 1);
  CHECK(p1.packetId != 0);
  Puback ack;
  ack.packetId = p1.packetId;
  sub.send(ack);

  t.broker->publish(message("q/2", "two", 2));
  Publish p2 = sub.expect<Publish>();
  CHECK(p2.qos == 2);
  Pubrec rec;
  rec.packetId = p2.packetId;
  sub.send(rec);
  CHECK(sub.expect<Pubrel>().packetId == p2.packetId);
  Pubcomp comp;
  comp.packetId = p2.packetId;
  sub.send(comp);
  sub.expectNothing();
  // Server publishes are not reported back to the host.
  CHECK(t.host.publications.empty());
}

TEST_CASE("delivered QoS is the minimum of publish and subscription QoS") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V311);
  sub.connect("sub");
  sub.subscribe("a", 1);
  t.broker->publish(message("a", "x", 2));
  CHECK(sub.expect<Publish>().qos == 1);
  t.broker->publish(message("a", "y", 0));
  CHECK(sub.expect<Publish>().qos == 0);
}

TEST_CASE("overlapping subscriptions deliver once with the highest QoS") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5);
  sub.connect("sub");
  sub.subscribe("a/#", 0, 1);
  sub.subscribe("a/+", 2, 2);
  sub.subscribe("a/b", 1, 3);
  t.broker->publish(message("a/b", "x", 2));
  auto got = sub.received();
  REQUIRE(got.size() == 1);
  CHECK(std::get<Publish>(got[0]).qos == 2);
}

TEST_CASE("wildcards do not match $ topics at the first level") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V311);
  sub.connect("sub");
  sub.subscribe("#", 0, 1);
  sub.subscribe("+/status", 0, 2);
  t.broker->publish(message("$SYS/status", "x"));
  sub.expectNothing();
  sub.subscribe("$SYS/#", 0, 3);
  t.broker->publish(message("$SYS/status", "y"));
  CHECK(sub.expect<Publish>().payload == "y");
}

TEST_CASE("a malformed packet drops only that client") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient bad(t, v), good(t, v);
  bad.connect("bad");
  good.connect("good");
  good.subscribe("a", 0);
  bad.sendRaw(
      std::string("\x36\x03\x00\x01"
                  "a",
                  5));  // QoS 3
  if (v == ProtocolVersion::V5) {
    Disconnect d = bad.expect<Disconnect>();
    CHECK(d.reasonCode == ReasonCode::MalformedPacket);
    CHECK(d.properties.reasonString == std::optional<std::string>("QoS 3 in PUBLISH"));
  } else {
    bad.expectNothing();
  }
  CHECK(bad.closed());
  CHECK(t.host.logged("client 'bad' (10.0.0.1:50001) disconnected: QoS 3 in PUBLISH (Malformed Packet)"));
  // Bytes after the error are ignored.
  bad.publish("a", "late");
  good.expectNothing();
  // The other client carries on.
  TestClient other(t, v);
  other.connect("other");
  other.publish("a", "still here");
  CHECK(good.expect<Publish>().payload == "still here");
}

TEST_CASE("wildcard in a PUBLISH topic, packet id 0 and oversized packets") {
  BrokerConfig config;
  config.maxPacketSize = 100;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  SECTION("wildcard") {
    c.sendRaw(
        std::string("\x30\x05\x00\x02"
                    "a#"
                    "\x00",
                    7));
    CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::TopicNameInvalid);
  }
  SECTION("packet id 0") {
    c.sendRaw(
        std::string("\x32\x06\x00\x01"
                    "a"
                    "\x00\x00\x00",
                    8));
    CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
  }
  SECTION("too large") {
    c.publish("a", std::string(200, 'x'));
    Disconnect d = c.expect<Disconnect>();
    CHECK(d.reasonCode == ReasonCode::PacketTooLarge);
    CHECK(d.properties.reasonString == std::optional<std::string>("packet too large: 207 > 100"));
  }
  CHECK(c.closed());
  CHECK(t.host.publications.empty());
}

TEST_CASE("flood of unacknowledged QoS 2 publishes hits Receive Maximum") {
  BrokerConfig config;
  config.receiveMaximum = 5;
  BrokerTest t(config);
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  Connack ack = c.connect("c");
  if (v == ProtocolVersion::V5) CHECK(ack.properties.receiveMaximum == std::optional<std::uint16_t>(5));
  for (std::uint16_t id = 1; id <= 5; ++id) c.publish("a", "x", 2, false, id);
  CHECK_FALSE(c.closed());
  c.publish("a", "x", 2, false, 6);
  CHECK(c.closed());
  if (v == ProtocolVersion::V5) CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ReceiveMaximumExceeded);
  CHECK(t.host.publications.size() == 5);
}

TEST_CASE("completed QoS 2 flows free the receive window") {
  BrokerConfig config;
  config.receiveMaximum = 2;
  BrokerTest t(config);
  t.host.autoConfirm = true;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  for (std::uint16_t id = 1; id <= 10; ++id) {
    c.publish("a", "x", 2, false, id);
    CHECK(c.expect<Pubrec>().packetId == id);
    Pubrel rel;
    rel.packetId = id;
    c.send(rel);
    CHECK(c.expect<Pubcomp>().packetId == id);
  }
  CHECK_FALSE(c.closed());
}

TEST_CASE("server publish with an invalid topic is refused") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V311);
  sub.connect("s");
  sub.subscribe("#", 0);
  t.broker->publish(message("a/+", "x"));
  t.broker->publish(message("", "x"));
  sub.expectNothing();
  CHECK(t.host.logged("server publish refused: invalid topic name 'a/+'"));
}

// MQTT 5 features: topic aliases, flow control, packet size limits, message
// expiry, property pass-through, payload format.
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

TEST_CASE("incoming topic aliases") {
  BrokerTest t;
  TestClient sub(t, ProtocolVersion::V5), pub(t, ProtocolVersion::V5);
  sub.connect("s");
  sub.subscribe("meter/#", 0);
  pub.connect("p");
  Publish p;
  p.topic = "meter/power";
  p.payload = "1";
  p.properties.topicAlias = 3;
  pub.send(p);
  Publish first = sub.expect<Publish>();
  CHECK(first.topic == "meter/power");
  CHECK_FALSE(first.properties.topicAlias);  // aliases are per connection, not forwarded
  p.topic = "";
  p.payload = "2";
  pub.send(p);
  Publish second = sub.expect<Publish>();
  CHECK(second.topic == "meter/power");
  CHECK(second.payload == "2");
  CHECK(t.host.publications.at(1).message.topic == "meter/power");

  SECTION("alias above the maximum") {
    p.properties.topicAlias = 11;
    p.topic = "x";
    pub.send(p);
    Disconnect d = pub.expect<Disconnect>();
    CHECK(d.reasonCode == ReasonCode::TopicAliasInvalid);
    CHECK(d.properties.reasonString == std::optional<std::string>("topic alias 11 outside 1..10"));
  }
  SECTION("alias 0") {
    p.properties.topicAlias = 0;
    p.topic = "x";
    pub.send(p);
    CHECK(pub.expect<Disconnect>().reasonCode == ReasonCode::TopicAliasInvalid);
  }
  SECTION("unknown alias with empty topic") {
    p.properties.topicAlias = 4;
    pub.send(p);
    Disconnect d = pub.expect<Disconnect>();
    CHECK(d.reasonCode == ReasonCode::ProtocolError);
    CHECK(d.properties.reasonString == std::optional<std::string>("unknown topic alias 4"));
  }
  CHECK(pub.closed());
}

TEST_CASE("topic aliases disabled by configuration") {
  BrokerConfig config;
  config.topicAliasMaximum = 0;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V5);
  CHECK_FALSE(c.connect("c").properties.topicAliasMaximum);
  Publish p;
  p.topic = "a";
  p.properties.topicAlias = 1;
  c.send(p);
  CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::TopicAliasInvalid);
}

TEST_CASE("client's receive maximum limits outgoing QoS 1/2 in flight") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "slow";
  connect.properties.receiveMaximum = 2;
  c.connect(connect);
  c.subscribe("a", 1);
  for (int i = 0; i < 5; ++i) t.broker->publish(message("a", std::to_string(i), 1));
  auto got = c.received();
  REQUIRE(got.size() == 2);
  Puback ack;
  ack.packetId = std::get<Publish>(got[0]).packetId;
  c.send(ack);
  Publish third = c.expect<Publish>();
  CHECK(third.payload == "2");
  ack.packetId = std::get<Publish>(got[1]).packetId;
  c.send(ack);
  ack.packetId = third.packetId;
  c.send(ack);
  got = c.received();
  REQUIRE(got.size() == 2);
  CHECK(std::get<Publish>(got[1]).payload == "4");
}

TEST_CASE("3.1.1 clients get at most maxInflightMessages in flight") {
  BrokerConfig config;
  config.maxInflightMessages = 3;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V311);
  c.connect("c");
  c.subscribe("a", 2);
  for (int i = 0; i < 10; ++i) t.broker->publish(message("a", "x", 2));
  CHECK(c.received().size() == 3);
}

TEST_CASE("messages larger than the client's maximum packet size are not sent") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "small";
  connect.properties.maximumPacketSize = 50;
  c.connect(connect);
  c.subscribe("a", 1);
  t.broker->publish(message("a", std::string(100, 'x'), 1));
  c.expectNothing();
  CHECK(t.host.logged("exceed its maximum packet size 50"));
  t.broker->publish(message("a", "small", 1));
  Publish p = c.expect<Publish>();
  CHECK(p.payload == "small");
}

TEST_CASE("message expiry counts down and expired messages are dropped") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "x";
  connect.cleanStart = false;
  connect.properties.sessionExpiryInterval = 1000;
  c.connect(connect);
  c.subscribe("a", 1);
  c.dropSocket();
  Message m1 = message("a", "short", 1);
  m1.messageExpiry = 5;
  Message m2 = message("a", "long", 1);
  m2.messageExpiry = 100;
  t.broker->publish(m1);
  t.broker->publish(m2);
  t.advance(30);
  TestClient back(t, ProtocolVersion::V5);
  connect.version = ProtocolVersion::V5;
  back.send(connect);
  auto got = back.received();
  REQUIRE(got.size() == 2);
  Publish p = std::get<Publish>(got[1]);
  CHECK(p.payload == "long");
  CHECK(p.properties.messageExpiryInterval == std::optional<std::uint32_t>(70));
}

TEST_CASE("retained message expires") {
  BrokerTest t;
  Message m = message("r", "soon gone", 0, true);
  m.messageExpiry = 10;
  t.broker->publish(m);
  CHECK(t.broker->retainedTopics().size() == 1);
  t.advance(11);
  CHECK(t.broker->retainedTopics().empty());
  CHECK_FALSE(t.broker->retained("r"));
}

TEST_CASE("publish properties pass through to v5 subscribers only") {
  BrokerTest t;
  TestClient v5(t, ProtocolVersion::V5), v3(t, ProtocolVersion::V311), pub(t, ProtocolVersion::V5);
  v5.connect("v5");
  v5.subscribe("req", 0);
  v3.connect("v3");
  v3.subscribe("req", 0);
  pub.connect("pub");
  Publish p;
  p.topic = "req";
  p.payload = "{}";
  p.properties.payloadFormatIndicator = 1;
  p.properties.contentType = "application/json";
  p.properties.responseTopic = "resp/pub";
  p.properties.correlationData = std::string("\x01\x02", 2);
  p.properties.userProperties = {{"z", "1"}, {"a", "2"}, {"z", "3"}};
  pub.send(p);
  Publish got = v5.expect<Publish>();
  CHECK(got.properties.payloadFormatIndicator == std::optional<std::uint8_t>(1));
  CHECK(got.properties.contentType == p.properties.contentType);
  CHECK(got.properties.responseTopic == p.properties.responseTopic);
  CHECK(got.properties.correlationData == p.properties.correlationData);
  CHECK(got.properties.userProperties == p.properties.userProperties);
  CHECK(v3.expect<Publish>().payload == "{}");
  const Message& m = t.host.publications.at(0).message;
  CHECK(m.contentType == p.properties.contentType);
  CHECK(m.userProperties == p.properties.userProperties);
}

TEST_CASE("payload format 1 with invalid UTF-8") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  Publish p;
  p.topic = "a";
  p.payload = "\xFF\xFE";
  p.properties.payloadFormatIndicator = 1;
  SECTION("QoS 1 gets PUBACK 0x99") {
    p.qos = 1;
    p.packetId = 3;
    c.send(p);
    Puback ack = c.expect<Puback>();
    CHECK(ack.reasonCode == ReasonCode::PayloadFormatInvalid);
    CHECK_FALSE(c.closed());
  }
  SECTION("QoS 0 disconnects with 0x99") {
    c.send(p);
    CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::PayloadFormatInvalid);
  }
  CHECK(t.host.publications.empty());
}

TEST_CASE("subscription identifier in a client PUBLISH is a protocol error") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  Publish p;
  p.topic = "a";
  p.properties.subscriptionIdentifiers = {1};
  c.send(p);
  CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
}

TEST_CASE("PUBREC with an error code ends the outgoing QoS 2 flow") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "c";
  connect.properties.receiveMaximum = 1;
  c.connect(connect);
  c.subscribe("a", 2);
  t.broker->publish(message("a", "1", 2));
  t.broker->publish(message("a", "2", 2));
  Publish first = c.expect<Publish>();
  Pubrec rec;
  rec.packetId = first.packetId;
  rec.reasonCode = ReasonCode::QuotaExceeded;
  c.send(rec);
  CHECK(c.expect<Publish>().payload == "2");  // window freed, no PUBREL
}

TEST_CASE("request response information gets Response Information (§3.1.2.11.7)") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "c";
  connect.properties.requestProblemInformation = 0;
  connect.properties.requestResponseInformation = 1;
  Connack ack = c.connect(connect);
  CHECK(ack.reasonCode == ReasonCode::Success);
  CHECK(ack.properties.responseInformation == std::optional<std::string>("response/c"));
  TestClient other(t, ProtocolVersion::V5);
  CHECK_FALSE(other.connect("d").properties.responseInformation);  // not requested: none [MQTT-3.1.2-28]
}

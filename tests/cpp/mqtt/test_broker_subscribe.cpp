// SUBSCRIBE / UNSUBSCRIBE, retained messages, v5 subscription options.
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

TEST_CASE("SUBACK grants the requested QoS and refuses invalid filters") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  c.connect("c");
  Subscribe s;
  s.packetId = 12;
  s.entries = {{"a/+", 0}, {"b/#", 1}, {"c", 2}, {"bad/#/x", 1}, {"d+", 0}, {"", 0}};
  c.send(s);
  Suback a = c.expect<Suback>();
  CHECK(a.packetId == 12);
  const ReasonCode invalid = v == ProtocolVersion::V5 ? ReasonCode::TopicFilterInvalid : ReasonCode::UnspecifiedError;
  CHECK(a.reasonCodes == std::vector<ReasonCode>{ReasonCode::GrantedQoS0, ReasonCode::GrantedQoS1,
                                                 ReasonCode::GrantedQoS2, invalid, invalid, invalid});
  CHECK_FALSE(c.closed());
  CHECK(t.host.logged("invalid topic filter 'bad/#/x'"));
}

TEST_CASE("UNSUBSCRIBE stops delivery") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  c.connect("c");
  c.subscribe("a/#", 1);
  Unsubscribe u;
  u.packetId = 4;
  u.filters = {"a/#", "never"};
  c.send(u);
  Unsuback ack = c.expect<Unsuback>();
  CHECK(ack.packetId == 4);
  if (v == ProtocolVersion::V5)
    CHECK(ack.reasonCodes == std::vector<ReasonCode>{ReasonCode::Success, ReasonCode::NoSubscriptionExisted});
  else
    CHECK(ack.reasonCodes.empty());
  t.broker->publish(message("a/b", "x", 1));
  c.expectNothing();
}

TEST_CASE("retained messages: store, deliver on subscribe, clear") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient pub(t, v);
  pub.connect("pub");
  pub.publish("home/temp", "21.5", 0, true);
  pub.publish("home/hum", "40", 0, true);
  CHECK(t.broker->retainedTopics() == std::vector<std::string>{"home/hum", "home/temp"});
  REQUIRE(t.broker->retained("home/temp"));
  CHECK(t.broker->retained("home/temp")->payload == "21.5");
  CHECK_FALSE(t.broker->retained("home/none"));

  TestClient sub(t, v);
  sub.connect("sub");
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"home/+", 1}};
  sub.send(s);
  auto got = sub.received();
  REQUIRE(got.size() == 3);
  CHECK(std::holds_alternative<Suback>(got[0]));  // SUBACK first
  Publish r1 = std::get<Publish>(got[1]);
  CHECK(r1.topic == "home/hum");
  CHECK(r1.retain);
  CHECK(r1.qos == 0);  // min(published 0, granted 1)
  CHECK(std::get<Publish>(got[2]).topic == "home/temp");

  // Live messages to an existing subscription carry retain=0 (3.1.1 rule; v5 without retain-as-published).
  pub.publish("home/temp", "22", 0, true);
  Publish live = sub.expect<Publish>();
  CHECK(live.payload == "22");
  CHECK_FALSE(live.retain);

  // Empty retained payload clears the topic and is still delivered.
  pub.publish("home/temp", "", 0, true);
  CHECK(sub.expect<Publish>().payload.empty());
  CHECK(t.broker->retainedTopics() == std::vector<std::string>{"home/hum"});
}

TEST_CASE("server-side retained publish and the retained API") {
  BrokerTest t;
  t.broker->publish(message("sym/1", "on", 1, true));
  REQUIRE(t.broker->retained("sym/1"));
  CHECK(t.broker->retained("sym/1")->qos == 1);
  TestClient sub(t, ProtocolVersion::V311);
  sub.connect("s");
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"sym/#", 2}};
  sub.send(s);
  auto got = sub.received();
  REQUIRE(got.size() == 2);
  CHECK(std::get<Publish>(got[1]).qos == 1);
  CHECK(std::get<Publish>(got[1]).retain);
}

TEST_CASE("retain not available") {
  BrokerConfig config;
  config.retainAvailable = false;
  BrokerTest t(config);
  SECTION("v5 client gets 0x9A") {
    TestClient c(t, ProtocolVersion::V5);
    CHECK(c.connect("c").properties.retainAvailable == std::optional<std::uint8_t>(0));
    c.publish("a", "x", 0, true);
    CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::RetainNotSupported);
  }
  SECTION("3.1.1 message is delivered but not stored") {
    TestClient c(t, ProtocolVersion::V311);
    c.connect("c");
    c.publish("a", "x", 0, true);
    CHECK_FALSE(c.closed());
    CHECK(t.broker->retainedTopics().empty());
  }
}

TEST_CASE("v5 retain handling 0, 1 and 2") {
  BrokerTest t;
  t.broker->publish(message("r", "kept", 0, true));
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  auto subscribe = [&](int handling) {
    Subscribe s;
    s.packetId = 1;
    s.entries = {{"r", 0, false, false, handling}};
    c.send(s);
    return c.received().size() - 1;  // minus the SUBACK
  };
  CHECK(subscribe(2) == 0);  // never
  CHECK(subscribe(1) == 0);  // subscription existed already
  CHECK(subscribe(0) == 1);  // always
  Unsubscribe u;
  u.packetId = 2;
  u.filters = {"r"};
  c.send(u);
  c.expect<Unsuback>();
  CHECK(subscribe(1) == 1);  // new subscription
}

TEST_CASE("v5 retain as published and no local") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"rap", 0, false, true, 0}, {"nl", 0, true, false, 0}};
  c.send(s);
  c.expect<Suback>();
  c.publish("rap", "x", 0, true);
  CHECK(c.expect<Publish>().retain);
  c.publish("nl", "mine");
  c.expectNothing();  // no local: own message not returned
  TestClient other(t, ProtocolVersion::V5);
  other.connect("other");
  other.publish("nl", "theirs");
  CHECK(c.expect<Publish>().payload == "theirs");
}

TEST_CASE("v5 subscription identifiers are attached to deliveries") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  Subscribe s1;
  s1.packetId = 1;
  s1.properties.subscriptionIdentifiers = {7};
  s1.entries = {{"a/+", 0}};
  c.send(s1);
  c.expect<Suback>();
  Subscribe s2;
  s2.packetId = 2;
  s2.properties.subscriptionIdentifiers = {9};
  s2.entries = {{"a/#", 1}};
  c.send(s2);
  c.expect<Suback>();
  t.broker->publish(message("a/b", "x", 1));
  Publish p = c.expect<Publish>();
  std::vector<std::uint32_t> ids = p.properties.subscriptionIdentifiers;
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::uint32_t>{7, 9});
  CHECK(p.qos == 1);
}

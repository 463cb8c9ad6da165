// Sessions: persistence, queueing, resend, expiry, keep-alive, wills.
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

namespace {

Connect withWill(const std::string& id, const std::string& willTopic, std::uint32_t delay = 0,
                 std::uint32_t sessionExpiry = 0, std::uint16_t keepAlive = 60) {
  Connect c;
  c.clientId = id;
  c.keepAlive = keepAlive;
  Will w;
  w.topic = willTopic;
  w.payload = "offline";
  w.qos = 1;
  if (delay) w.properties.willDelayInterval = delay;
  c.will = w;
  if (sessionExpiry) c.properties.sessionExpiryInterval = sessionExpiry;
  return c;
}

}  // namespace

TEST_CASE("persistent session keeps subscriptions and queues QoS 1 while offline") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient first(t, v);
  Connect c;
  c.clientId = "p";
  c.cleanStart = false;
  if (v == ProtocolVersion::V5) c.properties.sessionExpiryInterval = 3600;
  CHECK_FALSE(first.connect(c).sessionPresent);
  first.subscribe("s/#", 1);
  first.disconnect();
  CHECK(t.broker->sessionCount() == 1);

  t.broker->publish(message("s/1", "q1", 1));
  t.broker->publish(message("s/2", "q0", 0));  // QoS 0 dropped while offline

  TestClient second(t, v);
  second.send([&] {
    Connect again = c;
    again.version = v;
    return again;
  }());
  auto got = second.received();
  REQUIRE(got.size() == 2);
  CHECK(std::get<Connack>(got[0]).sessionPresent);
  Publish p = std::get<Publish>(got[1]);
  CHECK(p.payload == "q1");
  CHECK(p.qos == 1);
  CHECK_FALSE(p.dup);
  // Still subscribed.
  t.broker->publish(message("s/3", "live"));
  CHECK(second.expect<Publish>().payload == "live");
}

TEST_CASE("clean session discards the old session") {
  BrokerTest t;
  TestClient first(t, ProtocolVersion::V311);
  first.connect("p", false);
  first.subscribe("s", 1);
  first.disconnect();
  TestClient second(t, ProtocolVersion::V311);
  CHECK_FALSE(second.connect("p", true).sessionPresent);
  t.broker->publish(message("s", "x", 1));
  second.expectNothing();
  second.disconnect();
  CHECK(t.broker->sessionCount() == 0);
}

TEST_CASE("unacknowledged messages are resent with DUP on resume") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  Connect c;
  c.clientId = "r";
  c.cleanStart = false;
  c.version = v;
  if (v == ProtocolVersion::V5) c.properties.sessionExpiryInterval = 600;
  TestClient first(t, v);
  first.connect(c);
  first.subscribe("a", 2);
  t.broker->publish(message("a", "q1", 1));
  t.broker->publish(message("a", "q2", 2));
  auto got = first.received();
  REQUIRE(got.size() == 2);
  const auto id1 = std::get<Publish>(got[0]).packetId;
  const auto id2 = std::get<Publish>(got[1]).packetId;
  Pubrec rec;
  rec.packetId = id2;
  first.send(rec);
  CHECK(first.expect<Pubrel>().packetId == id2);
  first.dropSocket();

  TestClient second(t, v);
  second.send(c);
  got = second.received();
  REQUIRE(got.size() == 3);
  CHECK(std::get<Connack>(got[0]).sessionPresent);
  Publish again = std::get<Publish>(got[1]);
  CHECK(again.dup);
  CHECK(again.packetId == id1);
  CHECK(again.payload == "q1");
  CHECK(std::get<Pubrel>(got[2]).packetId == id2);  // QoS 2 past PUBREC: PUBREL again
}

TEST_CASE("offline queue is bounded") {
  BrokerConfig config;
  config.maxQueuedMessages = 3;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V311);
  c.connect("q", false);
  c.subscribe("a", 1);
  c.dropSocket();
  for (int i = 0; i < 5; ++i) t.broker->publish(message("a", std::to_string(i), 1));
  CHECK(t.host.logged("queue of client 'q' full (3)"));
  TestClient back(t, ProtocolVersion::V311);
  back.send([] {
    Connect x;
    x.clientId = "q";
    x.cleanStart = false;
    return x;
  }());
  auto got = back.received();
  REQUIRE(got.size() == 4);
  CHECK(std::get<Publish>(got[1]).payload == "0");
  CHECK(std::get<Publish>(got[3]).payload == "2");
}

TEST_CASE("QoS 0 can be queued offline when configured") {
  BrokerConfig config;
  config.queueQos0Offline = true;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V311);
  c.connect("q", false);
  c.subscribe("a", 0);
  c.dropSocket();
  t.broker->publish(message("a", "zero"));
  TestClient back(t, ProtocolVersion::V311);
  back.send([] {
    Connect x;
    x.clientId = "q";
    x.cleanStart = false;
    return x;
  }());
  auto got = back.received();
  REQUIRE(got.size() == 2);
  CHECK(std::get<Publish>(got[1]).payload == "zero");
}

TEST_CASE("v5 session expiry") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "e";
  connect.cleanStart = false;
  connect.properties.sessionExpiryInterval = 10;
  c.connect(connect);
  c.disconnect();
  t.advance(9);
  CHECK(t.broker->sessionCount() == 1);
  t.advance(2);
  CHECK(t.broker->sessionCount() == 0);
  CHECK(t.host.logged("session of client 'e' expired"));
}

TEST_CASE("session expiry is capped by the configuration") {
  BrokerConfig config;
  config.maxSessionExpiry = 60;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "e";
  connect.properties.sessionExpiryInterval = 3600;
  CHECK(c.connect(connect).properties.sessionExpiryInterval == std::optional<std::uint32_t>(60));
}

TEST_CASE("v5 DISCONNECT may change session expiry, but not from 0") {
  BrokerTest t;
  SECTION("from non-zero") {
    TestClient c(t, ProtocolVersion::V5);
    Connect connect;
    connect.clientId = "d";
    connect.properties.sessionExpiryInterval = 10;
    c.connect(connect);
    Disconnect d;
    d.properties.sessionExpiryInterval = 0;
    c.send(d);
    CHECK(t.broker->sessionCount() == 0);
  }
  SECTION("from zero is a protocol error") {
    TestClient c(t, ProtocolVersion::V5);
    c.connect("d");
    Disconnect d;
    d.properties.sessionExpiryInterval = 100;
    c.send(d);
    CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
  }
}

TEST_CASE("keep alive: dropped after 1.5 x keep alive without traffic") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient watcher(t, v);
  watcher.connect("w");
  watcher.subscribe("will/#", 1);
  TestClient c(t, v);
  c.connect(withWill("k", "will/k", 0, 0, 10));
  t.advance(14);
  c.send(Pingreq{});
  c.expect<Pingresp>();
  t.advance(14);
  CHECK_FALSE(c.closed());
  t.advance(2);
  CHECK(c.closed());
  CHECK(c.closeReason() == "keep alive timeout");
  if (v == ProtocolVersion::V5) CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::KeepAliveTimeout);
  // The will is published.
  auto got = watcher.received();
  bool sawWill = false;
  for (auto& p : got)
    if (auto* pub = std::get_if<Publish>(&p)) sawWill = sawWill || pub->topic == "will/k";
  CHECK(sawWill);
}

TEST_CASE("keep alive 0 disables the timeout") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  Connect connect;
  connect.clientId = "z";
  connect.keepAlive = 0;
  c.connect(connect);
  t.advance(100000);
  CHECK_FALSE(c.closed());
}

TEST_CASE("v5 keep alive 0 gets Server Keep Alive 65535 by default, like mosquitto") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "z";
  connect.keepAlive = 0;
  CHECK(c.connect(connect).properties.serverKeepAlive == std::optional<std::uint16_t>(65535));
  TestClient d(t, ProtocolVersion::V5);
  connect.clientId = "y";
  connect.keepAlive = 60;
  CHECK_FALSE(d.connect(connect).properties.serverKeepAlive);
}

TEST_CASE("v5 server keep alive overrides the client's") {
  BrokerConfig config;
  config.serverKeepAlive = 5;
  BrokerTest t(config);
  TestClient c(t, ProtocolVersion::V5);
  CHECK(c.connect("s").properties.serverKeepAlive == std::optional<std::uint16_t>(5));
  t.advance(8);
  CHECK(c.closed());
}

TEST_CASE("will: published on abnormal disconnect, not after DISCONNECT") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient watcher(t, v);
  watcher.connect("w");
  watcher.subscribe("will/#", 1);
  SECTION("socket lost") {
    TestClient c(t, v);
    c.connect(withWill("a", "will/a"));
    c.dropSocket();
    Publish p = watcher.expect<Publish>();
    CHECK(p.topic == "will/a");
    CHECK(p.payload == "offline");
    CHECK(p.qos == 1);
    CHECK(t.host.logged("publishing will of client 'a' on 'will/a'"));
  }
  SECTION("normal DISCONNECT") {
    TestClient c(t, v);
    c.connect(withWill("a", "will/a"));
    c.disconnect();
    watcher.expectNothing();
  }
  SECTION("protocol error") {
    TestClient c(t, v);
    c.connect(withWill("a", "will/a"));
    c.sendRaw(std::string("\xC1\x00", 2));
    CHECK(watcher.expect<Publish>().topic == "will/a");
  }
}

TEST_CASE("v5 DISCONNECT 0x04 publishes the will") {
  BrokerTest t;
  TestClient watcher(t, ProtocolVersion::V5);
  watcher.connect("w");
  watcher.subscribe("will/#", 0);
  TestClient c(t, ProtocolVersion::V5);
  c.connect(withWill("a", "will/a"));
  c.disconnect(ReasonCode::DisconnectWithWill);
  CHECK(watcher.expect<Publish>().topic == "will/a");
}

TEST_CASE("retained will is stored") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  Connect connect = withWill("a", "status/a");
  connect.will->retain = true;
  c.connect(connect);
  c.dropSocket();
  REQUIRE(t.broker->retained("status/a"));
  CHECK(t.broker->retained("status/a")->payload == "offline");
}

TEST_CASE("v5 will delay") {
  BrokerTest t;
  TestClient watcher(t, ProtocolVersion::V5);
  watcher.connect("w");
  watcher.subscribe("will/#", 0);
  SECTION("published after the delay") {
    TestClient c(t, ProtocolVersion::V5);
    c.connect(withWill("a", "will/a", 5, 100));
    c.dropSocket();
    watcher.expectNothing();
    t.advance(4);
    watcher.expectNothing();
    t.advance(2);
    CHECK(watcher.expect<Publish>().topic == "will/a");
  }
  SECTION("cancelled when the session reconnects") {
    TestClient c(t, ProtocolVersion::V5);
    Connect connect = withWill("a", "will/a", 5, 100);
    connect.cleanStart = false;
    c.connect(connect);
    c.dropSocket();
    TestClient back(t, ProtocolVersion::V5);
    Connect again;
    again.clientId = "a";
    again.cleanStart = false;
    again.properties.sessionExpiryInterval = 100;
    CHECK(back.connect(again).sessionPresent);
    t.advance(10);
    watcher.expectNothing();
  }
  SECTION("sent early when the session ends first") {
    TestClient c(t, ProtocolVersion::V5);
    c.connect(withWill("a", "will/a", 50, 3));
    c.dropSocket();
    t.advance(4);
    CHECK(watcher.expect<Publish>().topic == "will/a");
  }
  SECTION("sent at once when a clean start ends the session") {
    TestClient c(t, ProtocolVersion::V5);
    c.connect(withWill("a", "will/a", 50, 100));
    c.dropSocket();
    TestClient back(t, ProtocolVersion::V5);
    back.connect("a", true);
    CHECK(watcher.expect<Publish>().topic == "will/a");
  }
}

TEST_CASE("takeover publishes the old connection's will") {
  BrokerTest t;
  TestClient watcher(t, ProtocolVersion::V311);
  watcher.connect("w");
  watcher.subscribe("will/#", 0);
  TestClient first(t, ProtocolVersion::V311);
  first.connect(withWill("a", "will/a"));
  TestClient second(t, ProtocolVersion::V311);
  second.connect("a");
  CHECK(watcher.expect<Publish>().topic == "will/a");
}

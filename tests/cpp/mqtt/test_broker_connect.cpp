// CONNECT handling: versions, client ids, credentials, ordering rules, takeover.
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

TEST_CASE("accepts 3.1, 3.1.1 and 5.0 clients") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V31, ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  Connack ack = c.connect("client-a");
  CHECK(ack.reasonCode == ReasonCode::Success);
  CHECK_FALSE(ack.sessionPresent);
  CHECK(t.broker->connectedClients() == 1);
  CHECK_FALSE(c.closed());
  if (v == ProtocolVersion::V5) {
    CHECK(ack.properties.topicAliasMaximum == std::optional<std::uint16_t>(10));
    CHECK_FALSE(ack.properties.sharedSubscriptionAvailable);                             // absent = available
    CHECK(ack.properties.maximumPacketSize == std::optional<std::uint32_t>(268435455));  // paho's upper bound
  }
}

TEST_CASE("unsupported protocol level gets CONNACK 0x01 and is closed") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  Connect connect;
  connect.clientId = "x";
  connect.version = static_cast<ProtocolVersion>(6);
  c.send(connect);
  Connack ack = c.expect<Connack>();
  CHECK(toByte(ack.reasonCode) == 0x01);
  CHECK(c.closed());
  CHECK(t.host.logged("unsupported protocol level 6"));
}

TEST_CASE("unknown protocol name is closed without CONNACK") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  Connect connect;
  connect.protocolName = "MQTX";
  connect.clientId = "x";
  c.send(connect);
  c.expectNothing();
  CHECK(c.closed());
}

TEST_CASE("empty client id") {
  BrokerTest t;
  SECTION("3.1.1 clean session gets an id") {
    TestClient c(t, ProtocolVersion::V311);
    CHECK(c.connect("", true).reasonCode == ReasonCode::Success);
    REQUIRE(t.broker->clients().size() == 1);
    CHECK_THAT(t.broker->clients()[0].clientId, Catch::StartsWith("symemu-"));
  }
  SECTION("3.1.1 with cleanSession=0 is rejected with 0x02") {
    TestClient c(t, ProtocolVersion::V311);
    Connack ack = c.connect("", false);
    CHECK(toByte(ack.reasonCode) == 0x02);
    CHECK_FALSE(ack.sessionPresent);
    CHECK(c.closed());
  }
  SECTION("3.1 is rejected with 0x02") {
    TestClient c(t, ProtocolVersion::V31);
    CHECK(toByte(c.connect("", true).reasonCode) == 0x02);
  }
  SECTION("v5 gets an Assigned Client Identifier") {
    TestClient c(t, ProtocolVersion::V5);
    Connack ack = c.connect("", true);
    CHECK(ack.reasonCode == ReasonCode::Success);
    REQUIRE(ack.properties.assignedClientIdentifier);
    CHECK(*ack.properties.assignedClientIdentifier == t.broker->clients()[0].clientId);
  }
}

TEST_CASE("user name and password") {
  BrokerConfig config;
  config.userName = "logger";
  config.password = "secret";
  BrokerTest t(config);
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  const bool v5 = v == ProtocolVersion::V5;
  TestClient c(t, v);
  Connect connect;
  connect.clientId = "c";
  SECTION("correct") {
    connect.userName = "logger";
    connect.password = "secret";
    CHECK(c.connect(connect).reasonCode == ReasonCode::Success);
    CHECK_FALSE(c.closed());
  }
  SECTION("wrong password") {
    connect.userName = "logger";
    connect.password = "guess";
    CHECK(toByte(c.connect(connect).reasonCode) == (v5 ? 0x86 : 0x04));
    CHECK(c.closed());
    CHECK(t.host.logged("bad user name or password for user 'logger'"));
  }
  SECTION("wrong user name") {
    connect.userName = "other";
    connect.password = "secret";
    CHECK(toByte(c.connect(connect).reasonCode) == (v5 ? 0x86 : 0x04));
  }
  SECTION("missing") {
    CHECK(toByte(c.connect(connect).reasonCode) == (v5 ? 0x87 : 0x05));
    CHECK(c.closed());
  }
  CHECK(t.host.publications.empty());
}

TEST_CASE("anonymous broker ignores credentials") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  Connect connect;
  connect.clientId = "c";
  connect.userName = "whoever";
  connect.password = "whatever";
  CHECK(c.connect(connect).reasonCode == ReasonCode::Success);
}

TEST_CASE("credentials can change at run time") {
  BrokerTest t;
  BrokerConfig config;
  config.userName = "u";
  config.password = "p";
  t.broker->setConfig(config);
  TestClient c(t, ProtocolVersion::V311);
  CHECK(toByte(c.connect("c").reasonCode) == 0x05);
}

TEST_CASE("any packet before CONNECT closes the connection") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  c.publish("a", "b");
  c.expectNothing();
  CHECK(c.closed());
  CHECK(c.closeReason() == "PUBLISH before CONNECT");
  CHECK(t.host.publications.empty());
}

TEST_CASE("second CONNECT is a protocol error") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient c(t, v);
  c.connect("c");
  Connect again;
  again.version = v;
  again.clientId = "c";
  c.send(again);
  if (v == ProtocolVersion::V5) {
    Disconnect d = c.expect<Disconnect>();
    CHECK(d.reasonCode == ReasonCode::ProtocolError);
    CHECK(d.properties.reasonString == std::optional<std::string>("second CONNECT"));
  } else {
    c.expectNothing();
  }
  CHECK(c.closed());
  CHECK(t.broker->connectedClients() == 0);
}

TEST_CASE("v5 CONNECT with an authentication method is refused with 0x8C") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.clientId = "c";
  connect.properties.authenticationMethod = "SCRAM-SHA-1";
  CHECK(c.connect(connect).reasonCode == ReasonCode::BadAuthenticationMethod);
  CHECK(c.closed());
}

TEST_CASE("malformed v5 CONNECT gets a CONNACK with the reason code") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  Connect connect;
  connect.version = ProtocolVersion::V5;
  connect.clientId = "c";
  connect.properties.maximumPacketSize = 0;
  c.send(connect);
  Connack ack = c.expect<Connack>();
  CHECK(ack.reasonCode == ReasonCode::ProtocolError);
  CHECK(c.closed());
}

TEST_CASE("connection without CONNECT times out") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  t.advance(5);
  CHECK_FALSE(c.closed());
  t.advance(6);
  CHECK(c.closed());
  CHECK(c.closeReason() == "no CONNECT in time");
}

TEST_CASE("session takeover closes the older connection") {
  BrokerTest t;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  TestClient first(t, v);
  first.connect("same");
  TestClient second(t, v);
  Connack ack = second.connect("same");
  CHECK(ack.reasonCode == ReasonCode::Success);
  CHECK(first.closed());
  CHECK(first.closeReason() == "session taken over");
  if (v == ProtocolVersion::V5) CHECK(first.expect<Disconnect>().reasonCode == ReasonCode::SessionTakenOver);
  t.broker->clientDisconnected(first.key());  // host reports the socket gone afterwards
  CHECK(t.broker->connectedClients() == 1);
  // The new connection works.
  second.subscribe("x", 0);
  t.broker->publish(message("x", "1"));
  CHECK(second.expect<Publish>().payload == "1");
}

TEST_CASE("PINGREQ gets PINGRESP") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V311);
  c.connect("c");
  c.send(Pingreq{});
  c.expect<Pingresp>();
}

TEST_CASE("packets only a server sends are protocol errors from a client") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  c.send(Pingresp{});
  CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
  CHECK(c.closed());
}

TEST_CASE("AUTH is refused as a protocol error") {
  BrokerTest t;
  TestClient c(t, ProtocolVersion::V5);
  c.connect("c");
  c.send(Auth{});
  CHECK(c.expect<Disconnect>().reasonCode == ReasonCode::ProtocolError);
  CHECK(c.closed());
}

TEST_CASE("host may call clientDisconnected from inside closeClient") {
  BrokerTest t;
  t.host.disconnectInsideClose = true;
  TestClient a(t, ProtocolVersion::V311);
  a.connect("a");
  TestClient b(t, ProtocolVersion::V311);
  b.connect("a");  // takeover -> closeClient(a) -> clientDisconnected(a) re-entrantly
  CHECK(a.closed());
  CHECK(t.broker->connectedClients() == 1);
  CHECK(t.broker->clients().size() == 1);
}

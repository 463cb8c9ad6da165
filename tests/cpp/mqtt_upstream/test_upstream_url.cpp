#include <catch2/catch.hpp>

#include "symemu/harness/upstream_chain.h"

using symemu::harness::parseShard;
using symemu::harness::parseUpstreamUrl;
using symemu::harness::UpstreamSettings;

TEST_CASE("an upstream URL with credentials, client ID and an escaped topic") {
  auto s = parseUpstreamUrl("mqtt://logger:s%40cret@broker.example:1884?client_id=rec-1&topic=SmartLog/%23&qos=2");
  CHECK(s.host == "broker.example");
  CHECK(s.port == 1884);
  CHECK_FALSE(s.tls);
  CHECK(s.user == "logger");
  CHECK(s.password == "s@cret");
  CHECK(s.clientId == "rec-1");
  CHECK(s.topic == "SmartLog/#");
  CHECK(s.qos == 2);
}

TEST_CASE("mqtts defaults to port 8883 and takes TLS options") {
  auto s = parseUpstreamUrl("mqtts://127.0.0.1?ca=/etc/ca.pem&verify=0&version=5&clean=0");
  CHECK(s.tls);
  CHECK(s.port == 8883);
  CHECK(s.caFile == "/etc/ca.pem");
  CHECK_FALSE(s.verifyPeer);
  CHECK(s.protocolVersion == 5);
  CHECK_FALSE(s.cleanSession);
  CHECK(s.sessionExpiry == 86400);  // a persistent 5.0 session needs an expiry
  CHECK(parseUpstreamUrl("mqtt://h?version=5&clean=0&session_expiry=60").sessionExpiry == 60);
  CHECK(parseUpstreamUrl("mqtt://h").sessionExpiry == 0);
}

TEST_CASE("bad upstream URLs name their problem") {
  CHECK_THROWS_WITH(parseUpstreamUrl("tcp://h:1"), Catch::Contains("mqtt:// or mqtts://"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h:1?qos=3"), Catch::Contains("qos must be 0, 1 or 2"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h:1?qos=one"), Catch::Contains("qos is not a number"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h:1?version=3"), Catch::Contains("version must be 4"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h:1?x=1"), Catch::Contains("unknown parameter 'x'"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://:1"), Catch::Contains("no host"));
}

TEST_CASE("the shard option I/N") {
  UpstreamSettings s;
  parseShard("2/3", s);
  CHECK(s.shardIndex == 2);
  CHECK(s.shardCount == 3);
  CHECK_THROWS_WITH(parseShard("3/3", s), Catch::Contains("0..2"));
  CHECK_THROWS_WITH(parseShard("1", s), Catch::Contains("I/N"));
  CHECK_THROWS_WITH(parseShard("a/2", s), Catch::Contains("not a number"));
  CHECK_THROWS(parseShard("0/0", s));
}

TEST_CASE("a will message from the URL, only when the children may publish") {
  auto s = parseUpstreamUrl(
      "mqtt://h?readonly=0&will_topic=status/shard%2D1&will_payload=off%20line&will_qos=1&will_retain=1");
  CHECK_FALSE(s.readOnly);
  CHECK(s.willTopic == "status/shard-1");
  CHECK(s.willPayload == "off line");
  CHECK(s.willQos == 1);
  CHECK(s.willRetain);
  CHECK(parseUpstreamUrl("mqtt://h").willTopic.empty());
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h?will_topic=s"), Catch::Contains("will_topic needs readonly=0"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h?readonly=0&will_topic=s/%2B"),
                    Catch::Contains("must not contain + or #"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h?readonly=0&will_qos=1"), Catch::Contains("need will_topic"));
  CHECK_THROWS_WITH(parseUpstreamUrl("mqtt://h?readonly=0&will_topic=s&will_qos=3"),
                    Catch::Contains("will_qos must be"));
}

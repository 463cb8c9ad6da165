// Bad input: malformed JSON, wrong types, another logger, empty and huge reports, odd packets.
// Each gives the documented result and leaves other data intact.
#include <catch2/catch.hpp>

#include "sm_support.h"

using namespace smtest;
using symemu::Value;

namespace {

struct Loaded {
  symemu::Kernel k{options()};
  MqttSetup s;
  int meter = 0;
  Loaded() {
    s = installMqtt(k);
    publish(k, s.server, kTopics[1], example(1));
    meter = static_cast<int>(
        std::get<std::int64_t>(k.callFunction("SM_Create", s.configurator, {std::string("19032401")})));
    k.advance(60);  // later messages would show a new Last Message Time
  }
  void requireIntact(std::size_t meters = 1) {
    CHECK(value(k, meter, "Energy") == Value(12345670.0));
    CHECK(value(k, meter, "Power") == Value(842.3));
    CHECK(rows(k, s.configurator)->size() == meters);
  }
};

}  // namespace

TEST_CASE("malformed JSON is refused with the parser message and nothing is applied", "[smartmetering][bad]") {
  Loaded t;
  publish(t.k, t.s.server, kTopics[1], "{\"muc\":{\"MUC_ID\":\"SL-000123\",,}}");
  CHECK(logContains(t.k, "Report refused: not JSON: expected a key in quotes, found ',' at line 1 column 30"));
  CHECK(debugContains(t.k, t.s.smartLog, "not JSON"));
  CHECK(lastMessageTime(t.k, t.s.smartLog) == "2025-03-14 10:15:00");
  t.requireIntact();

  publish(t.k, t.s.server, kTopics[1], "[1,2]");
  CHECK(logContains(t.k, "Report refused: root: not an object (array)"));
  publish(t.k, t.s.server, kTopics[1], "{\"muc\":{\"MUC_ID\":\"SL-000123\"}}");
  CHECK(logContains(t.k, "Report refused: muc: missing \"meter\""));
  publish(t.k, t.s.server, kTopics[1], std::string("\xff\xfe garbage", 10));
  t.requireIntact();
  CHECK(lastMessageTime(t.k, t.s.smartLog) == "2025-03-14 10:15:00");
}

TEST_CASE("a bad record is skipped and logged, the rest is applied", "[smartmetering][bad]") {
  Loaded t;
  std::string payload = example(1);
  payload.replace(payload.find("\"SCALE\":\"0.1\""), 13, "\"SCALE\":\"abc\"");  // Power's scale
  payload.replace(payload.find("\"2312\""), 6, "\"2400\"");
  publish(t.k, t.s.server, kTopics[1], payload);
  CHECK(logContains(t.k, "Report part skipped: meter[0].data[1]: \"SCALE\" is not a number: \"abc\""));
  CHECK(value(t.k, t.meter, "Power") == Value(842.3));  // kept its old value
  CHECK(value(t.k, t.meter, "Volts") == Value(240.0));  // the rest applied
  CHECK(lastMessageTime(t.k, t.s.smartLog) == "2025-03-14 10:16:00");

  // Wrong JSON types: a meter without a usable METER_ID is skipped, the others applied.
  std::string mixed =
      "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[{\"METER_ID\":{\"x\":1},\"data\":[]},"
      "{\"METER_ID\":\"19032401\",\"INTERFACE\":\"02\",\"data\":[{\"DESCRIPTION\":\"Power\",\"UNIT\":\"W\","
      "\"SCALE\":\"1\",\"entry\":[{\"VAL\":true}]},{\"DESCRIPTION\":\"Energy\",\"UNIT\":\"Wh\",\"SCALE\":10,"
      "\"entry\":[{\"T_MUC\":1741947400,\"VAL\":1300000}]}]}]}}";
  publish(t.k, t.s.server, kTopics[1], mixed);
  CHECK(logContains(t.k, "Report part skipped: meter[0]"));
  CHECK(logContains(t.k, "Report part skipped: meter[1].data[0]"));
  CHECK(value(t.k, t.meter, "Energy") == Value(13000000.0));
  CHECK(value(t.k, t.meter, "Power") == Value(842.3));
  CHECK(rows(t.k, t.s.configurator)->size() == 1);
}

TEST_CASE("a report of another logger is ignored", "[smartmetering][bad]") {
  Loaded t;
  std::string other = example(1);
  other.replace(other.find("\"MUC_ID\":\"SL-000123\""), 20, "\"MUC_ID\":\"SL-000999\"");
  other.replace(other.find("\"8423\""), 6, "\"1\"");
  publish(t.k, t.s.server, kTopics[1], other);  // on our topic, but the payload wins
  CHECK(debugContains(t.k, t.s.smartLog, "Report of SmartLog SL-000999 ignored"));
  CHECK(lastMessageTime(t.k, t.s.smartLog) == "2025-03-14 10:15:00");
  // Another logger's topic never reaches this SmartLog (receive filter).
  publish(t.k, t.s.server, "SmartLog/SL-0001234/19032401", other);
  publish(t.k, t.s.server, "SmartLog/SL-000123x/19032401", other);
  t.requireIntact();
}

TEST_CASE("an empty report only updates Last Message Time", "[smartmetering][bad]") {
  Loaded t;
  publish(t.k, t.s.server, kTopics[5], "{\"MESSAGE_TYPE\":\"1\",\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[]}}");
  CHECK(lastMessageTime(t.k, t.s.smartLog) == "2025-03-14 10:16:00");
  t.requireIntact();
}

TEST_CASE("packets that are not MQTT PUBLISH are ignored", "[smartmetering][bad]") {
  Loaded t;
  auto& k = t.k;
  const std::string topic = "\"Topic\":\"SmartLog/SL-000123/19032401\"";
  k.sendDataToChildren(
      t.s.server, "{\"DataID\":\"" + guid::kMqttToChildren + "\",\"PacketType\":8," + topic + ",\"Payload\":\"\"}");
  k.sendDataToChildren(t.s.server, "{\"DataID\":\"" + guid::kMqttToChildren + "\"," + topic + "}");
  CHECK(debugContains(k, t.s.smartLog, "not an MQTT packet"));
  // A gateway request it does not know, and a broken one.
  CHECK(k.sendDataToParent(t.meter, "{\"DataID\":\"" + guid::kToGateway + "\",\"Function\":\"Nope\"}").empty());
  CHECK(k.sendDataToParent(t.meter, "{\"DataID\":\"" + guid::kToGateway + "\",").empty());
  // A broken packet to a meter.
  k.sendDataToChildren(t.s.smartLog,
                       "{\"DataID\":\"" + guid::kToMeters + "\",\"MeterID\":\"19032401\",\"Variables\":7}");
  CHECK(debugContains(k, t.meter, "Packet refused"));
  t.requireIntact();
}

TEST_CASE("an invalid topic template sets an error status", "[smartmetering][bad]") {
  Loaded t;
  t.k.setProperty(t.s.smartLog, "TopicTemplate", std::string("SmartLog/#/x"));
  t.k.applyChanges(t.s.smartLog);
  CHECK(t.k.getInstance(t.s.smartLog).status == 202);
  t.k.setProperty(t.s.smartLog, "TopicTemplate", std::string("Logger/{SmartLogID}/#"));
  t.k.applyChanges(t.s.smartLog);
  CHECK(t.k.getInstance(t.s.smartLog).status == symemu::status::Active);
  std::string later = example(1);
  later.replace(later.find("\"8423\""), 6, "\"1000\"");
  publish(t.k, t.s.server, kTopics[1], later);  // old layout: filtered out
  CHECK(value(t.k, t.meter, "Power") == Value(842.3));
  publish(t.k, t.s.server, "Logger/SL-000123/19032401", later);
  CHECK(value(t.k, t.meter, "Power") == Value(100.0));
}

TEST_CASE("a huge report with thousands of meters", "[smartmetering][bad][huge]") {
  Loaded t;
  const int n = 3000;
  std::string payload = "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"TIMESTAMP\":1741947300,\"meter\":[";
  for (int i = 0; i < n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "9%07d", i);
    payload += std::string(i ? "," : "") + "{\"METER_ID\":\"" + id +
               "\",\"INTERFACE\":\"05\",\"MANUFACTURER\":\"BMT\",\"MEDIUM\":\"Water\",\"data\":[{\"DESCRIPTION\":"
               "\"Volume\",\"UNIT\":\"m^3\",\"SCALE\":\"0.001\",\"entry\":[{\"T_MUC\":1741947202,\"VAL\":\"" +
               std::to_string(i) + "\"}]}]}";
  }
  payload += "]}}";
  publish(t.k, t.s.server, kTopics[5], payload);
  auto r = rows(t.k, t.s.configurator);
  REQUIRE(r->size() == n + 1);
  CHECK(std::get<std::int64_t>(t.k.callFunction("SM_Create", t.s.configurator, {std::string("90002999")})) > 0);
  int last = at(t.k, "SmartMetering/SmartLog SL-000123/Water/90002999 (Water)");
  CHECK(value(t.k, last, "Volume") == Value(2.999));
  t.requireIntact(n + 1);
}

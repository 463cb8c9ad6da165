#include <catch2/catch.hpp>

#include <sstream>

#include "symemu/harness/fixture.h"

using namespace symemu;
using namespace symemu::harness;

namespace {
Fixture parse(const std::string& text) {
  std::istringstream in(text);
  return parseFixture(in, "f.jsonl", symemu::builtinLibraries());
}
const std::string kHeader = "{\"symemu_fixture\": 1, \"description\": \"d\", \"start\": 1700000000}\n";

std::string problemAt(const std::string& eventLine) {
  auto fx = parse(kHeader + eventLine + "\n");
  REQUIRE(fx.problems.size() == 1);
  CHECK(fx.problems[0].line == 2);
  CHECK(fx.events.empty());
  return fx.problems[0].message;
}
}  // namespace

TEST_CASE("a fixture with every event kind parses") {
  auto fx = parse(
      kHeader +
      R"({"t": 0, "type": "mqtt", "client_id": "c1", "topic": "a/b", "qos": 2, "retain": true, "payload": "x"})"
      "\n"
      "\n"
      R"({"t": 1.5, "type": "mqtt", "topic": "a/c", "payload_base64": "/wA="})"
      "\n"
      R"({"t": 2, "type": "http", "method": "PUT", "path": "/hook/x?y=1", "headers": {"Content-Type": "text/plain"}, "user": "u", "body": "b", "expect_status": 401})"
      "\n"
      R"({"t": 3, "type": "http", "path": "/hook/x", "body_base64": "AAE="})"
      "\n"
      R"({"t": 4, "type": "action", "action": "create_all", "smartlog_id": "SL-1"})"
      "\n"
      R"({"t": 5, "type": "action", "action": "set_property", "path": "A/B", "property": "P", "value": 3, "apply": false})"
      "\n"
      R"({"t": 6, "type": "action", "action": "advance", "seconds": 900, "comment": "quarter hour"})"
      "\n"
      R"({"t": 7, "type": "action", "action": "create_instance", "module": "M", "name": "N", "parent": "P", "properties": {"A": "x", "B": true}})"
      "\n");
  CHECK(fx.problems.empty());
  CHECK(fx.description == "d");
  REQUIRE(fx.start);
  CHECK(*fx.start == 1700000000.0);
  REQUIRE(fx.events.size() == 8);
  const auto& m = fx.events[0];
  CHECK(m.line == 2);
  CHECK(m.type == EventType::Mqtt);
  CHECK(m.clientId == "c1");
  CHECK(m.qos == 2);
  CHECK(m.retain);
  CHECK(m.data == "x");
  CHECK(fx.events[1].line == 4);
  CHECK(fx.events[1].clientId == "symemu-replay");
  CHECK(fx.events[1].data == std::string("\xff\x00", 2));
  const auto& h = fx.events[2];
  CHECK(h.method == "PUT");
  CHECK(h.path == "/hook/x?y=1");
  REQUIRE(h.headers.size() == 1);
  CHECK(h.headers[0].second == "text/plain");
  CHECK(h.user == std::optional<std::string>("u"));
  CHECK(h.expectStatus == std::optional<int>(401));
  CHECK(fx.events[3].method == "POST");
  CHECK(fx.events[3].data == std::string("\x00\x01", 2));
  CHECK(fx.events[4].actionFields.at("smartlog_id") == "SL-1");
  CHECK(fx.events[5].value == Value(std::int64_t{3}));
  CHECK_FALSE(fx.events[5].apply);
  CHECK(fx.events[6].seconds == 900);
  CHECK(fx.events[6].label() == "action advance");
  const auto& ci = fx.events[7];
  CHECK(ci.moduleName == "M");
  CHECK(ci.instanceName == "N");
  CHECK(ci.objectPath == "P");
  REQUIRE(ci.properties.size() == 2);
  CHECK(ci.properties[1].second == Value(true));
  CHECK(fx.where(7) == "f.jsonl:7");
}

TEST_CASE("what FixtureRecorder writes parses back") {
  auto fx = parse(
      R"({"symemu_fixture":1,"description":"recorded by symemu serve"})"
      "\n"
      R"({"t":0.120,"type":"mqtt","client_id":"mosq-1","topic":"echo/a","qos":1,"retain":false,"payload":"hi"})"
      "\n"
      R"({"t":1.000,"type":"http","method":"POST","path":"/hook/echo","headers":{"User-Agent":"curl"},"user":"logger","body":"b"})"
      "\n");
  CHECK(fx.problems.empty());
  REQUIRE(fx.events.size() == 2);
  CHECK(fx.events[0].t == Approx(0.12));
  CHECK(fx.events[1].user == std::optional<std::string>("logger"));
}

TEST_CASE("bad event lines name the line and the field, and the rest still parses") {
  auto fx = parse(kHeader +
                  R"({"t": 0, "type": "mqtt", "topic": "a", "qos": 3})"
                  "\n"
                  "not json\n" +
                  R"({"t": 1, "type": "mqtt", "topic": "ok"})"
                  "\n");
  REQUIRE(fx.problems.size() == 2);
  CHECK(fx.problems[0].line == 2);
  CHECK(fx.problems[0].message == "\"qos\" must be 0, 1 or 2");
  CHECK(fx.problems[1].line == 3);
  CHECK(fx.problems[1].message.find("not valid JSON") == 0);
  REQUIRE(fx.events.size() == 1);
  CHECK(fx.events[0].line == 4);
}

TEST_CASE("each field is checked") {
  CHECK(problemAt(R"([1, 2])") == "a line must be one JSON object");
  CHECK(problemAt(R"({"t": 0})") == "missing \"type\"");
  CHECK(problemAt(R"({"t": 0, "type": "ftp"})") == "\"type\" must be mqtt, http or action");
  CHECK(problemAt(R"({"t": -1, "type": "mqtt", "topic": "a"})") == "\"t\" must not be negative");
  CHECK(problemAt(R"({"t": "0", "type": "mqtt", "topic": "a"})") == "\"t\" must be a number");
  CHECK(problemAt(R"({"type": "mqtt"})") == "missing \"topic\"");
  CHECK(problemAt(R"({"type": "mqtt", "topic": ""})") == "\"topic\" must not be empty");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a/#"})") == "\"topic\" must not contain the wildcards + or #");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "qos": "1"})") == "\"qos\" must be 0, 1 or 2");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "qos": 1.5})") == "\"qos\" must be 0, 1 or 2");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "retain": 1})") == "\"retain\" must be true or false");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "payload": 5})") == "\"payload\" must be a string");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "payload": "x", "payload_base64": "eA=="})") ==
        "\"payload\" and \"payload_base64\" exclude each other");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "payload_base64": "!!"})") ==
        "\"payload_base64\" is not valid base64");
  CHECK(problemAt(R"({"type": "mqtt", "topic": "a", "qso": 1})") == "\"qso\" is not a field of an mqtt event");
  CHECK(problemAt(R"({"type": "http"})") == "missing \"path\"");
  CHECK(problemAt(R"({"type": "http", "path": "hook"})") == "\"path\" must start with '/'");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "method": "post"})") ==
        "\"method\" must be an upper-case HTTP method such as POST");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "headers": []})") == "\"headers\" must be an object");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "headers": {"A": 1}})") ==
        "\"headers\" values must be strings (\"A\" is not)");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "user": 7})") == "\"user\" must be a string");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "expect_status": 99})") ==
        "\"expect_status\" must be an HTTP status 100..599");
  CHECK(problemAt(R"({"type": "http", "path": "/h", "password": "x"})") ==
        "\"password\" is not a field of an http event");
  CHECK(problemAt(R"({"type": "action"})") == "missing \"action\"");
  CHECK(problemAt(R"({"type": "action", "action": "reboot"})") ==
        "\"action\" must be create_all, set_property, create_instance or advance");
  CHECK(problemAt(R"({"type": "action", "action": "create_instance"})") == "missing \"module\"");
  CHECK(problemAt(R"({"type": "action", "action": "create_instance", "module": "M", "properties": {"A": [1]}})") ==
        "\"properties\" values must be strings, numbers or booleans (\"A\" is not)");
  CHECK(problemAt(R"({"type": "action", "action": "create_instance", "module": "M", "parent": 5})") ==
        "\"parent\" must be a string");
  CHECK(problemAt(R"({"type": "action", "action": "create_all"})") == "missing \"smartlog_id\"");
  CHECK(problemAt(R"({"type": "action", "action": "create_all", "smartlog_id": ""})") ==
        "\"smartlog_id\" must not be empty");
  CHECK(problemAt(R"({"type": "action", "action": "set_property", "path": "A", "property": "P"})") ==
        "missing \"value\"");
  CHECK(problemAt(R"({"type": "action", "action": "set_property", "path": "A", "property": "P", "value": [1]})") ==
        "\"value\" must be a string, number or boolean");
  CHECK(problemAt(R"({"type": "action", "action": "advance", "seconds": -5})") == "\"seconds\" must not be negative");
  CHECK(problemAt(R"({"type": "action", "action": "advance", "seconds": 5, "smartlog_id": "x"})") ==
        "\"smartlog_id\" is not a field of an advance action");
}

TEST_CASE("the header is required and checked") {
  auto noHeader = parse(R"({"t": 0, "type": "mqtt", "topic": "a"})"
                        "\n");
  REQUIRE(noHeader.problems.size() == 1);
  CHECK(noHeader.problems[0].line == 1);
  CHECK(noHeader.problems[0].message.find("not a header") != std::string::npos);
  CHECK(noHeader.events.size() == 1);  // still played

  auto version = parse(R"({"symemu_fixture": 2})"
                       "\n");
  REQUIRE(version.problems.size() == 1);
  CHECK(version.problems[0].message == "\"symemu_fixture\" must be 1 (the only format version)");

  auto badStart = parse(R"({"symemu_fixture": 1, "start": "today"})"
                        "\n");
  REQUIRE(badStart.problems.size() == 1);
  CHECK(badStart.problems[0].message == "\"start\" must be a number");

  auto empty = parse("\n\n");
  REQUIRE(empty.problems.size() == 1);
  CHECK(empty.problems[0].message.find("empty") != std::string::npos);
}

TEST_CASE("loadFixture reports a missing file") {
  CHECK_THROWS_WITH(loadFixture("/nonexistent/f.jsonl", symemu::builtinLibraries()),
                    Catch::Contains("cannot read fixture /nonexistent/f.jsonl"));
}

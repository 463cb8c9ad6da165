// The performance fast paths must never change an outcome: the fast JSON reader either gives
// exactly what Poco's parser gives or gives up, and shortened data filters deliver exactly what
// the filter as written delivers. Each case compares against the slow path directly.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/RegularExpression.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "kernel/fast_json.h"
#include "kernel/json_value.h"
#include "mqtt_server_module.h"
#include "selog_payload.h"
#include "test_modules.h"

using namespace symemu;

namespace {

Poco::Dynamic::Var pocoTree(const FastJsonValue& v) {
  switch (v.kind) {
    case FastJsonValue::Kind::Object: {
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
      for (const auto& [key, member] : v.members) o->set(key, pocoTree(member));
      return o;
    }
    case FastJsonValue::Kind::Array: {
      Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
      for (const auto& item : v.items) a->add(pocoTree(item));
      return a;
    }
    default:
      return v.toVar();
  }
}

std::string canonical(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

}  // namespace

TEST_CASE("the fast JSON reader gives what Poco's parser gives", "[bench][fastjson]") {
  const std::string payload = bench::meterReport(3, 7, 42);
  const std::vector<std::string> texts = {
      payload,
      R"({"a":1,"b":-2,"c":1.5,"d":-0.25e3,"e":true,"f":false,"g":null,"h":"x"})",
      R"({"esc":"q\" b\\ s\/ \b\f\n\r\t","u":"\u00e4\u20ac\ud83d\ude00","raw":"m³ äöü"})",
      R"({"nested":{"list":[1,[2,{"x":[]}],{}],"empty":""}})",
      R"({"dup":1,"dup":2})",
      R"([1,2,3])",
      " \t\r\n{ \"spaced\" : [ 1 , 2 ] } \n",
      R"({"big":9223372036854775807,"small":-9223372036854775808,"zero":-0})",
      R"({"nul":"\u0000","mid":"a\u0000b\u0000","list":["\u0000x"]})",  // NUL in values: kept, as Poco keeps it
  };
  for (const auto& text : texts) {
    INFO(text);
    auto fast = parseFastJson(text);
    REQUIRE(fast);
    Poco::JSON::Parser parser;
    REQUIRE(canonical(pocoTree(*fast)) == canonical(parser.parse(text)));
  }
  auto nul = parseFastJson(R"({"b":"a\u0000b"})");
  REQUIRE(nul->member("b")->text == std::string("a\0b", 3));
  Poco::JSON::Parser nulParser;
  REQUIRE(nulParser.parse(R"({"b":"a\u0000b"})").extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("b") ==
          std::string("a\0b", 3));
  auto dup = parseFastJson(R"({"dup":1,"dup":2})");
  REQUIRE(dup->member("dup")->integer == 2);  // the last one wins, as in Poco
  auto report = parseFastJson(payload);
  REQUIRE(report->member("muc")->member("meter")->items.at(0).member("METER_ID")->text == bench::meterId(3, 7));
}

TEST_CASE("the fast JSON reader gives up on anything it might read differently", "[bench][fastjson][errors]") {
  const std::vector<std::string> refused = {
      "",
      "   ",
      "{",
      R"({"a":1,})",
      R"({"a" 1})",
      R"({"a":1}})",
      R"({"a":1} x)",
      R"({'a':1})",
      R"({"a":01})",
      R"({"a":1.})",
      R"({"a":.5})",
      R"({"a":1e})",
      R"({"a":+1})",
      R"({"a":tru})",
      R"({"a":NaN})",
      R"({"a":99999999999999999999})",  // beyond int64: Poco keeps it unsigned or double
      R"({"a":1e999})",
      R"({"a":"\x"})",
      R"({"a":"\u12"})",
      R"({"a":"\udc00"})",                          // a lone low surrogate
      R"({"a":"\ud800 x"})",                        // a high surrogate without its pair
      R"({"a\u0000b":1})",                          // NUL in a key: Poco cuts the key there
      std::string("{\"a\":\"tab\there\"}"),         // raw control character
      std::string("{\"a\":\"\xC3\x28\"}"),          // invalid UTF-8
      std::string("{\"a\":\"\xED\xA0\x80\"}"),      // an encoded surrogate
      std::string("{\"a\":\"\xF4\x90\x80\x80\"}"),  // beyond U+10FFFF
      std::string(40, '[') + std::string(40, ']'),  // deeper than the limit
  };
  for (const auto& text : refused) {
    INFO(text);
    REQUIRE_FALSE(parseFastJson(text));
  }
  REQUIRE(parseFastJson(std::string(10, '[') + std::string(10, ']')));
}

TEST_CASE("the required literal of a filter ignores alternation inside groups", "[bench][filters]") {
  REQUIRE(requiredLiteral(R"re(.*"Topic":"SmartLog/SL\-1(?:/(?:[^"\\]|\\.)*)?".*)re") ==
          R"re("Topic":"SmartLog/SL-1)re");
  REQUIRE(requiredLiteral(".*ab(?:c|d)") == "ab");
  REQUIRE(requiredLiteral(".*a[|]b.*") == "a");
  REQUIRE(requiredLiteral(".*ab|cd") == "");
  REQUIRE(requiredLiteral(".*(a)|b") == "");
  REQUIRE(requiredLiteral(R"re(.*\Qa|b\E)re") == "");
}

TEST_CASE("shortened data filters deliver exactly what the filters as written deliver", "[bench][filters]") {
  const std::vector<std::string> patterns = {
      R"re(.*"Buffer":"a/b.*)re",
      R"re(.*"Buffer":"x(?:1|2)".*)re",
      R"re(.*"Buffer":"zz.*|.*"Buffer":"x1.*)re",
      R"re(.*?"Buffer":"a)re",
      R"re(.*+"Buffer":"a)re",
      R"re(.*"Buffer":"a\.*)re",
      R"re(^.*"Buffer":"x)re",
      R"re(.*[|].*)re",
      R"re(.*\Qa|b\E.*)re",
      R"re(.*"Buffer":"a"}.*)re",
      R"re(.*"Buffer":"a\\.*)re",
      R"re(.*x1"}$.*)re",
      R"re(.*"DataID":"\{AAAA.*)re",
      R"re(.*.*)re",
      R"re(.*(?i)"BUFFER":"A/B.*)re",
  };
  const std::vector<std::string> buffers = {"a/b/c", "x1", "x2",  "x3",          "zzz", "a|b",
                                            "a..",   "a",  "a\\", "line\nbreak", ""};
  for (const auto& pattern : patterns) {
    Kernel k(testmods::testOptions());
    int device = k.createInstance(testmods::kDeviceId);
    int splitter = k.getInstance(device).connectionId;
    k.setReceiveDataFilter(device, pattern);
    Poco::RegularExpression asWritten(pattern);
    for (const auto& buffer : buffers) {
      const std::string json = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", buffer}});
      Poco::RegularExpression::Match m;
      const bool expected = asWritten.match(json, 0, m) > 0;
      INFO(pattern << " on " << json);
      REQUIRE(!k.sendDataToChildren(splitter, json).empty() == expected);
    }
  }
}

TEST_CASE("children filtering on one key get exactly their own packets", "[bench][filters]") {
  // Many children with literal filters on the same key: the per-packet key positions are shared.
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  std::vector<int> devices{first};
  for (int i = 1; i < 20; ++i) devices.push_back(k.createInstance(testmods::kDeviceId));
  for (int i = 0; i < 20; ++i) k.setReceiveDataFilter(devices[i], R"(.*"Buffer":"m)" + std::to_string(i) + R"(".*)");
  for (int i = 0; i < 20; ++i) {
    auto answers = k.sendDataToChildren(
        splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "m" + std::to_string(i)}}));
    REQUIRE(answers.size() == 1);
  }
  // The key twice in one text: the second occurrence counts too.
  auto twice =
      k.sendDataToChildren(splitter, R"({"DataID":")" + testmods::kToChildren + R"(","Buffer":"m1","Buffer":"m2"})");
  REQUIRE(twice.size() == 2);
  REQUIRE(k.sendDataToChildren(splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "m"}})).empty());
}

TEST_CASE("packet texts written in one pass equal what toJsonText writes", "[bench][json]") {
  std::string samples[] = {"",
                           "plain ascii {\"a\":1}",
                           std::string("nul\0and\x01ctl\n\t\"\\/", 17),
                           "bytes \x80\xff\xc3\xa4 high",
                           std::string(3000, 'x') + "\"end",
                           std::string()};
  std::string& everyByte = samples[std::size(samples) - 1];
  for (int c = 0; c < 256; ++c) everyByte.push_back(static_cast<char>(c));
  for (const auto& s : samples) {
    std::string out = "prefix";
    appendJsonQuoted(out, s);
    CHECK(out == "prefix" + jsonQuote(s));
    out = "prefix";
    appendJsonQuotedUtf8(out, s);
    CHECK(out == "prefix" + jsonQuote(utf8Encode(s)));
  }
  for (const auto& payload : samples) {
    for (int qos : {0, 1, 2}) {
      for (bool retain : {false, true}) {
        mqtt::Message m;
        m.topic = "SmartLog/\"odd\"/\xc3\xa4";
        m.payload = payload;
        m.qos = qos;
        m.retain = retain;
        for (auto encoding : {DataEncoding::Utf8Mapped, DataEncoding::Hex}) {
          std::string expected =
              toJsonText({{"DataID", std::string(core::kMqttToChildren)},
                          {"PacketType", std::int64_t{3}},
                          {"QualityOfService", std::int64_t{m.qos}},
                          {"Retain", m.retain},
                          {"Topic", m.topic},
                          {"Payload", encoding == DataEncoding::Hex ? hexEncode(m.payload) : utf8Encode(m.payload)}});
          CHECK(core::mqttChildPacket(m, encoding) == expected);
        }
      }
    }
  }
}

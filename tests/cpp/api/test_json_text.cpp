#include <catch2/catch.hpp>

#include "symemu/api/json_text.h"

using namespace symemu::api;

TEST_CASE("JSON text keeps integers and floats apart and field order", "[api][json]") {
  auto v = parseJson(R"({"b":1,"a":1.0,"c":[true,null,"x"]})");
  REQUIRE(v.asObject()[0].first == "b");
  REQUIRE(v.find("b")->kind() == JsonValue::Kind::Integer);
  REQUIRE(v.find("a")->kind() == JsonValue::Kind::Float);
  REQUIRE(writeJson(v) == R"({"b":1,"a":1.0,"c":[true,null,"x"]})");
  REQUIRE(writeJson(JsonValue(0.1)) == "0.1");
  REQUIRE(writeJson(JsonValue(1e300)) == "1e+300");
}

TEST_CASE("JSON syntax errors are JsonSyntaxError", "[api][json]") {
  REQUIRE_THROWS_AS(parseJson("{\"a\":"), JsonSyntaxError);
  REQUIRE_THROWS_AS(parseJson("not json"), JsonSyntaxError);
  REQUIRE_THROWS_AS(parseJson("99999999999999999999"), JsonSyntaxError);
}

TEST_CASE("strings that are not UTF-8 are written with bytes mapped to U+0080..U+00FF", "[api][json]") {
  REQUIRE(writeJson(JsonValue(std::string("\xc3\xa4"))) == "\"\xc3\xa4\"");  // valid UTF-8 stays
  REQUIRE(writeJson(JsonValue(std::string("\xff\x01"))) == "\"\xc3\xbf\\u0001\"");
  REQUIRE(isValidUtf8("abc"));
  REQUIRE_FALSE(isValidUtf8("\xed\xa0\x80"));  // a surrogate
}

TEST_CASE("a JSON text may be a single scalar", "[api][json]") {
  REQUIRE(parseJson("12345").asInt() == 12345);
  REQUIRE(parseJson(" \"x\" ").asString() == "x");
  REQUIRE(parseJson("true").asBool());
  REQUIRE(parseJson("null").isNull());
  REQUIRE_THROWS_AS(parseJson("1,2"), JsonSyntaxError);
  REQUIRE_THROWS_AS(parseJson("Kitchen"), JsonSyntaxError);
  REQUIRE_THROWS_AS(parseJson(""), JsonSyntaxError);
}

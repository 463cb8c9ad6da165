#include <catch2/catch.hpp>

#include "symemu/smartmetering/common/number_text.h"

using namespace symemu::smartmetering;

TEST_CASE("parseNumber reads integers exactly", "[smartmetering][number]") {
  auto n = parseNumber("1234567");
  REQUIRE(n.ok());
  CHECK(n.integer == 1234567);
  CHECK(n.value == 1234567.0);
  CHECK(parseNumber(" -42 ").integer == -42);
  CHECK(parseNumber("+7").integer == 7);
  CHECK(parseNumber("9223372036854775807").integer == INT64_MAX);
  auto big = parseNumber("99999999999999999999999");  // too long for int64, fine as double
  REQUIRE(big.ok());
  CHECK_FALSE(big.integer);
  CHECK(big.value == Approx(1e23));
}

TEST_CASE("parseNumber reads decimals and exponents", "[smartmetering][number]") {
  CHECK(parseNumber("0.001").value == 0.001);
  CHECK(parseNumber("1e-3").value == 0.001);
  CHECK(parseNumber("1.5E2").value == 150.0);
  CHECK(parseNumber(".5").value == 0.5);
  CHECK_FALSE(parseNumber("0.5").integer);
}

TEST_CASE("parseNumber refuses what is not a number", "[smartmetering][number]") {
  for (const char* text : {"", " ", "abc", "1,5", "0x10", "1e", "-", "+", "1.2.3", "12abc", "--1", "e5", "."})
    CHECK(parseNumber(text).status == NumberStatus::NotANumber);
}

TEST_CASE("parseNumber tells NaN and Infinity apart", "[smartmetering][number]") {
  for (const char* text : {"NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf", "+INF"})
    CHECK(parseNumber(text).status == NumberStatus::NotFinite);
}

TEST_CASE("parseNumber flags numbers out of range", "[smartmetering][number]") {
  CHECK(parseNumber("1e999").status == NumberStatus::OutOfRange);
  CHECK(parseNumber("-1e999").status == NumberStatus::OutOfRange);
  CHECK(parseNumber("1e-400").status == NumberStatus::OutOfRange);
}

TEST_CASE("formatNumber writes the shortest exact text", "[smartmetering][number]") {
  CHECK(formatNumber(0.1) == "0.1");
  CHECK(formatNumber(12345670.0) == "12345670");
  CHECK(formatNumber(-0.5) == "-0.5");
  CHECK(parseNumber(formatNumber(1.0 / 3.0)).value == 1.0 / 3.0);
}

TEST_CASE("applyScale gives the double nearest to the decimal result", "[smartmetering][number]") {
  CHECK(applyScale(8423, 0.1) == 842.3);
  CHECK(applyScale(43964, 0.001) == 43.964);
  CHECK(applyScale(1234567, 10) == 12345670.0);
  CHECK(applyScale(201, 0.1) == 20.1);
  CHECK(applyScale(3, 0.5) == 1.5);  // not a power of ten: plain product
}

TEST_CASE("decimalsOfScale", "[smartmetering][number]") {
  CHECK(decimalsOfScale(0.001) == 3);
  CHECK(decimalsOfScale(0.1) == 1);
  CHECK(decimalsOfScale(0.25) == 2);
  CHECK(decimalsOfScale(1) == 0);
  CHECK(decimalsOfScale(10) == 0);
  CHECK(decimalsOfScale(1e-15) == 10);  // capped
}

// Association names are formatted by the kernel, never handed to printf as the format
// (issue 16 point 4): "%s", "%n" and "%%" are safe and show what Symcon shows.
#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

namespace {
std::string formattedWith(const std::string& associationName, double value) {
  Kernel k(testmods::testOptions());
  k.createVariableProfile("P", VariableType::Float);
  k.setVariableProfileAssociation("P", 0, associationName, "", -1);
  int v = k.createVariable(VariableType::Float);
  k.setVariableCustomProfile(v, "P");
  k.setValue(v, value);
  return k.getValueFormatted(v);
}
}  // namespace

TEST_CASE("association names with printf conversions", "[profiles][format]") {
  CHECK(formattedWith("%d W", 42.7) == "42 W");
  CHECK(formattedWith("%.1f °C", 21.25) == "21.2 °C");  // 21.25 is 21.2499... in binary
  CHECK(formattedWith("%05.1f", 3.14159) == "003.1");
  CHECK(formattedWith("%x", 255) == "ff");
  CHECK(formattedWith("%s kWh", 2.5) == "2.5 kWh");
  CHECK(formattedWith("100%%", 1) == "100%");
  CHECK(formattedWith("%d%%", 80) == "80%");
}

TEST_CASE("association names that would be unsafe as a printf format", "[profiles][format]") {
  CHECK(formattedWith("%n", 1) == "%n");
  CHECK(formattedWith("%s%s%s%s%s%s", 1) == "111111");
  CHECK(formattedWith("%", 1) == "%");
  CHECK(formattedWith("50 %", 1) == "50 %");
  CHECK(formattedWith("%p %z %hn", 1) == "%p %z %hn");
  CHECK(formattedWith("%999999999d", 1) == "%999999999d");
  CHECK(formattedWith("%.999f", 1).size() < 600);  // bounded, not an overflow
  std::string many;
  for (int i = 0; i < 200; ++i) many += "%f";
  CHECK(formattedWith(many, 1).size() == 200 * 8);  // "1.000000" each
  CHECK(formattedWith("%d", 1e300) == "0");         // out of range of an integer: no UB
}

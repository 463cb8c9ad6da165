#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

TEST_CASE("variables of the four types start at their defaults", "[variables]") {
  Kernel k(testmods::testOptions());
  REQUIRE(k.getValue(k.createVariable(VariableType::Boolean)) == Value(false));
  REQUIRE(k.getValue(k.createVariable(VariableType::Integer)) == Value(std::int64_t{0}));
  REQUIRE(k.getValue(k.createVariable(VariableType::Float)) == Value(0.0));
  REQUIRE(k.getValue(k.createVariable(VariableType::String)) == Value(std::string()));
  REQUIRE_THROWS_WITH(k.createVariable(static_cast<VariableType>(7)), "Unsupported VariableType!");
}

TEST_CASE("SetValue converts, updates Updated always and Changed only on change", "[variables]") {
  Kernel k(testmods::testOptions());
  int v = k.createVariable(VariableType::Float);
  k.setValue(v, std::int64_t{3});
  REQUIRE(k.getValue(v) == Value(3.0));
  auto t0 = k.nowSeconds();
  REQUIRE(k.getVariable(v).updated == t0);
  REQUIRE(k.getVariable(v).changed == t0);
  k.advance(10);
  k.setValue(v, 3.0);
  REQUIRE(k.getVariable(v).updated == t0 + 10);
  REQUIRE(k.getVariable(v).changed == t0);
  k.advance(5);
  k.setValue(v, 4.5);
  REQUIRE(k.getVariable(v).changed == t0 + 15);
  REQUIRE_THROWS_WITH(k.setValue(12, 1.0), Catch::Contains("does not exist"));
  int c = k.createCategory();
  REQUIRE_THROWS_WITH(k.setValue(c, 1.0), Catch::Contains("is not a variable"));
}

TEST_CASE("formatted values go through the profile", "[variables][profiles]") {
  Kernel k(testmods::testOptions());
  k.createVariableProfile("SM_Wh", VariableType::Float);
  k.setVariableProfileText("SM_Wh", "", " Wh");
  k.setVariableProfileDigits("SM_Wh", 1);
  int v = k.createVariable(VariableType::Float);
  k.setValue(v, 12345670.0);
  REQUIRE(k.getValueFormatted(v) == "12345670");
  k.setVariableCustomProfile(v, "SM_Wh");
  REQUIRE(k.getValueFormatted(v) == "12345670.0 Wh");
  int s = k.createVariable(VariableType::Boolean);
  k.setVariableCustomProfile(s, "~Switch");
  REQUIRE(k.getValueFormatted(s) == "Off");
  k.setValue(s, true);
  REQUIRE(k.getValueFormatted(s) == "On");
  int t = k.createVariable(VariableType::Integer);
  k.setVariableCustomProfile(t, "~UnixTimestamp");
  k.setValue(t, std::int64_t{1741947300});
  REQUIRE(k.getValueFormatted(t) == "14.03.2025 10:15:00");
  REQUIRE_THROWS_WITH(k.setVariableCustomProfile(v, "Nope"), "Profile #Nope does not exist");
}

TEST_CASE("profiles: create, associations, system profiles are read-only", "[profiles]") {
  Kernel k(testmods::testOptions());
  REQUIRE(k.variableProfileExists("~Switch"));
  REQUIRE(k.variableProfileExists("~UnixTimestamp"));
  REQUIRE(k.getVariableProfile("~Temperature").suffix == " °C");
  REQUIRE_THROWS_WITH(k.setVariableProfileDigits("~Temperature", 3), Catch::Contains("read-only"));
  REQUIRE_THROWS_WITH(k.createVariableProfile("~Mine", VariableType::Integer), Catch::Contains("reserved"));
  k.createVariableProfile("Level", VariableType::Integer);
  REQUIRE_THROWS_WITH(k.createVariableProfile("Level", VariableType::Integer), Catch::Contains("already exists"));
  k.setVariableProfileValues("Level", 0, 10, 1);
  k.setVariableProfileAssociation("Level", 5, "High", "", -1);
  k.setVariableProfileAssociation("Level", 0, "Low", "", -1);
  k.setVariableProfileAssociation("Level", 5, "Very high", "", 0xFF0000);
  const auto& p = k.getVariableProfile("Level");
  REQUIRE(p.associations.size() == 2);
  REQUIRE(p.associations[0].name == "Low");
  REQUIRE(p.associations[1].name == "Very high");
  int v = k.createVariable(VariableType::Integer);
  k.setVariableCustomProfile(v, "Level");
  k.setValue(v, std::int64_t{7});
  REQUIRE(k.getValueFormatted(v) == "Very high");
  k.setVariableProfileAssociation("Level", 5, "", "", -1);  // deletes
  REQUIRE(k.getVariableProfile("Level").associations.size() == 1);
  k.deleteVariableProfile("Level");
  REQUIRE_FALSE(k.variableProfileExists("Level"));
  REQUIRE_THROWS_WITH(k.getVariableProfile("Level"), "Profile #Level does not exist");
}

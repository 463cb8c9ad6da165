#include <catch2/catch.hpp>

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"
#include "test_support.h"

using namespace symemu::smartmetering;

namespace {

DataRecord record(std::string description, std::uint32_t storage = 0, std::uint32_t tariff = 0,
                  std::uint32_t subunit = 0, std::string function = {}) {
  DataRecord r;
  r.description = std::move(description);
  r.storage = storage;
  r.tariff = tariff;
  r.subunit = subunit;
  r.function = std::move(function);
  r.functionKind = parseValueFunction(r.function);
  r.entry.valText = "1";
  r.entry.valNumber = 1.0;
  r.entry.valInteger = 1;
  r.scaledValue = 1.0;
  return r;
}

}  // namespace

TEST_CASE("ident: description characters outside [A-Za-z0-9] become '_'", "[smartmetering][mapper]") {
  CHECK(sanitizeIdent("Volume flow") == "Volume_flow");
  CHECK(sanitizeIdent("Error flags (Device type specific)") == "Error_flags__Device_type_specific_");
  CHECK(sanitizeIdent("Units for H. C. A.") == "Units_for_H__C__A_");
  CHECK(sanitizeIdent("Temperatur Außen") == "Temperatur_Au_en");  // one '_' per UTF-8 character
  CHECK(sanitizeIdent("Vol_2") == "Vol_2");
  CHECK(sanitizeIdent("") == "");
  CHECK(sanitizeIdent("!!!") == "___");
  CHECK(baseIdent(record("")) == "Value");
  CHECK(baseIdent(record("", 1)) == "Value_S1");
}

TEST_CASE("ident and name suffixes", "[smartmetering][mapper]") {
  CHECK(baseIdent(record("Volume", 1)) == "Volume_S1");
  CHECK(displayName(record("Volume", 1)) == "Volume (Storage 1)");
  CHECK(baseIdent(record("Energy", 0, 2)) == "Energy_T2");
  CHECK(displayName(record("Energy", 0, 2)) == "Energy (Tariff 2)");
  CHECK(baseIdent(record("Energy", 0, 0, 1)) == "Energy_U1");
  CHECK(displayName(record("Energy", 0, 0, 1)) == "Energy (Subunit 1)");
  CHECK(baseIdent(record("Power", 0, 0, 0, "Maximum value")) == "Power_Max");
  CHECK(displayName(record("Power", 0, 0, 0, "Maximum value")) == "Power (Max)");
  CHECK(baseIdent(record("Power", 0, 0, 0, "Minimum value")) == "Power_Min");
  CHECK(displayName(record("Power", 0, 0, 0, "Minimum value")) == "Power (Min)");
  CHECK(baseIdent(record("Power", 0, 0, 0, "Value during error state")) == "Power_Err");
  CHECK(displayName(record("Power", 0, 0, 0, "Value during error state")) == "Power (Error)");
  CHECK(baseIdent(record("Power", 0, 0, 0, "MAX")) == "Power_Max");
  CHECK(baseIdent(record("Power", 0, 0, 0, " min ")) == "Power_Min");
  CHECK(baseIdent(record("Power", 0, 0, 0, "Err")) == "Power_Err");
  CHECK(baseIdent(record("Power", 0, 0, 0, "Instantaneous value")) == "Power");
  CHECK(baseIdent(record("Power", 0, 0, 0, "something else")) == "Power");
  CHECK(baseIdent(record("Volume", 1, 2, 1, "max")) == "Volume_S1_T2_U1_Max");
  CHECK(displayName(record("Volume", 1, 2, 1, "max")) == "Volume (Storage 1, Tariff 2, Subunit 1, Max)");
  CHECK(displayName(record("Volume", 1, 2)) == "Volume (Storage 1, Tariff 2)");
  CHECK(displayName(record("")) == "Value");
}

TEST_CASE("repeats in one meter get _2, _3", "[smartmetering][mapper]") {
  MeterRecord m;
  m.data = {record("Volume"),   record("Volume"),    record("Volume"),
            record("Volume 2"), record("Volume", 1), record("Volume", 1)};
  for (std::size_t i = 0; i < m.data.size(); ++i) m.data[i].index = i;
  const auto vars = mapMeter(m);
  REQUIRE(vars.size() == 6);
  CHECK(vars[0].ident == "Volume");
  CHECK(vars[1].ident == "Volume_2");
  CHECK(vars[2].ident == "Volume_3");
  CHECK(vars[3].ident == "Volume_2_2");  // "Volume_2" was taken by the repeat
  CHECK(vars[4].ident == "Volume_S1");
  CHECK(vars[5].ident == "Volume_S1_2");
  CHECK(vars[1].name == "Volume");
  CHECK(vars[5].recordIndex == 5);
}

TEST_CASE("values: float with profile, no unit conversion", "[smartmetering][mapper]") {
  const Report r = parseReport(
      smtest::reportWithRecord(R"({"DESCRIPTION":"Energy","UNIT":"Wh","SCALE":"10","entry":[{"VAL":"1234567"}]},)"
                               R"({"DESCRIPTION":"Energy","UNIT":"kWh","SCALE":"0.001","entry":[{"VAL":"1234567"}]},)"
                               R"({"DESCRIPTION":"Flow","UNIT":"m^3/h","SCALE":"0.0001","entry":[{"VAL":"-15"}]},)"
                               R"({"DESCRIPTION":"Odd","UNIT":"furlong","SCALE":"0.5","entry":[{"VAL":"3"}]})"));
  REQUIRE(r.issues.empty());
  const auto vars = mapMeter(r.meters.at(0));
  REQUIRE(vars.size() == 4);
  CHECK(std::get<double>(vars[0].value) == 12345670.0);
  CHECK(vars[0].profile == "SM_Wh");
  CHECK(vars[0].ident == "Energy");
  CHECK(std::get<double>(vars[1].value) == 1234.567);
  CHECK(vars[1].ident == "Energy_2");
  CHECK(*vars[1].profileSpec == ProfileSpec{"SM_kWh", VariableType::Float, " kWh", 3});
  CHECK(std::get<double>(vars[2].value) == -0.0015);
  CHECK(*vars[2].profileSpec == ProfileSpec{"SM_m3_h", VariableType::Float, " m³/h", 4});
  CHECK(std::get<double>(vars[3].value) == 1.5);
  CHECK(*vars[3].profileSpec == ProfileSpec{"SM_furlong", VariableType::Float, " furlong", 1});
}

TEST_CASE("values: UTC, Bin, None and text", "[smartmetering][mapper]") {
  const Report r = parseReport(smtest::reportWithRecord(
      R"({"DESCRIPTION":"Timestamp","UNIT":"UTC","SCALE":"1","entry":[{"VAL":"1741946940"}]},)"
      R"({"DESCRIPTION":"Flags","UNIT":"Bin","SCALE":"1","entry":[{"VAL":"9223372036854775807"}]},)"
      R"({"DESCRIPTION":"Flags","UNIT":"Bin","SCALE":"1","entry":[{"VAL":5}]},)"
      R"({"DESCRIPTION":"Count","UNIT":"None","SCALE":"0.1","entry":[{"VAL":"15"}]},)"
      R"({"DESCRIPTION":"HCA","UNIT":"","SCALE":"1","entry":[{"VAL":"42"}]},)"
      R"({"DESCRIPTION":"Name","UNIT":"None","SCALE":"1","entry":[{"VAL":"Zähler 1"}]},)"
      R"({"DESCRIPTION":"Time","UNIT":"UTC","SCALE":"10","entry":[{"VAL":"174194694"}]})"));
  REQUIRE(r.issues.empty());
  const auto vars = mapMeter(r.meters.at(0));
  REQUIRE(vars.size() == 7);
  CHECK(vars[0].type == VariableType::Integer);
  CHECK(std::get<std::int64_t>(vars[0].value) == 1741946940);
  CHECK(vars[0].profile == "~UnixTimestamp");
  CHECK_FALSE(vars[0].profileSpec);
  CHECK(vars[1].type == VariableType::Integer);
  CHECK(std::get<std::int64_t>(vars[1].value) == INT64_MAX);
  CHECK(vars[1].profile.empty());
  CHECK(vars[2].ident == "Flags_2");
  CHECK(std::get<std::int64_t>(vars[2].value) == 5);
  CHECK(vars[3].type == VariableType::Float);
  CHECK(std::get<double>(vars[3].value) == 1.5);
  CHECK(vars[3].profile.empty());
  CHECK(std::get<double>(vars[4].value) == 42.0);
  CHECK(vars[4].profile.empty());
  CHECK(vars[5].type == VariableType::String);
  CHECK(std::get<std::string>(vars[5].value) == "Zähler 1");
  CHECK(std::get<std::int64_t>(vars[6].value) == 1741946940);
}

TEST_CASE("profile digits per SCALE and merging", "[smartmetering][mapper]") {
  CHECK(profileFor("m^3", 0.001)->digits == 3);
  CHECK(profileFor("m^3", 0.1)->digits == 1);
  CHECK(profileFor("m^3", 1)->digits == 0);
  CHECK(profileFor("Wh", 10)->digits == 0);
  CHECK_FALSE(profileFor("None", 0.1));
  CHECK_FALSE(profileFor("UTC", 1));
  CHECK_FALSE(profileFor("Bin", 1));
  const ProfileSpec coarse = *profileFor("W", 1);
  const ProfileSpec fine = *profileFor("W", 0.01);
  CHECK(coarse.name == fine.name);
  CHECK(mergeProfile(coarse, fine).digits == 2);
  CHECK(mergeProfile(fine, coarse).digits == 2);
  CHECK(mergeProfile(fine, coarse).name == "SM_W");
}

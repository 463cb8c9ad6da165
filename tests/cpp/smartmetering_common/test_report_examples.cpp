// The five example payloads of docs/selog-format.md section 5, parsed and mapped.
#include <catch2/catch.hpp>

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"
#include "test_support.h"

using namespace symemu::smartmetering;

namespace {

const VariableSpec& byIdent(const std::vector<VariableSpec>& specs, const std::string& ident) {
  for (const auto& s : specs)
    if (s.ident == ident) return s;
  FAIL("no variable with ident " << ident);
  throw std::logic_error("unreachable");
}

void checkFloat(const VariableSpec& v, const std::string& name, double value, const std::string& profile,
                const std::string& suffix = "", int digits = 0) {
  INFO(v.ident);
  CHECK(v.name == name);
  CHECK(v.type == VariableType::Float);
  REQUIRE(std::holds_alternative<double>(v.value));
  CHECK(std::get<double>(v.value) == value);
  CHECK(v.profile == profile);
  if (profile.empty()) {
    CHECK_FALSE(v.profileSpec);
  } else {
    REQUIRE(v.profileSpec);
    CHECK(v.profileSpec->name == profile);
    CHECK(v.profileSpec->type == VariableType::Float);
    CHECK(v.profileSpec->suffix == suffix);
    CHECK(v.profileSpec->digits == digits);
  }
}

void checkInteger(const VariableSpec& v, std::int64_t value, const std::string& profile) {
  INFO(v.ident);
  CHECK(v.type == VariableType::Integer);
  REQUIRE(std::holds_alternative<std::int64_t>(v.value));
  CHECK(std::get<std::int64_t>(v.value) == value);
  CHECK(v.profile == profile);
  CHECK_FALSE(v.profileSpec);
}

}  // namespace

TEST_CASE("example 1: electricity meter", "[smartmetering][examples]") {
  const Report r = parseReport(smtest::readDataFile("example1.json"));
  CHECK(r.issues.empty());
  CHECK(r.mucId == "SL-000123");
  CHECK(r.version == "1f6");
  CHECK(r.timestamp == 1741947300);
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.meterId == "19032401");
  CHECK(m.interface == "02");
  CHECK(m.user == "Hausstrom");
  CHECK(m.manufacturer == "BMT");
  CHECK(m.version == "1");
  CHECK(m.medium == "Electricity");
  CHECK(m.accessNumber == "57");
  CHECK(m.status == "00");
  CHECK_FALSE(m.rssi);
  CHECK_FALSE(m.isSystem);
  REQUIRE(m.data.size() == 4);
  CHECK(m.data[0].description == "Energy");
  CHECK(m.data[0].unit == "Wh");
  CHECK(m.data[0].scale == 10.0);
  CHECK(m.data[0].scaleText == "10");
  CHECK(m.data[0].obis == "1-0:1.8.0*255");
  CHECK(m.data[0].function == "Instantaneous value");
  CHECK(m.data[0].entry.tMuc == 1741947277);
  CHECK_FALSE(m.data[0].entry.t);
  CHECK(m.data[0].entry.valText == "1234567");

  const auto vars = mapMeter(m);
  REQUIRE(vars.size() == 4);
  checkFloat(byIdent(vars, "Energy"), "Energy", 12345670.0, "SM_Wh", " Wh", 0);
  checkFloat(byIdent(vars, "Power"), "Power", 842.3, "SM_W", " W", 1);
  checkFloat(byIdent(vars, "Volts"), "Volts", 231.2, "SM_V", " V", 1);
  checkFloat(byIdent(vars, "Fabrication"), "Fabrication", 19032401.0, "");
}

TEST_CASE("example 2: room sensor", "[smartmetering][examples]") {
  const Report r = parseReport(smtest::readDataFile("example2.json"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.meterId == "00000263");
  CHECK(m.medium == "Room sensor");
  CHECK(m.manufacturer == "WEP");
  CHECK(m.rssi == -71);
  const auto vars = mapMeter(m);
  REQUIRE(vars.size() == 3);
  checkFloat(vars[0], "External temperature", 20.1, "SM_Degree_C", " °C", 1);
  CHECK(vars[0].ident == "External_temperature");
  checkFloat(vars[1], "Relative humidity", 65.7, "SM_Percent", " %", 1);
  CHECK(vars[1].ident == "Relative_humidity");
  CHECK(vars[2].ident == "Error_flags__Device_type_specific_");
  CHECK(vars[2].name == "Error flags (Device type specific)");
  checkInteger(vars[2], 0, "");
}

TEST_CASE("example 3: smoke detector", "[smartmetering][examples]") {
  const Report r = parseReport(smtest::readDataFile("example3.json"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.medium == "Smoke detector");
  CHECK(m.rssi == -83);
  CHECK(m.data[1].entry.t == 1741946991);
  const auto vars = mapMeter(m);
  REQUIRE(vars.size() == 3);
  CHECK(vars[0].ident == "Error_flags__Device_type_specific_");
  checkInteger(vars[0], 0, "");
  CHECK(vars[1].ident == "Time_point");
  CHECK(vars[1].name == "Time point");
  checkInteger(vars[1], 1741946940, "~UnixTimestamp");
  CHECK(vars[2].ident == "Remaining_battery_life_time");
  checkFloat(vars[2], "Remaining battery life time", 2920.0, "SM_d", " d", 0);
}

TEST_CASE("example 4: system record of the logger", "[smartmetering][examples]") {
  const Report r = parseReport(smtest::readDataFile("example4.json"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.isSystem);
  CHECK(m.meterId == "SL-000123");
  CHECK(m.medium == "Bus/System");
  CHECK(m.version == "1f6");
  CHECK(r.systemMeter() == &m);
  const auto vars = mapMeter(m);
  REQUIRE(vars.size() == 6);
  checkFloat(vars[0], "Software version", 1.56, "");
  CHECK(vars[0].ident == "Software_version");
  checkFloat(vars[1], "Operating time", 864123.0, "SM_s", " s", 0);
  CHECK(vars[2].ident == "IP_address");
  CHECK(vars[2].type == VariableType::String);
  CHECK(std::get<std::string>(vars[2].value) == "192.168.1.50");
  CHECK(vars[2].profile.empty());
  checkFloat(vars[3], "RSSI", -67.0, "SM_dBm", " dBm", 0);
  CHECK(vars[4].ident == "Digital_output");
  checkInteger(vars[4], 0, "");
  CHECK(vars[5].ident == "Number_of_meters");
  checkFloat(vars[5], "Number of meters", 5.0, "");
}

TEST_CASE("example 5: whole HTTPS report", "[smartmetering][examples]") {
  const Report r = parseReport(smtest::readDataFile("example5.json"));
  CHECK(r.issues.empty());
  CHECK(r.timestamp == 1741947302);
  REQUIRE(r.meters.size() == 6);
  const char* ids[] = {"19032401", "03006175", "03007136", "16531026", "00000263", "SL-000123"};
  const char* media[] = {"Electricity", "Water", "Warm water", "Smoke detector", "Room sensor", "Bus/System"};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(r.meters[i].meterId == ids[i]);
    CHECK(r.meters[i].medium == media[i]);
    CHECK(r.meters[i].isSystem == (i == 5));
  }
  CHECK(r.systemMeter() == &r.meters[5]);

  const MeterRecord* water = r.findMeter("03006175");
  REQUIRE(water);
  CHECK(water->rssi == -64);
  const auto vars = mapMeter(*water);
  REQUIRE(vars.size() == 3);
  CHECK(vars[0].ident == "Volume");
  checkFloat(vars[0], "Volume", 43.964, "SM_m3", " m³", 3);
  CHECK(vars[1].ident == "Volume_S1");
  checkFloat(vars[1], "Volume (Storage 1)", 43.09, "SM_m3", " m³", 3);
  CHECK(water->data[1].entry.t == 1740787140);
  CHECK(water->data[1].obis == "8-1:1.2.0*0");
  checkInteger(vars[2], 0, "");

  const auto warm = mapMeter(*r.findMeter("03007136"));
  REQUIRE(warm.size() == 1);
  checkFloat(warm[0], "Volume", 6.735, "SM_m3", " m³", 3);

  const auto energy = mapMeter(r.meters[0]);
  REQUIRE(energy.size() == 1);
  checkFloat(energy[0], "Energy", 12345670.0, "SM_Wh", " Wh", 0);
  CHECK(r.meters[0].data[0].function.empty());
  CHECK(r.meters[0].data[0].functionKind == ValueFunction::Instantaneous);
}

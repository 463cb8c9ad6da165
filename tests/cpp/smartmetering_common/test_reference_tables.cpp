#include <catch2/catch.hpp>

#include "symemu/smartmetering/common/manufacturer_code.h"
#include "symemu/smartmetering/common/medium_table.h"
#include "symemu/smartmetering/common/unit_table.h"

using namespace symemu::smartmetering;

TEST_CASE("medium codes to text", "[smartmetering][tables]") {
  CHECK(mediumText(0x02) == "Electricity");
  CHECK(mediumText(0x03) == "Gas");
  CHECK(mediumText(0x04) == "Heat (outlet)");
  CHECK(mediumText(0x06) == "Warm water");
  CHECK(mediumText(0x07) == "Water");
  CHECK(mediumText(0x08) == "Heat cost allocator");
  CHECK(mediumText(0x0E) == "Bus/System");
  CHECK(mediumText(0x0F) == "Unknown");
  CHECK(mediumText(0x1A) == "Smoke detector");
  CHECK(mediumText(0x1B) == "Room sensor");
  CHECK(mediumText(0x0D) == "Heat / Cooling");
  CHECK(mediumText(0x15) == "Hot water");
  CHECK(mediumText(0x1D) == "Unknown");  // unassigned
  CHECK(mediumText(-1) == "Unknown");
  CHECK(mediumText(1000) == "Unknown");
  CHECK(isKnownMediumCode(0x1B));
  CHECK_FALSE(isKnownMediumCode(0x1D));
}

TEST_CASE("medium text to code", "[smartmetering][tables]") {
  CHECK(mediumCode("Room sensor") == 0x1B);
  CHECK(mediumCode("warm water") == 0x06);
  CHECK(mediumCode("BUS/SYSTEM") == 0x0E);
  CHECK_FALSE(mediumCode("Warm water (30-90°C)"));  // libmbus spelling is not ours
  CHECK_FALSE(mediumCode(""));
  for (int code = 0; code < 0x40; ++code)
    if (isKnownMediumCode(code)) CHECK(mediumCode(mediumText(code)) == code);
}

TEST_CASE("manufacturer codes encode and decode", "[smartmetering][tables]") {
  struct Row {
    const char* code;
    std::uint16_t id;
  };
  for (const Row& row :
       {Row{"WEP", 0x5CB0}, Row{"BMT", 0x09B4}, Row{"QDS", 0x4493}, Row{"SON", 0x4DEE}, Row{"SLV", 0x4D96},
        Row{"KAM", 0x2C2D}, Row{"EFE", 0x14C5}, Row{"AAA", 0x0421}, Row{"ZZZ", 0x6B5A}}) {
    INFO(row.code);
    CHECK(encodeManufacturer(row.code) == row.id);
    CHECK(decodeManufacturer(row.id) == std::optional<std::string>(row.code));
  }
  CHECK(manufacturerName("WEP") == "Weptech elektronik");
  CHECK(manufacturerName("XYZ").empty());
}

TEST_CASE("manufacturer codes: validity", "[smartmetering][tables]") {
  for (const char* bad : {"", "BM", "BMTX", "bmt", "B1T", "B T", "ÄBC"}) {
    INFO(bad);
    CHECK_FALSE(isValidManufacturerCode(bad));
    CHECK_FALSE(encodeManufacturer(bad));
  }
  for (std::uint16_t bad : {std::uint16_t{0}, std::uint16_t{0x0420}, std::uint16_t{0x7FFF}, std::uint16_t{0x8421},
                            std::uint16_t{0x6B5B}, std::uint16_t{0x041F}}) {
    INFO(bad);
    CHECK_FALSE(isValidManufacturerId(bad));
    CHECK_FALSE(decodeManufacturer(bad));
  }
  int valid = 0;
  for (std::uint32_t id = 0; id <= 0xFFFF; ++id) {
    const auto code = decodeManufacturer(static_cast<std::uint16_t>(id));
    if (!code) continue;
    ++valid;
    REQUIRE(encodeManufacturer(*code) == id);
  }
  CHECK(valid == 26 * 26 * 26);
}

TEST_CASE("units: suffix, key, kind", "[smartmetering][tables]") {
  struct Row {
    const char* unit;
    const char* suffix;
    const char* key;
    UnitKind kind;
  };
  const Row rows[] = {
      {"m^3", " m³", "m3", UnitKind::Measure},
      {"m^3/h", " m³/h", "m3_h", UnitKind::Measure},
      {"Degree C", " °C", "Degree_C", UnitKind::Measure},
      {"K", " K", "K", UnitKind::Measure},
      {"kWh", " kWh", "kWh", UnitKind::Measure},
      {"Wh", " Wh", "Wh", UnitKind::Measure},
      {"W", " W", "W", UnitKind::Measure},
      {"V", " V", "V", UnitKind::Measure},
      {"A", " A", "A", UnitKind::Measure},
      {"h", " h", "h", UnitKind::Measure},
      {"s", " s", "s", UnitKind::Measure},
      {"d", " d", "d", UnitKind::Measure},
      {"dBm", " dBm", "dBm", UnitKind::Measure},
      {"%", " %", "Percent", UnitKind::Measure},
      {"bar", " bar", "bar", UnitKind::Measure},
      {"kg", " kg", "kg", UnitKind::Measure},
      {"J", " J", "J", UnitKind::Measure},
      {"°C", " °C", "Degree_C", UnitKind::Measure},
      {"None", "", "", UnitKind::Dimensionless},
      {"", "", "", UnitKind::Dimensionless},
      {"UTC", "", "", UnitKind::UnixTime},
      {"Bin", "", "", UnitKind::BitField},
  };
  for (const Row& row : rows) {
    INFO(row.unit);
    const UnitInfo info = lookupUnit(row.unit);
    CHECK(info.known);
    CHECK(info.suffix == row.suffix);
    CHECK(info.key == row.key);
    CHECK(info.kind == row.kind);
  }
}

TEST_CASE("units not in the table get a derived key", "[smartmetering][tables]") {
  const UnitInfo info = lookupUnit("furlong/fortnight");
  CHECK_FALSE(info.known);
  CHECK(info.suffix == " furlong/fortnight");
  CHECK(info.key == "furlong_fortnight");
  CHECK(info.kind == UnitKind::Measure);
  CHECK(unitProfileKey("m^3") == "m3");
  CHECK(unitProfileKey("m^3/h") == "m3_h");
  CHECK(unitProfileKey("Degree C") == "Degree_C");
  CHECK(unitProfileKey("%") == "Percent");
  CHECK(unitProfileKey("% RH") == "Percent_RH");
  CHECK(unitProfileKey("°F") == "Degree_F");
  CHECK(unitProfileKey("kg / h") == "kg_h");
  CHECK(unitProfileKey("m^2") == "m2");
  CHECK(unitProfileKey("a__b") == "a_b");
  CHECK(unitProfileKey("///") == "Unit");
  CHECK(unitProfileKey("€") == "Unit");
  CHECK(profileNameForUnit("m^3/h") == "SM_m3_h");
  CHECK(profileNameForUnit("None").empty());
  CHECK(profileNameForUnit("UTC").empty());
  CHECK(profileNameForUnit("Bin").empty());
}

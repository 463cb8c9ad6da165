// Tolerated variations: typing, optional and unknown keys, entry choice,
// duplicate meters, huge reports, schema overrides.
#include <catch2/catch.hpp>

#include <chrono>

#include "symemu/smartmetering/common/report_parser.h"
#include "test_support.h"

using namespace symemu::smartmetering;
using smtest::reportWithMeters;
using smtest::reportWithRecord;

TEST_CASE("empty report: no meters, no issues", "[smartmetering][structure]") {
  const Report r = parseReport(R"({"muc":{"meter":[]}})");
  CHECK(r.meters.empty());
  CHECK(r.issues.empty());
  CHECK(r.mucId.empty());
  CHECK_FALSE(r.timestamp);
  CHECK(r.systemMeter() == nullptr);
}

TEST_CASE("numbers and strings are accepted for every value", "[smartmetering][structure]") {
  const Report r = parseReport(
      R"({"muc":{"MUC_ID":9872,"VERSION":502,"TIMESTAMP":"1741947300","meter":[{"METER_ID":3006175,"INTERFACE":5,)"
      R"("USER":"","VERSION":19,"RSSI":-64,"ACCESS_NUMBER":57,"data":[{"DESCRIPTION":"Volume","UNIT":"m^3",)"
      R"("SCALE":0.001,"MEDIUM":"Water","STORAGE":1,"TARIFF":"2","SUBUNIT":0,"entry":[{"T":1740787140,)"
      R"("T_MUC":"1741947202","VAL":43090}]}]}]}})");
  CHECK(r.issues.empty());
  CHECK(r.mucId == "9872");
  CHECK(r.version == "502");
  CHECK(r.timestamp == 1741947300);
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.meterId == "3006175");
  CHECK(m.interface == "5");
  CHECK(m.version == "19");
  CHECK(m.rssi == -64);
  CHECK(m.accessNumber == "57");
  REQUIRE(m.data.size() == 1);
  const DataRecord& d = m.data[0];
  CHECK(d.scale == 0.001);
  CHECK(d.scaleText == "0.001");
  CHECK(d.storage == 1);
  CHECK(d.tariff == 2);
  CHECK(d.subunit == 0);
  CHECK(d.entry.t == 1740787140);
  CHECK(d.entry.tMuc == 1741947202);
  CHECK(d.entry.valText == "43090");
  CHECK(d.entry.valInteger == 43090);
  CHECK(d.scaledValue == 43.09);
}

TEST_CASE("optional attributes may be missing, unknown keys are ignored", "[smartmetering][structure]") {
  const Report r = parseReport(
      R"({"MESSAGE_TYPE":"1","extra":[1,2],"muc":{"meter":[{"METER_ID":"A","FOO":{"x":1},)"
      R"("data":[{"DESCRIPTION":"Energy","entry":[{"VAL":"5","BAR":"y"}],"WHATEVER":null}]}],"BAZ":true}})");
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.interface.empty());
  CHECK(m.manufacturer.empty());
  CHECK(m.medium == "Unknown");
  REQUIRE(m.data.size() == 1);
  CHECK(m.data[0].unit.empty());
  CHECK(m.data[0].scale == 1.0);
  CHECK(m.data[0].scaleText.empty());
  CHECK(m.data[0].storage == 0);
  CHECK(m.data[0].scaledValue == 5.0);
  CHECK_FALSE(m.data[0].entry.t);
  CHECK_FALSE(m.data[0].entry.tMuc);
}

TEST_CASE("null counts as absent", "[smartmetering][structure]") {
  const Report r = parseReport(reportWithMeters(
      R"({"METER_ID":"A","USER":null,"RSSI":null,"data":null},{"METER_ID":"B","data":[{"DESCRIPTION":"x","UNIT":null,"SCALE":null,"entry":[{"VAL":"2","T":null}]}]})"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 2);
  CHECK(r.meters[0].data.empty());
  CHECK(r.meters[1].data.at(0).scaledValue == 2.0);
}

TEST_CASE("meter medium: own, else first record's, else Unknown", "[smartmetering][structure]") {
  const Report r = parseReport(reportWithMeters(
      R"({"METER_ID":"A","MEDIUM":"Gas","data":[{"DESCRIPTION":"x","MEDIUM":"Water","entry":[{"VAL":"1"}]}]},)"
      R"j({"METER_ID":"B","data":[{"DESCRIPTION":"x","entry":[{"VAL":"1"}]},{"DESCRIPTION":"y","MEDIUM":"Heat (outlet)","entry":[{"VAL":"1"}]}]},)j"
      R"({"METER_ID":"C"},)"
      R"({"METER_ID":"D","MEDIUM":"","data":[]})"));
  REQUIRE(r.meters.size() == 4);
  CHECK(r.meters[0].medium == "Gas");
  CHECK(r.meters[1].medium == "Heat (outlet)");
  CHECK(r.meters[2].medium == "Unknown");
  CHECK(r.meters[2].data.empty());
  CHECK(r.meters[3].medium == "Unknown");
}

TEST_CASE("system record: by medium or by METER_ID == MUC_ID", "[smartmetering][structure]") {
  const Report r = parseReport(reportWithMeters(
      R"({"METER_ID":"X1","MEDIUM":"Bus/System"},{"METER_ID":"SL-9","MEDIUM":"Electricity"},{"METER_ID":"Y"})",
      "SL-9"));
  REQUIRE(r.meters.size() == 3);
  CHECK(r.meters[0].isSystem);
  CHECK(r.meters[1].isSystem);
  CHECK_FALSE(r.meters[2].isSystem);

  ReportSchema schema;
  schema.systemMedium = "Gateway";
  const Report custom = parseReport(
      reportWithMeters(R"({"METER_ID":"X1","MEDIUM":"Bus/System"},{"METER_ID":"X2","MEDIUM":"Gateway"})"), schema);
  CHECK_FALSE(custom.meters[0].isSystem);
  CHECK(custom.meters[1].isSystem);
}

TEST_CASE("newest entry: by T_MUC, then T, else the last", "[smartmetering][structure]") {
  auto newestVal = [](const std::string& entries) {
    const Report r = parseReport(reportWithRecord(R"({"DESCRIPTION":"x","entry":)" + entries + "}"));
    REQUIRE(r.issues.empty());
    return r.meters.at(0).data.at(0).entry.valText;
  };
  CHECK(newestVal(R"([{"T_MUC":100,"VAL":"a"},{"T_MUC":300,"VAL":"c"},{"T_MUC":200,"VAL":"b"}])") == "c");
  CHECK(newestVal(R"([{"T":5,"VAL":"a"},{"T":3,"VAL":"b"}])") == "a");
  CHECK(newestVal(R"([{"VAL":"a"},{"VAL":"b"},{"VAL":"c"}])") == "c");
  CHECK(newestVal(R"([{"T_MUC":100,"T":2,"VAL":"a"},{"T_MUC":100,"T":1,"VAL":"b"}])") == "a");
  CHECK(newestVal(R"([{"T_MUC":100,"VAL":"a"},{"T_MUC":100,"VAL":"b"}])") == "b");
  CHECK(newestVal(R"([{"T_MUC":100,"VAL":"a"},{"T":999,"VAL":"b"}])") == "a");
  // Only the chosen entry needs a VAL.
  CHECK(newestVal(R"([{"T_MUC":1},{"T_MUC":2,"VAL":"z"}])") == "z");
}

TEST_CASE("text values stay text", "[smartmetering][structure]") {
  const Report r =
      parseReport(reportWithRecord(R"({"DESCRIPTION":"IP address","UNIT":"None","entry":[{"VAL":"192.168.1.50"}]},)"
                                   R"({"DESCRIPTION":"Empty","entry":[{"VAL":""}]})"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters[0].data.size() == 2);
  CHECK_FALSE(r.meters[0].data[0].entry.isNumeric());
  CHECK_FALSE(r.meters[0].data[0].scaledValue);
  CHECK(r.meters[0].data[0].entry.valText == "192.168.1.50");
  CHECK(r.meters[0].data[1].entry.valText.empty());
}

TEST_CASE("identical METER_IDs on two interfaces are both kept, in order", "[smartmetering][structure]") {
  const Report r = parseReport(reportWithMeters(
      R"({"METER_ID":"03006477","INTERFACE":"02","data":[{"DESCRIPTION":"Volume","entry":[{"VAL":"1"}]}]},)"
      R"({"METER_ID":"03006477","INTERFACE":"05","data":[{"DESCRIPTION":"Volume","entry":[{"VAL":"2"}]}]})"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 2);
  CHECK(r.meters[0].interface == "02");
  CHECK(r.meters[1].interface == "05");
  CHECK(r.findMeter("03006477") == &r.meters[0]);
  CHECK(r.findMeter("03006477", std::string_view("05")) == &r.meters[1]);
  CHECK(r.findMeter("03006477", std::string_view("01")) == nullptr);
  CHECK(r.findMeter("nope") == nullptr);
}

TEST_CASE("schema key names are configurable", "[smartmetering][structure]") {
  ReportSchema schema;
  schema.storageKey = "STORAGENUM";
  schema.functionKey = "VALUETYPE";
  schema.rssiKey = "RSSI_DBM";
  const Report r = parseReport(
      reportWithMeters(
          R"({"METER_ID":"A","RSSI_DBM":-50,"RSSI":"junk","data":[{"DESCRIPTION":"Volume","STORAGENUM":"2","STORAGE":"junk","VALUETYPE":"maximum","entry":[{"VAL":"1"}]}]})"),
      schema);
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 1);
  CHECK(r.meters[0].rssi == -50);
  CHECK(r.meters[0].data.at(0).storage == 2);
  CHECK(r.meters[0].data.at(0).functionKind == ValueFunction::Maximum);
}

TEST_CASE("parseReportTree takes a tree parsed elsewhere", "[smartmetering][structure]") {
  const auto document = symemu::json::Document::parse(smtest::readDataFile("example5.json"), true);
  REQUIRE(document->ok());
  CHECK(parseReportTree(document->root()).meters.size() == 6);
  CHECK(parseReport(*document).meters.size() == 6);
}

namespace {

std::string manyMeters(std::size_t count, bool everyOtherBad) {
  std::string meters;
  meters.reserve(count * 200);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) meters += ',';
    const bool bad = everyOtherBad && (i % 2 == 1);
    meters +=
        R"({"METER_ID":")" + (bad ? std::string() : std::to_string(10000000 + i)) +
        R"(","INTERFACE":"05","data":[{"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":"0.001","entry":[{"T_MUC":1741947202,"VAL":")" +
        std::to_string(i) + R"("}]}]})";
  }
  return reportWithMeters(meters);
}

}  // namespace

TEST_CASE("10,000 meters in one report", "[smartmetering][structure][large]") {
  const std::string json = manyMeters(10000, false);
  const auto start = std::chrono::steady_clock::now();
  const Report r = parseReport(json);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(r.issues.empty());
  REQUIRE(r.meters.size() == 10000);
  CHECK(r.meters[9999].meterId == "10009999");
  CHECK(r.meters[9999].data.at(0).scaledValue == 9.999);
  CHECK(seconds < 5.0);  // generous: it takes well under 100 ms in a release build

  const Report half = parseReport(manyMeters(10000, true));
  CHECK(half.meters.size() == 5000);
  CHECK(half.issues.size() == 5000);
  CHECK(half.issues.back().text() == R"(meter[9999]: "METER_ID" is empty)");
}

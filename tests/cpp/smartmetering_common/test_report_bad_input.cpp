// Every class of bad input: what is fatal, what skips a meter or a record.
#include <catch2/catch.hpp>

#include "symemu/smartmetering/common/report_parser.h"
#include "test_support.h"

using namespace symemu::smartmetering;
using smtest::hasIssue;
using smtest::reportWithMeters;
using smtest::reportWithRecord;

namespace {

std::string fatalMessage(const std::string& json) {
  try {
    parseReport(json);
  } catch (const ReportError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kGoodRecord =
    R"({"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":"0.001","entry":[{"T_MUC":1741947202,"VAL":"43964"}]})";

// Parses a one-record report; expects the record skipped with `issue`.
void expectRecordSkipped(const std::string& recordJson, const std::string& issue) {
  INFO(recordJson);
  const Report r = parseReport(reportWithRecord(recordJson + "," + kGoodRecord));
  INFO(smtest::issuesText(r));
  REQUIRE(r.meters.size() == 1);
  REQUIRE(r.meters[0].data.size() == 1);  // the good record is still there
  CHECK(r.meters[0].data[0].index == 1);
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].text() == issue);
  CHECK(r.issues[0].effect == IssueEffect::SkippedRecord);
}

void expectMeterSkipped(const std::string& meterJson, const std::string& issue) {
  INFO(meterJson);
  const Report r = parseReport(reportWithMeters(meterJson + R"(,{"METER_ID":"OK","data":[)" + kGoodRecord + "]}"));
  INFO(smtest::issuesText(r));
  REQUIRE(r.meters.size() == 1);
  CHECK(r.meters[0].meterId == "OK");
  CHECK(r.meters[0].index == 1);
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].text() == issue);
  CHECK(r.issues[0].effect == IssueEffect::SkippedMeter);
}

}  // namespace

TEST_CASE("fatal: text that is not JSON, with line and column", "[smartmetering][bad]") {
  CHECK(fatalMessage(R"({"muc":{"meter":[1,,2]}})") == "not JSON: unexpected ',' at line 1 column 20");
  CHECK(fatalMessage("{\n  \"muc\": nope\n}") == "not JSON: unexpected 'n' at line 2 column 10");
  CHECK(fatalMessage("") == "not JSON: empty text at line 1 column 1");
  CHECK(fatalMessage("   ") == "not JSON: empty text at line 1 column 4");
  CHECK(fatalMessage(R"({"muc":{"meter":[]}} x)") ==
        "not JSON: unexpected 'x' after the end of the JSON value at line 1 column 22");
  CHECK(fatalMessage(R"({"muc":{"meter":[)") == "not JSON: unexpected end of text at line 1 column 18");
  CHECK(fatalMessage(R"({"muc":{"MUC_ID":"abc)") == "not JSON: unterminated string at line 1 column 22");
  CHECK(fatalMessage(R"({"muc":{"meter":[{"METER_ID":'A'}]}})") == "not JSON: unexpected ''' at line 1 column 30");
  CHECK(fatalMessage("{\"muc\":{\"MUC_ID\":\"a\x01\"}}") ==
        "not JSON: control character byte 0x01 inside a string at line 1 column 20");
}

TEST_CASE("fatal: NaN and Infinity literals are not JSON", "[smartmetering][bad]") {
  const std::string nan = reportWithRecord(R"({"DESCRIPTION":"x","entry":[{"VAL":NaN}]})");
  CHECK_THAT(fatalMessage(nan), Catch::StartsWith("not JSON: unexpected 'N' at line 1 column"));
  const std::string inf = reportWithRecord(R"({"DESCRIPTION":"x","entry":[{"VAL":Infinity}]})");
  CHECK_THAT(fatalMessage(inf), Catch::StartsWith("not JSON: unexpected 'I'"));
}

TEST_CASE("fatal: wrong shape of the envelope", "[smartmetering][bad]") {
  CHECK(fatalMessage("[1]") == "root: not an object (array)");
  CHECK(fatalMessage("\"text\"") == "root: not an object (string)");
  CHECK(fatalMessage(" 42") == "root: not an object (number)");
  CHECK(fatalMessage(R"({"muc":18446744073709551616})") == "muc: not an object (number)");  // beyond 64 bits
  CHECK(fatalMessage(R"({"muc":-9223372036854775809})") == "muc: not an object (number)");
  CHECK(fatalMessage("null") == "root: not an object (null)");
  CHECK(fatalMessage("true") == "root: not an object (boolean)");
  CHECK(fatalMessage("{}") == "root: missing \"muc\"");
  CHECK(fatalMessage(R"({"muc":null})") == "root: missing \"muc\"");
  CHECK(fatalMessage(R"({"muc":[]})") == "muc: not an object (array)");
  CHECK(fatalMessage(R"({"muc":{}})") == "muc: missing \"meter\"");
  CHECK(fatalMessage(R"({"muc":{"MUC_ID":"A"}})") == "muc: missing \"meter\"");
  CHECK(fatalMessage(R"({"muc":{"meter":{}}})") == "muc: \"meter\" is not an array (object)");
  CHECK(fatalMessage(R"({"muc":{"meter":"x"}})") == "muc: \"meter\" is not an array (string)");
}

TEST_CASE("fatal: nothing of the report is applied", "[smartmetering][bad]") {
  Report out;
  out.mucId = "untouched";
  std::string error;
  CHECK_FALSE(tryParseReport(R"({"muc":{"MUC_ID":"X","meter":{}}})", out, error));
  CHECK(error == "muc: \"meter\" is not an array (object)");
  CHECK(out.mucId == "untouched");
  CHECK(out.meters.empty());
  CHECK(tryParseReport(smtest::readDataFile("example1.json"), out, error));
  CHECK(out.mucId == "SL-000123");
}

TEST_CASE("fatal: absurd nesting does not crash", "[smartmetering][bad]") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_THAT(fatalMessage(deep), Catch::StartsWith("not JSON: "));
  const std::string deepInMuc = R"({"muc":{"meter":)" + std::string(5000, '[') + std::string(5000, ']') + "}}";
  CHECK_THAT(fatalMessage(deepInMuc), Catch::StartsWith("not JSON: "));
}

TEST_CASE("bad bytes never crash the parser", "[smartmetering][bad]") {
  Report out;
  std::string error;
  const std::string invalidUtf8 = reportWithMeters("{\"METER_ID\":\"A\xff\xfe\",\"data\":[]}");
  CHECK_FALSE(tryParseReport(invalidUtf8, out, error));
  CHECK_THAT(error, Catch::StartsWith("not JSON: invalid UTF-8 byte 0xFF inside a string at line 1 column "));
  CHECK_FALSE(tryParseReport(reportWithMeters(R"({"METER_ID":"\udc00","data":[]})"), out, error));
  CHECK_THAT(error, Catch::StartsWith("not JSON: unpaired surrogate in a \\u escape at line 1 column "));
  const std::string withNul = std::string("{\"muc\":{\"meter\":[]}}\0x", 22);
  CHECK_FALSE(tryParseReport(withNul, out, error));
  CHECK_THAT(error, Catch::StartsWith("not JSON: "));
}

TEST_CASE("the issue text names the meter and record", "[smartmetering][bad]") {
  const std::string meters = R"({"METER_ID":"A","data":[]},{"METER_ID":"B","data":[]},)"
                             R"({"METER_ID":"C","data":[{"DESCRIPTION":"x","SCALE":"abc","entry":[{"VAL":"1"}]},)" +
                             kGoodRecord + "]}";
  const Report r = parseReport(reportWithMeters(meters));
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].text() == R"(meter[2].data[0]: "SCALE" is not a number: "abc")");
  CHECK(r.issues[0].where == "meter[2].data[0]");
  REQUIRE(r.meters.size() == 3);
  CHECK(r.meters[2].data.size() == 1);
}

TEST_CASE("skip meter: bad METER_ID", "[smartmetering][bad]") {
  expectMeterSkipped(R"({"INTERFACE":"05","data":[]})", R"(meter[0]: missing "METER_ID")");
  expectMeterSkipped(R"({"METER_ID":null})", R"(meter[0]: missing "METER_ID")");
  expectMeterSkipped(R"({"METER_ID":""})", R"(meter[0]: "METER_ID" is empty)");
  expectMeterSkipped(R"({"METER_ID":"   "})", R"(meter[0]: "METER_ID" is empty)");
  expectMeterSkipped(R"({"METER_ID":true})", R"(meter[0]: "METER_ID" has the wrong type (boolean))");
  expectMeterSkipped(R"({"METER_ID":{"a":1}})", R"(meter[0]: "METER_ID" has the wrong type (object))");
  const std::string longId(1000, 'A');
  expectMeterSkipped(R"({"METER_ID":")" + longId + R"("})",
                     R"(meter[0]: "METER_ID" is longer than 64 characters: ")" + std::string(40, 'A') + R"(...")");
  expectMeterSkipped(R"({"METER_ID":")" + std::string(65, '7') + R"("})",
                     R"(meter[0]: "METER_ID" is longer than 64 characters: ")" + std::string(40, '7') + R"(...")");
}

TEST_CASE("METER_ID length limit is inclusive and configurable", "[smartmetering][bad]") {
  const std::string id64(64, 'x');
  Report r = parseReport(reportWithMeters(R"({"METER_ID":")" + id64 + R"("})"));
  REQUIRE(r.meters.size() == 1);
  CHECK(r.meters[0].meterId == id64);

  ReportSchema schema;
  schema.maxMeterIdLength = 2000;
  const std::string id1000(1000, 'y');
  r = parseReport(reportWithMeters(R"({"METER_ID":")" + id1000 + R"(","data":[)" + kGoodRecord + "]}"), schema);
  REQUIRE(r.meters.size() == 1);
  CHECK(r.meters[0].meterId == id1000);
  CHECK(r.issues.empty());
}

TEST_CASE("skip meter: bad structure", "[smartmetering][bad]") {
  expectMeterSkipped("5", "meter[0]: not an object (number)");
  expectMeterSkipped("[]", "meter[0]: not an object (array)");
  expectMeterSkipped("null", "meter[0]: not an object (null)");
  expectMeterSkipped(R"({"METER_ID":"A","data":"x"})", R"(meter[0]: "data" is not an array (string))");
  expectMeterSkipped(R"({"METER_ID":"A","data":{}})", R"(meter[0]: "data" is not an array (object))");
}

TEST_CASE("bad meter attributes are dropped, the meter is kept", "[smartmetering][bad]") {
  const Report r = parseReport(reportWithMeters(
      R"({"METER_ID":"A","USER":[],"RSSI":"999","MANUFACTURER":true,"INTERFACE":"05","data":[)" + kGoodRecord + "]}"));
  REQUIRE(r.meters.size() == 1);
  const MeterRecord& m = r.meters[0];
  CHECK(m.user.empty());
  CHECK(m.manufacturer.empty());
  CHECK_FALSE(m.rssi);
  CHECK(m.interface == "05");
  CHECK(m.data.size() == 1);
  REQUIRE(r.issues.size() == 3);
  CHECK(hasIssue(r, R"(meter[0]: "USER" has the wrong type (array))"));
  CHECK(hasIssue(r, R"(meter[0]: "RSSI" is out of range: "999")"));
  CHECK(hasIssue(r, R"(meter[0]: "MANUFACTURER" has the wrong type (boolean))"));
  for (const auto& issue : r.issues) CHECK(issue.effect == IssueEffect::IgnoredAttribute);

  const Report fraction = parseReport(reportWithMeters(R"({"METER_ID":"A","RSSI":"-71.5"})"));
  CHECK(hasIssue(fraction, R"(meter[0]: "RSSI" is not a whole number: "-71.5")"));
}

TEST_CASE("bad muc attributes are dropped, the report is kept", "[smartmetering][bad]") {
  const Report r =
      parseReport(R"({"muc":{"MUC_ID":{},"VERSION":[1],"TIMESTAMP":"yesterday","meter":[{"METER_ID":"A"}]}})");
  CHECK(r.mucId.empty());
  CHECK(r.version.empty());
  CHECK_FALSE(r.timestamp);
  CHECK(r.meters.size() == 1);
  CHECK(hasIssue(r, R"(muc: "MUC_ID" has the wrong type (object))"));
  CHECK(hasIssue(r, R"(muc: "VERSION" has the wrong type (array))"));
  CHECK(hasIssue(r, R"(muc: "TIMESTAMP" is not a number: "yesterday")"));
  const Report late = parseReport(R"({"muc":{"TIMESTAMP":1e15,"meter":[]}})");
  CHECK(hasIssue(late, R"(muc: "TIMESTAMP" is out of range: "1e+15")"));
}

TEST_CASE("skip record: structure", "[smartmetering][bad]") {
  expectRecordSkipped("7", "meter[0].data[0]: not an object (number)");
  expectRecordSkipped("[]", "meter[0].data[0]: not an object (array)");
  expectRecordSkipped(R"({"UNIT":"Wh","entry":[{"VAL":"1"}]})", R"(meter[0].data[0]: missing "DESCRIPTION")");
  expectRecordSkipped(R"({"DESCRIPTION":null,"entry":[{"VAL":"1"}]})", R"(meter[0].data[0]: missing "DESCRIPTION")");
  expectRecordSkipped(R"({"DESCRIPTION":"x"})", R"(meter[0].data[0]: missing "entry")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":{}})", R"(meter[0].data[0]: "entry" is not an array (object))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[]})", R"(meter[0].data[0]: "entry" is empty)");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"1"},2]})",
                      "meter[0].data[0].entry[1]: not an object (number)");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"T_MUC":1}]})", R"(meter[0].data[0].entry[0]: missing "VAL")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":null}]})", R"(meter[0].data[0].entry[0]: missing "VAL")");
}

TEST_CASE("skip record: wrong types", "[smartmetering][bad]") {
  expectRecordSkipped(R"({"DESCRIPTION":["x"],"entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "DESCRIPTION" has the wrong type (array))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","UNIT":{},"entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "UNIT" has the wrong type (object))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":true,"entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" has the wrong type (boolean))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":true}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" has the wrong type (boolean))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":[1]}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" has the wrong type (array))");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"1","T":"today"}]})",
                      R"(meter[0].data[0].entry[0]: "T" is not a number: "today")");
}

TEST_CASE("skip record: bad SCALE", "[smartmetering][bad]") {
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"abc","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not a number: "abc")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"NaN","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not a finite number: "NaN")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"Infinity","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not a finite number: "Infinity")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"0","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not greater than 0: "0")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":-1,"entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not greater than 0: "-1")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"1e999","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is out of range: "1e999")");
}

TEST_CASE("skip record: NaN and Infinity as text", "[smartmetering][bad]") {
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"NaN"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is not a finite number: "NaN")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"-Infinity"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is not a finite number: "-Infinity")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"inf"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is not a finite number: "inf")");
}

TEST_CASE("skip record: numbers out of range", "[smartmetering][bad]") {
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"1e999"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is out of range: "1e999")");
  // A JSON number literal too big for a double: the reader takes it as its text
  // (oversizedNumbersAsText), so only this record is lost.
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":1e999}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is out of range: "1e999")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":-2E+400}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is out of range: "-2E+400")");
  // An integer below -2^63: Poco clamped it to -2^63; it is now a double, as PHP reads it.
  expectRecordSkipped(R"({"DESCRIPTION":"t","UNIT":"UTC","entry":[{"VAL":-9223372036854775809}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is out of range: "-9223372036854775808")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":"1e10","entry":[{"VAL":"1e300"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" x "SCALE" is out of range: "1e300" x "1e10")");
  expectRecordSkipped(R"({"DESCRIPTION":"t","UNIT":"UTC","entry":[{"VAL":"1e19"}]})",
                      R"(meter[0].data[0].entry[0]: "VAL" is out of range: "1e19")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","STORAGE":"-1","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "STORAGE" is out of range: "-1")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","TARIFF":4294967296,"entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "TARIFF" is out of range: "4294967296")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","SUBUNIT":"1.5","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SUBUNIT" is not a whole number: "1.5")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"1","T_MUC":1e12}]})",
                      R"(meter[0].data[0].entry[0]: "T_MUC" is out of range: "1e+12")");
  expectRecordSkipped(R"({"DESCRIPTION":"x","entry":[{"VAL":"1","T":-5}]})",
                      R"(meter[0].data[0].entry[0]: "T" is out of range: "-5")");
}

TEST_CASE("integer literals beyond 64 bits are read as doubles", "[smartmetering][bad]") {
  const Report r = parseReport(reportWithRecord(R"({"DESCRIPTION":"x","entry":[{"VAL":99999999999999999999999}]})"));
  CHECK(r.issues.empty());
  REQUIRE(r.meters.at(0).data.size() == 1);
  CHECK(r.meters[0].data[0].scaledValue == Approx(1e23));
}

TEST_CASE("long values are cut in messages", "[smartmetering][bad]") {
  const std::string junk = std::string(500, 'z');
  expectRecordSkipped(R"({"DESCRIPTION":"x","SCALE":")" + junk + R"(","entry":[{"VAL":"1"}]})",
                      R"(meter[0].data[0]: "SCALE" is not a number: ")" + std::string(40, 'z') + R"(...")");
}

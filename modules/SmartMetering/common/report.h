// What one SE-LOG report says, after parsing and validation.
// Plain data: no JSON types leak out of the parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace symemu::smartmetering {

// DIF function field of a value record ("FUNCTION" attribute).
enum class ValueFunction { Instantaneous, Maximum, Minimum, ErrorState };

// Reads the solvimus texts ("Maximum value", "Minimum value",
// "Value during error state", "Instantaneous value") and short forms
// ("max", "min", "err", "error", "inst"), case-insensitive. Anything else,
// including an empty text, counts as Instantaneous.
ValueFunction parseValueFunction(std::string_view text);

// The newest reading of a value record.
struct Entry {
  std::optional<std::int64_t> t;           // time stamp from the meter (Unix s)
  std::optional<std::int64_t> tMuc;        // time the logger read the meter (Unix s)
  std::string valText;                     // VAL as sent (numbers rendered as text)
  std::optional<double> valNumber;         // VAL when it is a finite number
  std::optional<std::int64_t> valInteger;  // VAL when it is an exact int64

  bool isNumeric() const { return valNumber.has_value(); }
};

struct DataRecord {
  std::size_t index = 0;  // position in the meter's data[] array
  std::string description;
  std::string unit;
  double scale = 1.0;     // SCALE; 1 when absent
  std::string scaleText;  // SCALE as sent ("" when absent)
  std::string medium;
  std::string obis;
  std::string user;
  std::string function;  // as sent; see functionKind
  ValueFunction functionKind = ValueFunction::Instantaneous;
  std::uint32_t storage = 0;
  std::uint32_t tariff = 0;
  std::uint32_t subunit = 0;
  Entry entry;
  // VAL x SCALE, when VAL is numeric. Checked finite by the parser.
  std::optional<double> scaledValue;
};

struct MeterRecord {
  std::size_t index = 0;  // position in the report's meter[] array
  std::string meterId;
  std::string interface;
  std::string user;
  std::string manufacturer;
  std::string version;
  std::string accessNumber;
  std::string status;
  // Meter-level MEDIUM, else the first data record's MEDIUM, else
  // ReportSchema::unknownMedium.
  std::string medium;
  std::optional<int> rssi;
  std::vector<DataRecord> data;
  // The logger's own record: medium == ReportSchema::systemMedium or
  // METER_ID == MUC_ID.
  bool isSystem = false;
};

// Why a part of a report was not applied.
enum class IssueEffect {
  SkippedMeter,      // the whole meter was left out
  SkippedRecord,     // one data record was left out
  IgnoredAttribute,  // one attribute was dropped; its meter/report was kept
};

struct ReportIssue {
  std::string where;  // "muc", "meter[2]", "meter[2].data[0]", "meter[2].data[0].entry[1]"
  std::string what;   // e.g. "\"SCALE\" is not a number: \"abc\""
  IssueEffect effect = IssueEffect::SkippedRecord;

  // "meter[2].data[0]: \"SCALE\" is not a number: \"abc\""
  std::string text() const { return where + ": " + what; }
};

struct Report {
  std::string mucId;  // "" when the payload has none (use the topic's ID)
  std::string version;
  std::optional<std::int64_t> timestamp;
  // In payload order. Duplicate METER_IDs (e.g. one id on two interfaces)
  // are kept as separate records; see findMeter().
  std::vector<MeterRecord> meters;
  std::vector<ReportIssue> issues;

  // First meter with this id (and this interface, when one is given).
  const MeterRecord* findMeter(std::string_view meterId,
                               std::optional<std::string_view> interface = std::nullopt) const;
  // The logger's own record, if the report carries one.
  const MeterRecord* systemMeter() const;
};

}  // namespace symemu::smartmetering

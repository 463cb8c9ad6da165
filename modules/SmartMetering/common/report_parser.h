// Turns a report's JSON text into a validated Report. Pure functions: any thread, no state.
//
// Fatal (ReportError, nothing of the report may be applied):
//   not JSON, root not an object, "muc" missing or not an object,
//   "meter" missing or not an array.
// Skips one meter (ReportIssue::effect == SkippedMeter):
//   meter not an object; METER_ID missing, null, not text/number, empty or
//   longer than ReportSchema::maxMeterIdLength; "data" not an array.
// Skips one data record (SkippedRecord):
//   record not an object; DESCRIPTION missing; "entry" missing, not an array,
//   empty or holding a non-object; VAL missing/null; SCALE not a number, not
//   finite or not > 0; VAL "NaN"/"Infinity"; a number out of range (VAL, VAL x
//   SCALE, T/T_MUC outside 0..253402300799, STORAGE/TARIFF/SUBUNIT outside
//   0..4294967295, UTC/Bin values outside int64); any attribute of the record
//   with the wrong JSON type (object, array, boolean).
// Drops one attribute, keeps the rest (IgnoredAttribute):
//   a meter attribute other than METER_ID/data with the wrong type, a bad RSSI
//   (not a whole number in -255..255); a bad MUC_ID/VERSION/TIMESTAMP on muc.
// Every value may be a JSON number or a string. Unknown keys are ignored.
// null counts as absent.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "symemu/kernel/json_tree.h"

#include "symemu/smartmetering/common/report.h"
#include "symemu/smartmetering/common/report_schema.h"

namespace symemu::smartmetering {

// A report that must be refused as a whole. what() says what and where, e.g.
// "muc: missing \"meter\"" or "not JSON: unexpected ',' at line 1 column 57".
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ReportError on a fatal fault; record-level faults land in Report::issues.
Report parseReport(std::string_view json, const ReportSchema& schema = defaultReportSchema());

// Same, for a text already parsed with the one JSON reader (kernel/json_tree.h). Parse reports
// with Document::parse(text, true): a number too big to hold then fails only its record.
Report parseReport(const json::Document& document, const ReportSchema& schema = defaultReportSchema());
Report parseReportTree(const json::Node& root, const ReportSchema& schema = defaultReportSchema());

// Non-throwing form: returns false and sets `error` on a fatal fault.
bool tryParseReport(std::string_view json, Report& out, std::string& error,
                    const ReportSchema& schema = defaultReportSchema());

}  // namespace symemu::smartmetering

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

// Takes each meter's data records as they are read, instead of MeterRecord::data keeping them:
// the MQTT listener maps a meter and writes its packet in the same pass (report_ahead.h), without
// a Report holding every record's texts until the kernel thread hands it back.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Asked once the "muc" attributes are read; false: the records stay in the Report as usual.
  virtual bool takesRecords(const Report& report) = 0;
  // When it takes them: how many meters the report lists (at most that many meterDone calls).
  virtual void expectMeters(std::size_t count) {}
  // A record that was kept, in its meter's order: what MeterRecord::data would have held, but
  // for the texts the mapper does not read (obis, user and function stay empty; functionKind is
  // read from FUNCTION as ever).
  virtual void record(const DataRecord& record) = 0;
  // The meter of the records since the last call, complete but with `data` empty; not called
  // for a skipped meter (its records never reach record()).
  virtual void meterDone(const Report& report, const MeterRecord& meter) = 0;
};
// tryParseReport, handing the records to `sink` when it takes them. Everything else in `out`
// (meters, issues and their order) is what tryParseReport gives.
bool tryParseReport(std::string_view json, Report& out, std::string& error, RecordSink& sink,
                    const ReportSchema& schema = defaultReportSchema());

}  // namespace symemu::smartmetering

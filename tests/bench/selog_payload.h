#pragma once
// Smart Energy Log reports for the load generators, shaped like docs/selog-format.md Example 1
// (an M-Bus electricity meter with Energy, Power, Volts and Fabrication, about 1.1 KB).
// The Fabrication value carries the report's round number, so a benchmark can tell from the
// database that a meter's last report was committed.
#include <cstdint>
#include <string>
#include <vector>

namespace symemu::bench {

constexpr std::int64_t kBaseTimestamp = 1741947300;  // Example 1's TIMESTAMP
constexpr int kValuesPerMeter = 4;

std::string loggerId(int logger);               // "SL-100000" + logger
std::string meterId(int logger, int meter);     // 8 digits, unique over loggers
std::string meterTopic(int logger, int meter);  // "SmartLog/<logger>/<meter>"

// The "meter" object of one report: Example 1 with values that move with `round`.
std::string meterRecord(int logger, int meter, std::int64_t round);
// A whole report envelope around `records` (joined meter objects).
std::string reportEnvelope(int logger, std::int64_t round, const std::string& records);
// One meter's report (the per-meter topic layout).
std::string meterReport(int logger, int meter, std::int64_t round);
// A whole report of meters [first, first + count) of `logger`.
std::string wholeReport(int logger, int first, int count, std::int64_t round);
// A short meter object (only the fields the library needs) with `values` values (1..5:
// Energy, Power, Volts, Fabrication, Current), for fixtures where size matters.
std::string compactMeterRecord(int logger, int meter, std::int64_t round, int values);

}  // namespace symemu::bench

// Key names and limits of the SE-LOG (solvimus) JSON report.
//
// Everything marked [A] in docs/selog-format.md is an assumption:
// it lives here as data so it can be changed without touching the parser.
#pragma once

#include <cstddef>
#include <string>

namespace symemu::smartmetering {

struct ReportSchema {
  // Envelope [D]: muc -> meter[] -> data[] -> entry[].
  std::string mucKey = "muc";
  std::string mucIdKey = "MUC_ID";
  std::string mucVersionKey = "VERSION";
  std::string timestampKey = "TIMESTAMP";
  std::string meterKey = "meter";
  std::string meterIdKey = "METER_ID";
  std::string interfaceKey = "INTERFACE";
  std::string userKey = "USER";  // on meters and on data records
  std::string dataKey = "data";
  std::string descriptionKey = "DESCRIPTION";
  std::string unitKey = "UNIT";
  std::string scaleKey = "SCALE";
  std::string mediumKey = "MEDIUM";  // on data records [D], on meters [A]
  std::string obisKey = "OBIS_ID";
  std::string entryKey = "entry";
  std::string tKey = "T";
  std::string tMucKey = "T_MUC";
  std::string valKey = "VAL";

  // Optional meter attributes [A].
  std::string manufacturerKey = "MANUFACTURER";
  std::string meterVersionKey = "VERSION";
  std::string accessNumberKey = "ACCESS_NUMBER";
  std::string statusKey = "STATUS";
  std::string rssiKey = "RSSI";

  // Optional value attributes [A].
  std::string functionKey = "FUNCTION";
  std::string storageKey = "STORAGE";
  std::string tariffKey = "TARIFF";
  std::string subunitKey = "SUBUNIT";

  // The logger's own record carries this medium [A] (EN 13757-3 0x0E).
  std::string systemMedium = "Bus/System";
  // Medium of a meter that names none, neither itself nor in its data.
  std::string unknownMedium = "Unknown";

  // MQTT topic layout [A]; see TopicTemplate.
  std::string topicTemplate = "SmartLog/{SmartLogID}/#";
  // Topic level after the ID that marks a whole report [A].
  std::string reportTopicLevel = "report";

  // Longer METER_IDs are refused (the meter is skipped) [A].
  std::size_t maxMeterIdLength = 64;
};

// A shared default-constructed schema (saves building one per call).
const ReportSchema& defaultReportSchema();

}  // namespace symemu::smartmetering

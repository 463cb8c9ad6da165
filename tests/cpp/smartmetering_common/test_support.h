// Helpers shared by the smartmetering_common tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "symemu/smartmetering/common/report.h"

namespace smtest {

inline std::string readDataFile(const std::string& name) {
  std::ifstream in(std::string(SM_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data file " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A report around one meter's JSON text.
inline std::string reportWithMeters(const std::string& metersJson, const std::string& mucId = "SL-1") {
  return R"({"muc":{"MUC_ID":")" + mucId + R"(","VERSION":"1f6","TIMESTAMP":1741947300,"meter":[)" + metersJson + "]}}";
}

// One meter with one data record whose inner JSON is given.
inline std::string reportWithRecord(const std::string& recordJson) {
  return reportWithMeters(R"({"METER_ID":"M1","INTERFACE":"05","data":[)" + recordJson + "]}");
}

inline bool hasIssue(const symemu::smartmetering::Report& r, const std::string& text) {
  for (const auto& issue : r.issues)
    if (issue.text() == text) return true;
  return false;
}

inline std::string issuesText(const symemu::smartmetering::Report& r) {
  std::string out;
  for (const auto& issue : r.issues) out += issue.text() + "\n";
  return out;
}

}  // namespace smtest

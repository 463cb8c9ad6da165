#include "symemu/smartmetering/common/report.h"

#include "symemu/smartmetering/common/report_schema.h"

#include <cctype>

namespace symemu::smartmetering {
namespace {

std::string lowerTrimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const ReportSchema& defaultReportSchema() {
  static const ReportSchema schema;
  return schema;
}

ValueFunction parseValueFunction(std::string_view text) {
  const std::string t = lowerTrimmed(text);
  if (t == "maximum value" || t == "maximum" || t == "max") return ValueFunction::Maximum;
  if (t == "minimum value" || t == "minimum" || t == "min") return ValueFunction::Minimum;
  if (t == "value during error state" || t == "error state" || t == "error" || t == "err" || t == "errorstate")
    return ValueFunction::ErrorState;
  return ValueFunction::Instantaneous;
}

const MeterRecord* Report::findMeter(std::string_view meterId, std::optional<std::string_view> interface) const {
  for (const MeterRecord& m : meters)
    if (m.meterId == meterId && (!interface || m.interface == *interface)) return &m;
  return nullptr;
}

const MeterRecord* Report::systemMeter() const {
  for (const MeterRecord& m : meters)
    if (m.isSystem) return &m;
  return nullptr;
}

}  // namespace symemu::smartmetering

#include "symemu/smartmetering/common/report.h"

#include "symemu/smartmetering/common/report_schema.h"

#include <cctype>
#include <string_view>
#include <utility>

namespace symemu::smartmetering {
namespace {

// The names parseValueFunction knows, in the order it checks them.
constexpr std::pair<std::string_view, ValueFunction> kFunctionNames[] = {
    {"maximum value", ValueFunction::Maximum},
    {"maximum", ValueFunction::Maximum},
    {"max", ValueFunction::Maximum},
    {"minimum value", ValueFunction::Minimum},
    {"minimum", ValueFunction::Minimum},
    {"min", ValueFunction::Minimum},
    {"value during error state", ValueFunction::ErrorState},
    {"error state", ValueFunction::ErrorState},
    {"error", ValueFunction::ErrorState},
    {"err", ValueFunction::ErrorState},
    {"errorstate", ValueFunction::ErrorState},
};
constexpr std::size_t longestFunctionName() {
  std::size_t longest = 0;
  for (const auto& entry : kFunctionNames) longest = entry.first.size() > longest ? entry.first.size() : longest;
  return longest;
}
constexpr std::size_t kLongestFunctionName = longestFunctionName();  // a longer text is no name

}  // namespace

const ReportSchema& defaultReportSchema() {
  static const ReportSchema schema;
  return schema;
}

// Trimmed and lower-cased in a buffer on the stack (this runs for every record of every
// report): a text longer than every name is none of them.
ValueFunction parseValueFunction(std::string_view text) {
  // What std::isspace is in the C locale the server runs in, without a call per byte.
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  if (text.size() > kLongestFunctionName) return ValueFunction::Instantaneous;
  char lower[kLongestFunctionName];
  for (std::size_t i = 0; i < text.size(); ++i) {  // ASCII only, as the names (std::tolower asks the locale)
    const char c = text[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view t(lower, text.size());
  for (const auto& [name, function] : kFunctionNames)
    if (t == name) return function;
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

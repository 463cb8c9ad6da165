// Report parser + variable mapping: any text either parses (with issues) or is refused with a
// ReportError; every meter it keeps must map to variables with unique, well-formed idents.
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_entries.h"
#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"

namespace sm = symemu::smartmetering;

namespace {

bool isIdentChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

void check(bool ok) {
  if (!ok) std::abort();  // an invariant broke: libFuzzer records the input
}

}  // namespace

extern "C" int symemu_fuzz_report(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sm::Report report;
  std::string error;
  if (!sm::tryParseReport(text, report, error)) {
    check(!error.empty());
    return 0;
  }
  for (const auto& meter : report.meters) {
    check(!meter.meterId.empty());
    std::set<std::string> idents;
    for (const auto& spec : sm::mapMeter(meter)) {
      check(!spec.ident.empty());
      for (char c : spec.ident) check(isIdentChar(c));
      check(idents.insert(spec.ident).second);
      if (spec.profileSpec) (void)sm::mergeProfile(*spec.profileSpec, *spec.profileSpec);
    }
    (void)report.findMeter(meter.meterId);
  }
  (void)report.systemMeter();
  for (const auto& issue : report.issues) (void)issue.text();
  return 0;
}

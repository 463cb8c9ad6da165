#include "symemu/smartmetering/libs/report_ahead.h"

#include "symemu/smartmetering/common/report_parser.h"

namespace symemu::smartmetering {

forms::ReadAhead readReportAhead(std::string_view, std::string_view payload) {
  const auto start = payload.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || payload[start] != '{') return {};  // not a report: cheap no
  try {
    auto ahead = std::make_shared<ReportAhead>();
    ahead->ok = tryParseReport(payload, ahead->report, ahead->error);
    if (ahead->ok && !ahead->report.mucId.empty()) {  // the MUC_ID names the logger (effectiveLoggerId)
      ahead->packetsFor = ahead->report.mucId;
      ahead->packets.reserve(ahead->report.meters.size());
      for (const MeterRecord& meter : ahead->report.meters)
        ahead->packets.push_back(buildMeterPacketWithForm(meter, ahead->packetsFor, ahead->report.timestamp));
    }
    return forms::ReadAhead::of(std::shared_ptr<const ReportAhead>(std::move(ahead)));
  } catch (const std::exception&) {
    return {};  // e.g. out of memory: the kernel thread parses it as before
  }
}

}  // namespace symemu::smartmetering

#include "symemu/smartmetering/libs/report_ahead.h"

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"

namespace symemu::smartmetering {

namespace {

// Maps each record as the parser reads it and writes its meter's packet when the meter is done:
// one pass, and the Report keeps no records (the kernel thread needs only the meters' own fields
// and the packets; it frees nothing of the records, which used to be half of what it handed back).
class PacketWriter : public RecordSink {
 public:
  // `variables`: this thread's list, kept between reports so that it does not grow for each.
  PacketWriter(ReportAhead& ahead, std::vector<VariableSpec>& variables) : ahead_(ahead), variables_(variables) {
    variables_.clear();
  }

  // Packets are written for the logger the MUC_ID names (effectiveLoggerId); without one the
  // records stay in the Report for the kernel thread.
  bool takesRecords(const Report& report) override { return !report.mucId.empty(); }
  void expectMeters(std::size_t count) override { ahead_.packets.reserve(count); }
  void record(const DataRecord& record) override { mapRecord(record, variables_.emplace_back()); }  // in place
  void meterDone(const Report& report, const MeterRecord& meter) override {
    makeIdentsUnique(variables_);
    ahead_.packets.push_back(buildMeterPacketWithForm(meter, std::move(variables_), report.mucId, report.timestamp));
    variables_.clear();  // emptied by the writer (their texts moved into the packet's form)
  }

 private:
  ReportAhead& ahead_;
  std::vector<VariableSpec>& variables_;  // the current meter's, in record order
};

// Made by make_shared without zero-filling it first (as FreshMeterPacket, meter_packet.cpp): the
// members start as they would; readers see a ReportAhead.
struct FreshReportAhead : ReportAhead {
  FreshReportAhead() {}  // NOLINT: user-provided, so that make_shared does not zero the object
};

}  // namespace

forms::ReadAhead readReportAhead(std::string_view, std::string_view payload) {
  const auto start = payload.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || payload[start] != '{') return {};  // not a report: cheap no
  try {
    std::shared_ptr<ReportAhead> ahead = std::make_shared<FreshReportAhead>();
    thread_local std::vector<VariableSpec> variables;
    PacketWriter writer(*ahead, variables);
    ahead->ok = tryParseReport(payload, ahead->report, ahead->error, writer);
    if (ahead->ok && !ahead->report.mucId.empty())
      ahead->packetsFor = ahead->report.mucId;
    else
      ahead->packets.clear();  // a refused report has none
    return forms::ReadAhead::of(std::shared_ptr<const ReportAhead>(std::move(ahead)));
  } catch (const std::exception&) {
    return {};  // e.g. out of memory: the kernel thread parses it as before
  }
}

}  // namespace symemu::smartmetering

#pragma once
// A report read ahead of the kernel thread (a forms::PublishReader, kernel/packet_forms.h): on
// the MQTT Server's listener thread every PUBLISH payload is parsed as a report, and its meter
// packets are written for the logger the report names (MUC_ID). SmartLog then only applies it
// on the kernel thread: parsing is a function of the payload alone, and the packets are used
// only when this instance's SmartLogID is the one they were written for (processReport).
// Threads: readReportAhead runs on any thread; a ReportAhead is immutable and shared.
#include <string>
#include <string_view>
#include <vector>

#include "symemu/kernel/packet_forms.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/common/report.h"

namespace symemu::smartmetering {

struct ReportAhead {
  bool ok = false;
  std::string error;  // the parser's, when !ok
  // The meters' own fields and the issues; when packets were written, no data records (the
  // packets hold what the kernel thread needs of them: RecordSink, report_parser.h).
  Report report;
  std::string packetsFor;                 // the SmartLog ID the packets were written for ("": none)
  std::vector<BuiltMeterPacket> packets;  // one per report.meters, in order
};

// Nothing for a payload that is not a JSON object; never throws.
forms::ReadAhead readReportAhead(std::string_view topic, std::string_view payload);

}  // namespace symemu::smartmetering

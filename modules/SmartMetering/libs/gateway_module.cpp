#include "gateway_module.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "guids.h"
#include "kernel/json_value.h"
#include "kernel/kernel.h"
#include "meter_instances.h"
#include "meter_packet.h"
#include "symemu/smartmetering/report_parser.h"
#include "symemu/smartmetering/report_schema.h"
#include "symemu/smartmetering/topic_template.h"
#include "time_text.h"

namespace symemu::smartmetering {

namespace {
std::string lastRecordBuffer(const std::string& meterId, const std::string& interface) {
  // '\x1f' cannot clash with text in IDs the way '/' could.
  return "Last\x1f" + meterId + "\x1f" + interface;
}
}  // namespace

void GatewayModule::create() {
  registerPropertyString("SmartLogID", "");
  registerPropertyBoolean("AutoCreateMeters", false);
  registerAttributeString("Meters", "[]");
  registerVariableString("LastMessageTime", "Last Message Time", "", 0);
  loadMeters();
}

void GatewayModule::loadMeters() {
  try {
    meters_ = MeterList::fromJson(readAttributeString("Meters"));
  } catch (const std::exception& e) {
    meters_ = MeterList();
    logMessage(std::string("Stored meter list is unreadable and was reset: ") + e.what(), msg::KL_WARNING);
  }
}

GatewayModule::Result GatewayModule::processReport(const std::string& topicLoggerId, const std::string& payload) {
  Report report;
  std::string error;
  if (!tryParseReport(payload, report, error)) {
    sendDebug("Report refused", error, 0);
    logMessage("Report refused: " + error, msg::KL_ERROR);
    return {Outcome::Refused, error};
  }
  const std::string own = smartLogId();
  const std::string logger = effectiveLoggerId(report, topicLoggerId);
  if (own.empty() || logger != own) {
    std::string why = "Report of SmartLog " + logger + " ignored; this instance is SmartLog " + own;
    sendDebug("Report ignored", why, 0);
    return {Outcome::OtherLogger, why};
  }
  for (const ReportIssue& issue : report.issues) {
    sendDebug("Report part skipped", issue.text(), 0);
    logMessage("Report part skipped: " + issue.text(), msg::KL_WARNING);
  }

  const std::int64_t now = kernel().nowSeconds();
  std::vector<MeterEntry> added;
  for (const MeterRecord& meter : report.meters) {
    std::string packet = buildMeterPacket(meter, own, report.timestamp);
    setBuffer(lastRecordBuffer(meter.meterId, ""), packet);
    setBuffer(lastRecordBuffer(meter.meterId, meter.interface), packet);

    MeterEntry seen;
    seen.meterId = meter.meterId;
    seen.interface = meter.interface;
    seen.manufacturer = meter.manufacturer;
    seen.system = meter.isSystem;
    seen.type = meter.isSystem ? "System" : meter.medium == defaultReportSchema().unknownMedium ? "" : meter.medium;
    seen.lastSeen = now;
    if (meters_.upsert(seen)) added.push_back(*meters_.find(meter.meterId, meter.interface));

    sendDataToChildren(packet);
  }
  writeAttributeString("Meters", meters_.toJson());
  setValue("LastMessageTime", formatKernelTime(kernel().now()));
  sendDebug("Report applied", std::to_string(report.meters.size()) + " meter(s), " +
                                  std::to_string(report.issues.size()) + " issue(s)", 0);
  if (readPropertyBoolean("AutoCreateMeters"))
    for (const MeterEntry& m : added) autoCreate(m);
  return {Outcome::Applied, ""};
}

void GatewayModule::autoCreate(const MeterEntry& meter) {
  ConfiguratorRow row = meterRow(kernel(), instanceId(), smartLogId(), meters_, meter);
  if (row.instanceId) return;
  try {
    int id = createRowInstance(kernel(), instanceId(), row);
    sendDebug("Instance created", row.name + " #" + std::to_string(id), 0);
  } catch (const std::exception& e) {
    logMessage("Could not create the instance of meter " + meter.meterId + ": " + e.what(), msg::KL_ERROR);
  }
}

std::string GatewayModule::forwardData(const std::string& json) {
  Poco::JSON::Object::Ptr request;
  try {
    Poco::JSON::Parser parser;
    request = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    sendDebug("ForwardData refused", json, 0);
    return "";
  }
  const std::string function = request->optValue<std::string>("Function", "");
  if (function == "GetMeters")
    return "{\"SmartLogID\":" + jsonQuote(smartLogId()) + ",\"Meters\":" + meters_.toJson() + "}";
  if (function == "MarkAllSeen") {
    meters_.markAllSeen();
    writeAttributeString("Meters", meters_.toJson());
    return "OK";
  }
  if (function == "GetLastRecord")
    return getBuffer(lastRecordBuffer(request->optValue<std::string>("MeterID", ""),
                                      request->optValue<std::string>("Interface", "")));
  sendDebug("ForwardData: unknown function", json, 0);
  return "";
}

}  // namespace symemu::smartmetering

#include "symemu/smartmetering/libs/gateway_module.h"

#include <cstring>
#include <vector>

#include "symemu/smartmetering/libs/guids.h"
#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/meter_instances.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/libs/report_ahead.h"
#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/report_schema.h"
#include "symemu/smartmetering/common/topic_template.h"
#include "symemu/smartmetering/libs/time_text.h"

namespace symemu::smartmetering {

namespace {
// Writes the buffer name into `name` (a caller's string kept between reports: no allocation).
const std::string& lastRecordBuffer(std::string& name, const std::string& meterId, const std::string& interface) {
  // '\x1f' cannot clash with text in IDs the way '/' could. Written in place: one size, no appends.
  name.resize(6 + meterId.size() + interface.size());
  char* at = name.data();
  std::memcpy(at, "Last\x1f", 5);
  std::memcpy(at + 5, meterId.data(), meterId.size());
  at[5 + meterId.size()] = '\x1f';
  std::memcpy(at + 6 + meterId.size(), interface.data(), interface.size());
  return name;
}

std::string lastRecordBuffer(const std::string& meterId, const std::string& interface) {
  std::string name;
  return lastRecordBuffer(name, meterId, interface);
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
  metersWritten_ = false;
  try {
    meters_ = MeterList::fromJson(readAttributeString("Meters"));
  } catch (const std::exception& e) {
    meters_ = MeterList();
    logMessage(std::string("Stored meter list is unreadable and was reset: ") + e.what(), msg::KL_WARNING);
  }
}

GatewayModule::Result GatewayModule::processReport(const std::string& topicLoggerId, const std::string& payload,
                                                   std::shared_ptr<const ReportAhead> ahead) {
  // Read ahead (on the I/O thread) or now: the same parser on the same payload.
  Report parsed;
  std::string error;
  const bool ok = ahead ? ahead->ok : tryParseReport(payload, parsed, error);
  if (ahead) error = ahead->error;
  const Report& report = ahead ? ahead->report : parsed;
  if (!ok) {
    sendDebug("Report refused", error, 0);
    logMessage("Report refused: " + error, msg::KL_ERROR);
    return {Outcome::Refused, error};
  }
  const std::string own = settings().smartLogId;
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
  bool listChanged = !metersWritten_;
  // The packets written ahead are this function's for the same meter, logger and time stamp.
  const bool packetsAhead = ahead && ahead->packetsFor == own && ahead->packets.size() == report.meters.size();
  for (std::size_t m = 0; m < report.meters.size(); ++m) {
    const MeterRecord& meter = report.meters[m];
    // A packet written ahead is the read-ahead's (freed with it, on the I/O thread, but for its
    // text, which the packet and the buffers share).
    const BuiltMeterPacket* written = packetsAhead ? &ahead->packets[m] : nullptr;
    BuiltMeterPacket built = written ? BuiltMeterPacket{} : buildMeterPacketWithForm(meter, own, report.timestamp);
    if (!written) written = &built;
    // The written text itself for both names: no copy (copying it out of memory written on the
    // I/O thread's core was the cost).
    setBuffer(lastRecordBuffer(bufferName_, meter.meterId, ""), written->text);
    setBuffer(lastRecordBuffer(bufferName_, meter.meterId, meter.interface), written->text);

    MeterEntry seen;
    seen.meterId = meter.meterId;
    seen.interface = meter.interface;
    seen.manufacturer = meter.manufacturer;
    seen.system = meter.isSystem;
    seen.type = meter.isSystem ? "System" : meter.medium == defaultReportSchema().unknownMedium ? "" : meter.medium;
    seen.lastSeen = now;
    const MeterList::Updated updated = meters_.update(seen);  // one lookup; no copy of the entry
    if (updated.added) added.push_back(*updated.entry);
    listChanged |= updated.changed;

    Packet packet(written->text);
    if (written->form) packet.attach(written->form);  // devices skip the parse
    packet.setTextKeys(written->keys);                // their filters skip the scan for "MeterID"
    sendDataToChildren(packet);
  }
  // The list is rewritten only when it changed (a meter reporting again within the same second
  // changes nothing); serialising every meter on every report was the biggest cost per report.
  if (listChanged) {
    writeAttributeString("Meters", meters_.toJson());
    metersWritten_ = true;
  }
  setLastMessageTime(formatKernelTime(kernel().now()));
  sendDebug("Report applied",
            std::to_string(report.meters.size()) + " meter(s), " + std::to_string(report.issues.size()) + " issue(s)",
            0);
  if (settings().autoCreateMeters)
    for (const MeterEntry& m : added) autoCreate(m);
  return {Outcome::Applied, ""};
}

const GatewayModule::Settings& GatewayModule::settings() {
  if (settings_.generation != kernel().treeGeneration()) {
    settings_.smartLogId = smartLogId();
    settings_.autoCreateMeters = readPropertyBoolean("AutoCreateMeters");
    settings_.generation = kernel().treeGeneration();
  }
  return settings_;
}

void GatewayModule::setLastMessageTime(const Value& value) {
  Kernel& k = kernel();
  LastMessageTime& cached = lastMessageTime_;
  if (cached.generation != k.treeGeneration()) {
    cached.id = getIDForIdent("LastMessageTime");
    cached.record = cached.id && k.variableExists(cached.id) ? k.resolveVariable(cached.id) : nullptr;
    cached.generation = k.treeGeneration();
  }
  if (!cached.record) {
    setValue("LastMessageTime", value);  // throws as it always did
    return;
  }
  k.setValue(cached.id, *cached.record, value);
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
  const auto document = json::Document::parse(json);
  if (!document->ok() || !document->root().isObject()) {
    sendDebug("ForwardData refused", json, 0);
    return "";
  }
  auto text = [&](const char* key) {
    const auto field = document->root().member(key);
    return field && field->isString() ? std::string(field->string()) : std::string();
  };
  const std::string function = text("Function");
  if (function == "GetMeters")
    return "{\"SmartLogID\":" + jsonQuote(smartLogId()) + ",\"Meters\":" + meters_.toJson() + "}";
  if (function == "MarkAllSeen") {
    meters_.markAllSeen();
    writeAttributeString("Meters", meters_.toJson());
    return "OK";
  }
  if (function == "GetLastRecord") return getBuffer(lastRecordBuffer(text("MeterID"), text("Interface")));
  sendDebug("ForwardData: unknown function", json, 0);
  return "";
}

}  // namespace symemu::smartmetering

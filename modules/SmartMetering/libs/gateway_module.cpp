#include "gateway_module.h"

#include <algorithm>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "guids.h"
#include "kernel/fast_json.h"
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
// Poco's tree for a value read by the fast reader: the same node and scalar types Poco's parser
// builds (objects unordered, integers Int64, other numbers double), so parseReportTree sees no
// difference.
Poco::Dynamic::Var pocoTree(const FastJsonValue& v) {
  switch (v.kind) {
    case FastJsonValue::Kind::Object: {
      // Object::set copies the Var (a heap clone of the whole node, Poco has no SOO here), so
      // the members go in as empty Vars and the built values are swapped into place. The map
      // is sorted by key and keeps the last of repeated keys, as set() would.
      Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
      std::vector<const std::pair<std::string, FastJsonValue>*> members;
      members.reserve(v.members.size());
      for (const auto& m : v.members) {
        o->set(m.first, Poco::Dynamic::Var());
        members.push_back(&m);
      }
      std::stable_sort(members.begin(), members.end(),
                       [](const auto* a, const auto* b) { return a->first < b->first; });
      auto next = members.begin();
      for (auto it = o->begin(); it != o->end(); ++it) {
        while (next + 1 != members.end() && (*(next + 1))->first == it->first) ++next;  // the last one wins
        Poco::Dynamic::Var built = pocoTree((*next)->second);
        it->second.swap(built);
        ++next;
      }
      return o;
    }
    case FastJsonValue::Kind::Array: {
      Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
      for (const auto& item : v.items) a->add(pocoTree(item));
      return a;
    }
    default:
      return v.toVar();
  }
}

// tryParseReport, with the JSON text read by the fast reader when it can (Poco's parser was
// the largest cost per report); anything it does not take goes to tryParseReport unchanged.
bool parseReportText(const std::string& json, Report& out, std::string& error) {
  auto v = parseFastJson(json);
  if (!v || (v->kind != FastJsonValue::Kind::Object && v->kind != FastJsonValue::Kind::Array))
    return tryParseReport(json, out, error);
  try {
    out = parseReportTree(pocoTree(*v));
    return true;
  } catch (const ReportError& e) {
    error = e.what();
    return false;
  }
}

bool sameEntry(const MeterEntry& a, const MeterEntry& b) {
  return a.meterId == b.meterId && a.interface == b.interface && a.manufacturer == b.manufacturer && a.type == b.type &&
         a.lastSeen == b.lastSeen && a.system == b.system && a.isNew == b.isNew;
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

GatewayModule::Result GatewayModule::processReport(const std::string& topicLoggerId, const std::string& payload) {
  Report report;
  std::string error;
  if (!parseReportText(payload, report, error)) {
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
  bool listChanged = !metersWritten_;
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
    const MeterEntry* known = meters_.find(meter.meterId, meter.interface);
    const MeterEntry before = known ? *known : MeterEntry{};
    if (meters_.upsert(seen)) {
      added.push_back(*meters_.find(meter.meterId, meter.interface));
      listChanged = true;
    } else {
      listChanged |= !sameEntry(before, *meters_.find(meter.meterId, meter.interface));
    }

    sendDataToChildren(packet);
  }
  // The list is rewritten only when it changed (a meter reporting again within the same second
  // changes nothing); serialising every meter on every report was the biggest cost per report.
  if (listChanged) {
    writeAttributeString("Meters", meters_.toJson());
    metersWritten_ = true;
  }
  setValue("LastMessageTime", formatKernelTime(kernel().now()));
  sendDebug("Report applied",
            std::to_string(report.meters.size()) + " meter(s), " + std::to_string(report.issues.size()) + " issue(s)",
            0);
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

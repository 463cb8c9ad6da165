#include "symemu/smartmetering/SmartLogDiscovery/discovery.h"

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/guids.h"
#include "symemu/smartmetering/libs/library_plugin.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/libs/mqtt_publish.h"
#include "symemu/smartmetering/common/report_parser.h"

namespace symemu::smartmetering {

std::string allLoggersReceiveFilter(const TopicTemplate& topics) {
  // The library builds filters for one ID; a marker ID made of letters survives its escaping
  // unchanged and is then replaced by "any JSON string text without '/'".
  static const std::string marker = "SMLOGIDMARKERQX";
  std::string filter = topics.receiveFilter(marker);
  auto at = filter.find(marker);
  if (at != std::string::npos) filter.replace(at, marker.size(), "(?:[^\"/\\\\]|\\\\.)+");
  return filter;
}

void SmartLogDiscovery::create() {
  registerPropertyString("TopicTemplate", defaultReportSchema().topicTemplate);
  if (connectionId() == 0 && kernel().modules().find(guid::kMqttServer)) connectParent(guid::kMqttServer);
}

void SmartLogDiscovery::applyChanges() {
  try {
    topics_.emplace(readPropertyString("TopicTemplate"), defaultReportSchema().reportTopicLevel);
  } catch (const std::exception& e) {
    topics_.reset();
    setReceiveDataFilter(kReceiveNothing);
    logMessage(std::string("Invalid topic template: ") + e.what(), msg::KL_ERROR);
    setStatus(kStatusBadTemplate);
    return;
  }
  setReceiveDataFilter(allLoggersReceiveFilter(*topics_));
  setStatus(status::Active);
}

int SmartLogDiscovery::findSmartLog(const std::string& smartLogId) {
  for (int id : kernel().getInstanceListByModuleID(guid::kSmartLog))
    if (valueToString(kernel().getProperty(id, "SmartLogID")) == smartLogId) return id;
  return 0;
}

int SmartLogDiscovery::knownSmartLog(const std::string& smartLogId) {
  Kernel& k = kernel();
  auto it = knownLoggers_.find(smartLogId);
  if (it != knownLoggers_.end()) {
    // Checked at this tree generation already: no instance or applied property changed since.
    if (it->second.checkedAt == k.treeGeneration()) return it->second.id;
    const ModuleInfo* smartLogModule = k.modules().find(guid::kSmartLog);
    int id = it->second.id;
    if (smartLogModule && k.instanceExists(id) && k.getInstance(id).info == smartLogModule &&
        valueToString(k.getProperty(id, "SmartLogID")) == smartLogId) {
      it->second.checkedAt = k.treeGeneration();
      return id;
    }
    knownLoggers_.erase(it);
  }
  int id = findSmartLog(smartLogId);
  if (id) {
    if (knownLoggers_.size() >= 4096) knownLoggers_.clear();  // bounded; a miss only costs a scan
    knownLoggers_.emplace(smartLogId, Known{id, k.treeGeneration()});
  }
  return id;
}

std::string SmartLogDiscovery::receiveData(const std::string& json) { return receivePacket(Packet(json)); }

std::string SmartLogDiscovery::receivePacket(const Packet& packet) {
  if (!topics_) return "";
  std::string error;
  const auto publish = readMqttPublish(packet, error);
  if (!publish) {
    if (!error.empty()) sendDebug("ReceiveData refused", "not an MQTT packet: " + error, 0);
    return "";
  }
  const std::string topic(publish->topic);
  const auto topicId = topics_->idOf(topic);                        // a view into `topic`
  if (!topicId || knownSmartLog(std::string(*topicId))) return "";  // known loggers: their SmartLog has it
  const std::string payload = publish->bytes();                     // only now: most packets are of known loggers
  Report report;
  if (!tryParseReport(payload, report, error)) {
    sendDebug("Message of an unknown logger refused", topic + ": " + error, 0);
    return "";
  }
  const std::string loggerId = effectiveLoggerId(report, *topicId);
  if (loggerId.empty() || findSmartLog(loggerId)) return "";
  try {
    int smartLog = createLogger(loggerId);
    kernel().callFunction("SM_ProcessMessage", smartLog, {topic, payload});
  } catch (const std::exception& e) {
    logMessage("Could not set up SmartLog " + loggerId + ": " + e.what(), msg::KL_ERROR);
  }
  return "";
}

int SmartLogDiscovery::createLogger(const std::string& smartLogId) {
  Kernel& k = kernel();
  // The configurator's RequireParent creates the SmartLog, so no stray gateway is left behind.
  int configurator = k.createInstance(guid::kConfigurator);
  int smartLog = k.getInstance(configurator).connectionId;
  if (smartLog == 0) throw KernelError("the configurator did not get a SmartLog");
  k.setConfiguration(smartLog, toJsonText({{"SmartLogID", smartLogId},
                                           {"TopicTemplate", readPropertyString("TopicTemplate")},
                                           {"AutoCreateMeters", true}}));
  k.applyChanges(smartLog);
  if (connectionId() != 0 && k.getInstance(smartLog).connectionId != connectionId())
    k.connectInstance(smartLog, connectionId());
  int category = k.ensureCategoryPath({"SmartMetering", "SmartLog " + smartLogId});
  k.setParent(smartLog, category);
  k.setName(smartLog, "SmartLog " + smartLogId);
  placeConfigurator(k, configurator, smartLogId);  // where create_all puts one, too
  sendDebug("Logger discovered", smartLogId + ": SmartLog #" + std::to_string(smartLog), 0);
  return smartLog;
}

}  // namespace symemu::smartmetering

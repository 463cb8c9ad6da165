#include "discovery.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "kernel/json_value.h"
#include "kernel/kernel.h"
#include "libs/guids.h"
#include "libs/meter_packet.h"
#include "symemu/smartmetering/report_parser.h"

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

std::string SmartLogDiscovery::receiveData(const std::string& json) {
  if (!topics_) return "";
  std::string topic, payload;
  try {
    Poco::JSON::Parser parser;
    auto packet = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    if (packet->optValue<int>("PacketType", 3) != 3) return "";
    topic = packet->getValue<std::string>("Topic");
    payload = utf8Decode(packet->getValue<std::string>("Payload"));
  } catch (const std::exception& e) {
    sendDebug("ReceiveData refused", std::string("not an MQTT packet: ") + e.what(), 0);
    return "";
  }
  auto match = topics_->match(topic);
  if (!match || findSmartLog(match->smartLogId)) return "";  // known loggers: their SmartLog has it
  Report report;
  std::string error;
  if (!tryParseReport(payload, report, error)) {
    sendDebug("Message of an unknown logger refused", topic + ": " + error, 0);
    return "";
  }
  const std::string loggerId = effectiveLoggerId(report, match->smartLogId);
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
  k.setParent(configurator, category);
  k.setName(configurator, "Configurator " + smartLogId);
  sendDebug("Logger discovered", smartLogId + ": SmartLog #" + std::to_string(smartLog), 0);
  return smartLog;
}

}  // namespace symemu::smartmetering

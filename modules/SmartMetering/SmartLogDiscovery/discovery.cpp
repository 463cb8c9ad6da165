#include "discovery.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "kernel/fast_json.h"
#include "kernel/json_value.h"
#include "kernel/kernel.h"
#include "libs/guids.h"
#include "libs/library_plugin.h"
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

int SmartLogDiscovery::knownSmartLog(const std::string& smartLogId) {
  auto it = knownLoggers_.find(smartLogId);
  if (it != knownLoggers_.end()) {
    Kernel& k = kernel();
    const ModuleInfo* smartLogModule = k.modules().find(guid::kSmartLog);
    int id = it->second;
    if (smartLogModule && k.instanceExists(id) && k.getInstance(id).info == smartLogModule &&
        valueToString(k.getProperty(id, "SmartLogID")) == smartLogId)
      return id;
    knownLoggers_.erase(it);
  }
  int id = findSmartLog(smartLogId);
  if (id) {
    if (knownLoggers_.size() >= 4096) knownLoggers_.clear();  // bounded; a miss only costs a scan
    knownLoggers_.emplace(smartLogId, id);
  }
  return id;
}

bool SmartLogDiscovery::readPublish(const std::string& json, std::string& topic, std::string& payload) {
  // The MQTT Server's packet has a fixed layout: read it without Poco when it is the usual one
  // (the same test as SmartLog::receiveData; anything else goes to Poco as before).
  if (auto v = parseFastJsonShared(json)) {
    const FastJsonValue* type = v->member("PacketType");
    const FastJsonValue* t = v->member("Topic");
    const FastJsonValue* p = v->member("Payload");
    if (t && t->isString() && p && p->isString() &&
        (!type || (type->isInteger() && type->integer >= -2147483647 - 1 && type->integer <= 2147483647))) {
      if (type && type->integer != 3) return false;
      topic = t->text;
      payload = p->text;
      return true;
    }
  }
  try {
    Poco::JSON::Parser parser;
    auto packet = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    if (packet->optValue<int>("PacketType", 3) != 3) return false;
    topic = packet->getValue<std::string>("Topic");
    payload = packet->getValue<std::string>("Payload");
  } catch (const std::exception& e) {
    sendDebug("ReceiveData refused", std::string("not an MQTT packet: ") + e.what(), 0);
    return false;
  }
  return true;
}

std::string SmartLogDiscovery::receiveData(const std::string& json) {
  if (!topics_) return "";
  std::string topic, payload;
  if (!readPublish(json, topic, payload)) return "";
  auto match = topics_->match(topic);
  if (!match || knownSmartLog(match->smartLogId)) return "";  // known loggers: their SmartLog has it
  payload = utf8Decode(payload);                              // only now: most packets are of known loggers
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
  placeConfigurator(k, configurator, smartLogId);  // where create_all puts one, too
  sendDebug("Logger discovered", smartLogId + ": SmartLog #" + std::to_string(smartLog), 0);
  return smartLog;
}

}  // namespace symemu::smartmetering

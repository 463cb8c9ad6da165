#include "smart_log.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "kernel/fast_json.h"
#include "kernel/kernel.h"
#include "libs/guids.h"
#include "libs/meter_packet.h"
#include "symemu/smartmetering/report_schema.h"

namespace symemu::smartmetering {

void SmartLog::create() {
  GatewayModule::create();
  registerPropertyString("TopicTemplate", defaultReportSchema().topicTemplate);
  registerFunction("ProcessMessage", [this](const std::vector<Value>& args) -> Value {
    if (args.size() != 2) throw KernelError("SM_ProcessMessage expects (InstanceID, Topic, Payload)");
    return processMessage(valueToString(args[0]), valueToString(args[1]));
  });
  connectToMqttServer();
}

// ConnectParent(MQTT Server), as Symcon's module does. Without the MQTT Server module loaded
// the instance stays unconnected and says so.
void SmartLog::connectToMqttServer() {
  if (connectionId() != 0) return;
  if (!kernel().modules().find(guid::kMqttServer)) {
    logMessage("The MQTT Server module is not loaded; SmartLog stays without a parent", msg::KL_WARNING);
    return;
  }
  connectParent(guid::kMqttServer);
}

void SmartLog::applyChanges() {
  const std::string id = smartLogId();
  try {
    topics_.emplace(readPropertyString("TopicTemplate"), defaultReportSchema().reportTopicLevel);
  } catch (const std::exception& e) {
    topics_.reset();
    setReceiveDataFilter(kReceiveNothing);
    logMessage(std::string("Invalid topic template: ") + e.what(), msg::KL_ERROR);
    setStatus(kStatusBadTemplate);
    return;
  }
  setReceiveDataFilter(id.empty() ? kReceiveNothing : topics_->receiveFilter(id));
  setStatus(id.empty() ? status::Inactive : status::Active);
}

std::string SmartLog::receiveData(const std::string& json) {
  std::string topic, payload;
  // The MQTT Server's packet has a fixed layout: read it without Poco when it is the usual one
  // (shared: the SmartLogDiscovery has usually just read the same packet).
  if (auto v = parseFastJsonShared(json)) {
    const FastJsonValue* type = v->member("PacketType");
    const FastJsonValue* t = v->member("Topic");
    const FastJsonValue* p = v->member("Payload");
    if (t && t->isString() && p && p->isString() &&
        (!type || (type->isInteger() && type->integer >= -2147483647 - 1 && type->integer <= 2147483647))) {
      if (type && type->integer != 3) return "";
      processMessage(t->text, utf8Decode(p->text));
      return "";
    }
  }
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
  processMessage(topic, payload);
  return "";
}

bool SmartLog::processMessage(const std::string& topic, const std::string& payload) {
  std::string topicId;
  if (topics_) {
    if (auto match = topics_->match(topic)) topicId = match->smartLogId;
  }
  sendDebug("Message", topic, 0);
  return processReport(topicId, payload).outcome == Outcome::Applied;
}

}  // namespace symemu::smartmetering

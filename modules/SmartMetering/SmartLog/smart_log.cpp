#include "symemu/smartmetering/SmartLog/smart_log.h"

#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/guids.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/libs/mqtt_publish.h"
#include "symemu/smartmetering/libs/report_ahead.h"
#include "symemu/smartmetering/common/report_schema.h"

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

std::string SmartLog::receiveData(const std::string& json) { return receivePacket(Packet(json)); }

std::string SmartLog::receivePacket(const Packet& packet) {
  std::string error;
  const auto publish = readMqttPublish(packet, error);
  if (!publish) {
    if (!error.empty()) sendDebug("ReceiveData refused", "not an MQTT packet: " + error, 0);
    return "";
  }
  auto ahead = publish->ahead ? publish->ahead->share<ReportAhead>() : nullptr;
  // A report read ahead is not parsed again: its payload is not copied out of the packet.
  const std::string payload = ahead ? std::string() : publish->bytes();
  processMessage(std::string(publish->topic), payload, std::move(ahead));
  return "";
}

bool SmartLog::processMessage(const std::string& topic, const std::string& payload,
                              std::shared_ptr<const ReportAhead> ahead) {
  std::string topicId;
  if (topics_) {
    if (const auto id = topics_->idOf(topic)) topicId.assign(*id);
  }
  sendDebug("Message", topic, 0);
  return processReport(topicId, payload, std::move(ahead)).outcome == Outcome::Applied;
}

}  // namespace symemu::smartmetering

#pragma once
// SmartLog: the gateway of one SE-LOG that publishes via MQTT (parent: MQTT Server). It only
// sees its own logger's topics (receive filter from the TopicTemplate) and exports
// SM_ProcessMessage(id, topic, payload) for SmartLogDiscovery.
#include <optional>

#include "symemu/smartmetering/libs/gateway_module.h"
#include "symemu/smartmetering/common/topic_template.h"

namespace symemu::smartmetering {

class SmartLog : public GatewayModule {
 public:
  static constexpr int kStatusBadTemplate = 202;

  void create() override;
  void applyChanges() override;
  std::string receiveData(const std::string& json) override;
  std::string receivePacket(const Packet& packet) override;

  // Handles one MQTT message (payload as raw bytes); true when it was applied.
  // `ahead`: the report as read ahead of the kernel thread (report_ahead.h), if it was.
  bool processMessage(const std::string& topic, const std::string& payload,
                      std::shared_ptr<const ReportAhead> ahead = nullptr);

 private:
  void connectToMqttServer();
  std::optional<TopicTemplate> topics_;
};

}  // namespace symemu::smartmetering

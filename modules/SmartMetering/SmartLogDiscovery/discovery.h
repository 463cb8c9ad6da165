#pragma once
// SmartLogDiscovery: listens to every logger's topics on its MQTT Server. For a logger ID
// without a SmartLog instance it builds SmartLog (SmartLogID, AutoCreateMeters on) on the
// same MQTT Server plus a SmartMeterConfigurator, both under SmartMetering/SmartLog <ID>,
// and hands the message to the new SmartLog (SM_ProcessMessage), which missed this delivery.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "symemu/kernel/module.h"
#include "symemu/smartmetering/common/topic_template.h"

namespace symemu::smartmetering {

class SmartLogDiscovery : public symemu::Module {
 public:
  static constexpr int kStatusBadTemplate = 202;

  void create() override;
  void applyChanges() override;
  std::string receiveData(const std::string& json) override;
  std::string receivePacket(const Packet& packet) override;

  // The SmartLog instance for a logger ID, 0 when there is none.
  int findSmartLog(const std::string& smartLogId);
  // findSmartLog, answered from the last instance found for that ID while it still is a SmartLog
  // with that SmartLogID (checked again whenever the kernel's tree generation moved, so creating,
  // deleting or reconfiguring instances needs no invalidation); otherwise scans as findSmartLog does.
  int knownSmartLog(const std::string& smartLogId);
  // Builds the instances for a new logger; returns the SmartLog's ID.
  int createLogger(const std::string& smartLogId);

 private:
  std::optional<TopicTemplate> topics_;
  // Every packet of every logger reaches the discovery; scanning all instances for each of them
  // was ~15 % of the CPU per report.
  struct Known {
    int id = 0;
    std::uint64_t checkedAt = 0;  // Kernel::treeGeneration() when last found to hold
  };
  std::unordered_map<std::string, Known> knownLoggers_;
};

// Receive filter that matches the topics of every logger of a template.
std::string allLoggersReceiveFilter(const TopicTemplate& topics);

}  // namespace symemu::smartmetering

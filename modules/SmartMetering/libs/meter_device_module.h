#pragma once
// What SmartMeter and System share: properties SmartMeterID, Interface ("" = any) and
// AutoCreateVariables; a receive filter on the meter's packets; one variable per value record
// as the gateway mapped it (ident, name, type, value, profile); SM_ profiles created when
// missing, their digits only ever raised. With AutoCreateVariables off only existing variables
// are updated (a deleted one stays deleted). When connected (FM_CONNECT) or applied with an
// active parent, the device asks the gateway for the meter's last record.
#include <string>

#include "kernel/module.h"

namespace symemu::smartmetering {

struct PacketVariable;

class MeterDeviceModule : public symemu::Module {
 public:
  void create() override;
  void applyChanges() override;
  std::string receiveData(const std::string& json) override;
  std::string receivePacket(const Packet& packet) override;
  void messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) override;

 protected:
  std::string meterId() const { return readPropertyString("SmartMeterID"); }

 private:
  void requestLastRecord();
  void applyPacket(const Packet& packet);
  void applyVariable(const PacketVariable& v, int position, bool autoCreate);
  void ensureProfile(const PacketVariable& v);
};

}  // namespace symemu::smartmetering

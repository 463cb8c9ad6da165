#pragma once
// What SmartMeter and System share: properties SmartMeterID, Interface ("" = any) and
// AutoCreateVariables; a receive filter on the meter's packets; one variable per value record
// as the gateway mapped it (ident, name, type, value, profile); SM_ profiles created when
// missing, their digits only ever raised. With AutoCreateVariables off only existing variables
// are updated (a deleted one stays deleted). A variable the user moved elsewhere in the tree
// keeps being updated there (attribute "VariableLinks": ident -> variable ID), and no duplicate
// appears under the instance. When connected (FM_CONNECT) or applied with an
// active parent, the device asks the gateway for the meter's last record.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "symemu/kernel/module.h"

namespace symemu {
struct VariableRecord;
}

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
  int applyVariable(const PacketVariable& v, int position, bool autoCreate);
  int registerVariable(const PacketVariable& v, int position);
  bool alreadyRegistered(int id, const PacketVariable& v);
  int findVariable(const std::string& ident);
  void remember(const std::string& ident, int variableId);
  void loadLinks();

  std::map<std::string, int> links_;  // mirror of the "VariableLinks" attribute
  void ensureProfile(const PacketVariable& v);

  // The properties applyPacket reads, read again only when the kernel's tree generation moved.
  struct Settings {
    std::uint64_t generation = ~std::uint64_t{0};
    std::string meterId, interface;
    bool autoCreate = true;
  };
  const Settings& settings();
  Settings settings_;
  // Per position in the meter packet: a variable whose full handling (find, profile, register,
  // set, link) came down to setting its value, and the tree generation when that was so. While
  // the generation stays and the packet's variable has the same ident, type and profile, the
  // value is set directly (tests/bench/test_fast_paths.cpp compares both paths).
  struct Settled {
    std::uint64_t generation = ~std::uint64_t{0};
    int id = 0;
    // The packet variable as it came (what its handling depended on, all but the value).
    std::string ident, profile, suffix;
    symemu::VariableType type = symemu::VariableType::Float;
    bool definesProfile = false;
    int digits = 0;
    symemu::VariableRecord* record = nullptr;  // the variable's record, valid for `generation`
  };
  const Settled* settledFor(const PacketVariable& v, std::size_t index) const;
  void settle(const PacketVariable& v, std::size_t index, int id);
  std::vector<Settled> settled_;
};

}  // namespace symemu::smartmetering

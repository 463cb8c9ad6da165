#include "meter_device_module.h"

#include "guids.h"
#include "kernel/json_value.h"
#include "kernel/kernel.h"
#include "meter_packet.h"
#include "symemu/smartmetering/variable_mapper.h"

namespace symemu::smartmetering {

void MeterDeviceModule::create() {
  registerPropertyString("SmartMeterID", "");
  registerPropertyString("Interface", "");
  registerPropertyBoolean("AutoCreateVariables", true);
  registerMessage(instanceId(), msg::FM_CONNECT);
}

void MeterDeviceModule::applyChanges() {
  const std::string id = meterId();
  setReceiveDataFilter(id.empty() ? kReceiveNothing : meterReceiveFilter(id, readPropertyString("Interface")));
  setStatus(id.empty() ? status::Inactive : status::Active);
  if (!id.empty() && hasActiveParent()) requestLastRecord();
}

void MeterDeviceModule::messageSink(std::int64_t, int senderId, int message, const std::vector<Value>&) {
  if (senderId == instanceId() && message == msg::FM_CONNECT && !meterId().empty()) requestLastRecord();
}

void MeterDeviceModule::requestLastRecord() {
  if (connectionId() == 0) return;
  std::string answer = sendDataToParent(toJsonText({{"DataID", guid::kToGateway},
                                                    {"Function", std::string("GetLastRecord")},
                                                    {"MeterID", meterId()},
                                                    {"Interface", readPropertyString("Interface")}}));
  if (!answer.empty()) applyPacket(Packet(answer));
}

std::string MeterDeviceModule::receiveData(const std::string& json) { return receivePacket(Packet(json)); }

std::string MeterDeviceModule::receivePacket(const Packet& data) {
  applyPacket(data);
  return "";
}

void MeterDeviceModule::applyPacket(const Packet& data) {
  MeterPacket packet;
  try {
    packet = parseMeterPacket(data.tree());
  } catch (const std::exception& e) {
    sendDebug("Packet refused", e.what(), 0);
    return;
  }
  const std::string wantInterface = readPropertyString("Interface");
  if (packet.meterId != meterId() || (!wantInterface.empty() && packet.interface != wantInterface)) return;
  const bool autoCreate = readPropertyBoolean("AutoCreateVariables");
  int position = 0;
  for (const PacketVariable& v : packet.variables) {
    try {
      applyVariable(v, ++position, autoCreate);
    } catch (const std::exception& e) {
      sendDebug("Variable skipped", v.ident + ": " + e.what(), 0);
      logMessage("Variable " + v.ident + " of meter " + packet.meterId + " skipped: " + e.what(), msg::KL_WARNING);
    }
  }
}

void MeterDeviceModule::applyVariable(const PacketVariable& v, int position, bool autoCreate) {
  if (!autoCreate) {
    int existing = getIDForIdent(v.ident);
    if (existing && kernel().variableExists(existing)) kernel().setValue(existing, v.value);
    return;
  }
  if (v.definesProfile) ensureProfile(v);
  int variable = 0;  // the registered variable: no second lookup by ident for the value
  switch (v.type) {
    case symemu::VariableType::Boolean:
      variable = registerVariableBoolean(v.ident, v.name, v.profile, position);
      break;
    case symemu::VariableType::Integer:
      variable = registerVariableInteger(v.ident, v.name, v.profile, position);
      break;
    case symemu::VariableType::Float:
      variable = registerVariableFloat(v.ident, v.name, v.profile, position);
      break;
    case symemu::VariableType::String:
      variable = registerVariableString(v.ident, v.name, v.profile, position);
      break;
  }
  kernel().setValue(variable, v.value);
}

void MeterDeviceModule::ensureProfile(const PacketVariable& v) {
  Kernel& k = kernel();
  ProfileSpec incoming{v.profile, static_cast<smartmetering::VariableType>(v.type), v.suffix, v.digits};
  if (!k.variableProfileExists(v.profile)) {
    k.createVariableProfile(v.profile, v.type);
    k.setVariableProfileText(v.profile, "", v.suffix);
    k.setVariableProfileDigits(v.profile, v.digits);
    return;
  }
  const Profile& p = k.getVariableProfile(v.profile);
  ProfileSpec existing{p.name, static_cast<smartmetering::VariableType>(p.type), p.suffix, p.digits};
  ProfileSpec merged = mergeProfile(existing, incoming);
  if (merged.digits != p.digits) k.setVariableProfileDigits(v.profile, merged.digits);
}

}  // namespace symemu::smartmetering

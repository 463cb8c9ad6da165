#include "symemu/smartmetering/libs/meter_device_module.h"

#include "symemu/smartmetering/libs/guids.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/common/variable_mapper.h"

namespace symemu::smartmetering {

void MeterDeviceModule::create() {
  registerPropertyString("SmartMeterID", "");
  registerPropertyString("Interface", "");
  registerPropertyBoolean("AutoCreateVariables", true);
  registerAttributeString("VariableLinks", "{}");
  registerMessage(instanceId(), msg::FM_CONNECT);
  loadLinks();
}

void MeterDeviceModule::loadLinks() {
  links_.clear();
  settled_.clear();
  try {
    for (const auto& [ident, id] : parseJsonObjectValues(readAttributeString("VariableLinks"), "VariableLinks"))
      if (auto n = std::get_if<std::int64_t>(&id)) links_[ident] = static_cast<int>(*n);
  } catch (const std::exception& e) {
    logMessage(std::string("Stored variable links are unreadable and were reset: ") + e.what(), msg::KL_WARNING);
  }
}

void MeterDeviceModule::remember(const std::string& ident, int variableId) {
  auto it = links_.find(ident);
  if (it != links_.end() && it->second == variableId) return;
  links_[ident] = variableId;
  std::vector<std::pair<std::string, Value>> fields;
  for (const auto& [name, id] : links_) fields.emplace_back(name, static_cast<std::int64_t>(id));
  writeAttributeString("VariableLinks", toJsonText(fields));
}

// The meter's variable for `ident`: under the instance, or wherever the user moved it (the
// link stored when it was created or last updated). 0 when the user deleted it.
int MeterDeviceModule::findVariable(const std::string& ident) {
  // The link first (a hash lookup; the ident search walks the instance's children): a variable
  // under the instance with this ident is the one the search finds, idents being unique there.
  if (auto link = links_.find(ident); link != links_.end() && !ident.empty() && kernel().variableExists(link->second)) {
    const ObjectRecord& o = kernel().getObject(link->second);
    if (o.parentId == instanceId() && o.ident == ident) return link->second;
  }
  const int own = getIDForIdent(ident);
  if (own && kernel().variableExists(own)) return own;
  auto it = links_.find(ident);
  if (it == links_.end() || !kernel().variableExists(it->second)) return 0;
  // An ID can be handed out again after a delete: the ident tells it is still ours.
  return kernel().getObject(it->second).ident == ident ? it->second : 0;
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
  // The gateway's typed form when it attached one (what reading the text gives), else the text.
  MeterPacket parsed;
  const MeterPacket* form = data.attached<MeterPacket>();
  if (!form) {
    try {
      parsed = parseMeterPacket(data.tree());
    } catch (const std::exception& e) {
      sendDebug("Packet refused", e.what(), 0);
      return;
    }
    form = &parsed;
  }
  const MeterPacket& packet = *form;
  const Settings& s = settings();
  if (packet.meterId != s.meterId || (!s.interface.empty() && packet.interface != s.interface)) return;
  const bool autoCreate = s.autoCreate;
  int position = 0;
  for (const PacketVariable& v : packet.variables) {
    const auto index = static_cast<std::size_t>(position);
    try {
      if (const Settled* known = autoCreate ? settledFor(v, index) : nullptr) {
        ++position;
        kernel().setValue(known->id, *known->record, v.value);  // no lookup: resolved when settled
        continue;
      }
      settle(v, index, applyVariable(v, ++position, autoCreate));
    } catch (const std::exception& e) {
      sendDebug("Variable skipped", v.ident + ": " + e.what(), 0);
      logMessage("Variable " + v.ident + " of meter " + packet.meterId + " skipped: " + e.what(), msg::KL_WARNING);
    }
  }
}

const MeterDeviceModule::Settings& MeterDeviceModule::settings() {
  if (settings_.generation != kernel().treeGeneration()) {
    settings_.meterId = meterId();
    settings_.interface = readPropertyString("Interface");
    settings_.autoCreate = readPropertyBoolean("AutoCreateVariables");
    settings_.generation = kernel().treeGeneration();
  }
  return settings_;
}

const MeterDeviceModule::Settled* MeterDeviceModule::settledFor(const PacketVariable& v, std::size_t index) const {
  if (index >= settled_.size()) return nullptr;
  const Settled& s = settled_[index];
  if (s.generation != kernel().treeGeneration() || s.ident != v.ident || s.type != v.type || s.profile != v.profile ||
      s.definesProfile != v.definesProfile || (v.definesProfile && (s.suffix != v.suffix || s.digits != v.digits)))
    return nullptr;
  return &s;
}

// After applyVariable gave `id` (0: no variable): whether handling `v` again, now, would only
// set the value of `id`. That holds when the variable is the instance's own, found by its ident,
// already registered as asked, linked, and its profile has at least the digits asked for
// (ensureProfile only ever raises them); then it holds as long as the tree does not change.
void MeterDeviceModule::settle(const PacketVariable& v, std::size_t index, int id) {
  if (settled_.size() <= index) settled_.resize(index + 1);
  Settled& s = settled_[index];
  s.generation = ~std::uint64_t{0};
  if (id == 0 || !kernel().variableExists(id) || findVariable(v.ident) != id || !alreadyRegistered(id, v)) return;
  if (auto link = links_.find(v.ident); link == links_.end() || link->second != id) return;
  if (v.definesProfile &&
      (!kernel().variableProfileExists(v.profile) || kernel().getVariableProfile(v.profile).digits < v.digits))
    return;
  s = Settled{kernel().treeGeneration(),   id, v.ident, v.profile, v.suffix, v.type, v.definesProfile, v.digits,
              kernel().resolveVariable(id)};
}

int MeterDeviceModule::applyVariable(const PacketVariable& v, int position, bool autoCreate) {
  Kernel& k = kernel();
  const int existing = findVariable(v.ident);
  if (!autoCreate) {
    if (existing) {
      k.setValue(existing, v.value);
      remember(v.ident, existing);
    }
    return 0;
  }
  if (v.definesProfile) ensureProfile(v);
  if (existing && k.getObject(existing).parentId != instanceId()) {
    // Moved by the user: it stays where it is. A value of another type replaces it there.
    if (k.getVariable(existing).type == v.type) {
      k.setValue(existing, v.value);
      return 0;
    }
    const ObjectRecord old = k.getObject(existing);
    k.deleteVariable(existing);
    const int replacement = registerVariable(v, position);
    k.setParent(replacement, old.parentId);
    k.setName(replacement, old.name);
    k.setPosition(replacement, old.position);
    k.setValue(replacement, v.value);
    remember(v.ident, replacement);
    return 0;
  }
  const int id = existing && alreadyRegistered(existing, v) ? existing : registerVariable(v, position);
  k.setValue(id, v.value);
  remember(v.ident, id);
  return id;
}

// True when registerVariable would return `id` unchanged: the instance's own variable of this
// type whose profile is the one asked for, and that profile resolves to itself (no "~" variant)
// and exists with this type. Spares the kernel's ident search and profile resolution for the
// values of every report.
bool MeterDeviceModule::alreadyRegistered(int id, const PacketVariable& v) {
  Kernel& k = kernel();
  if (k.getObject(id).parentId != instanceId()) return false;
  const VariableRecord& var = k.getVariable(id);
  if (var.type != v.type || var.profile != v.profile) return false;
  if (v.profile.empty()) return true;
  if (v.profile[0] != '~' && k.variableProfileExists("~" + v.profile)) return false;
  return k.variableProfileExists(v.profile) && k.getVariableProfile(v.profile).type == v.type;
}

int MeterDeviceModule::registerVariable(const PacketVariable& v, int position) {
  switch (v.type) {
    case symemu::VariableType::Boolean:
      return registerVariableBoolean(v.ident, v.name, v.profile, position);
    case symemu::VariableType::Integer:
      return registerVariableInteger(v.ident, v.name, v.profile, position);
    case symemu::VariableType::Float:
      return registerVariableFloat(v.ident, v.name, v.profile, position);
    case symemu::VariableType::String:
      break;
  }
  return registerVariableString(v.ident, v.name, v.profile, position);
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

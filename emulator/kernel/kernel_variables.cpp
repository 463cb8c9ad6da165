// Variables and profiles (docs/symcon-kernel.md §4.3, §4.4).
#include <algorithm>
#include <cmath>

#include <cstdlib>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/sorted_ids.h"

namespace symemu {

VariableRecord& Kernel::variable(int id) {
  VariableRecord* found = variables_.find(id);
  if (!found) {
    if (objectExists(id)) throw KernelError("Object #" + std::to_string(id) + " is not a variable");
    throw KernelError("Variable #" + std::to_string(id) + " does not exist");
  }
  return *found;
}

const VariableRecord& Kernel::getVariable(int id) const { return const_cast<Kernel*>(this)->variable(id); }
bool Kernel::variableExists(int id) const { return variables_.contains(id); }

int Kernel::createVariable(VariableType type) {
  int t = static_cast<int>(type);
  if (t < 0 || t > 3) throw KernelError("Unsupported VariableType!");
  int id = addObject(ObjectType::Variable, "");
  VariableRecord v;
  v.type = type;
  v.value = defaultValue(type);
  variables_.emplace(id, std::move(v));
  sendMessage(id, msg::VM_CREATE, {});
  return id;
}

void Kernel::deleteVariable(int id) {
  variable(id);
  sendMessage(id, msg::VM_DELETE, {});
  removeObject(id);
  variables_.erase(id);
}

// PHP casts "12abc" to 12 and "abc" to 0 with a warning ("A non-numeric value", "A well formed
// numeric value..."); Symcon's SetValue on a number variable does the same, so the emulator warns.
static bool isNumericText(const std::string& s) {
  const char* begin = s.c_str();
  char* end = nullptr;
  std::strtod(begin, &end);
  if (end == begin) return false;
  while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') ++end;
  return *end == '\0';
}

void Kernel::setValue(int id, const Value& value) { setValue(id, variable(id), value); }

void Kernel::setValue(int id, VariableRecord& v, const Value& value) {
  // A value of the variable's type is what convertValue gives for it: taken without the call
  // (a variable is mostly set with its own type, for every value of every report).
  Value converted = typeOf(value) == v.type ? value : convertValue(value, v.type);
  if (value.index() == 3 && (v.type == VariableType::Integer || v.type == VariableType::Float) &&
      !isNumericText(std::get<std::string>(value)))
    logMessage(id, msg::KL_WARNING,
               "SetValue: \"" + std::get<std::string>(value).substr(0, 64) + "\" is not a number; variable #" +
                   std::to_string(id) + " is set to " + valueToString(converted));
  if (v.type == VariableType::String && std::get<std::string>(converted).size() > 1024 * 1024)
    throw KernelError("String value exceeds the limit of 1024 KiB");
  // VM_UPDATE Data: new value, changed, old value, timestamp, change timestamp, old timestamp.
  // Built only when someone listens: most values have no listener, and this runs for every value
  // of every report (nor is the old value kept then: a copy of a text per set).
  // (A count of variables with VM_UPDATE receivers spares the map search when there are none:
  // a server has a receiver entry per meter device, none of them for VM_UPDATE.)
  const bool listened = messagesObserved() ||
                        (updateSenders_ > 0 && messageReceivers_.find({id, msg::VM_UPDATE}) != messageReceivers_.end());
  const std::int64_t oldUpdated = v.updated;
  const std::int64_t t = nowSeconds();
  const bool changed = !valuesEqual(v.value, converted);
  Value old = listened ? std::move(v.value) : Value();
  v.value = std::move(converted);
  v.updated = t;
  if (changed) v.changed = t;
  dirtyValues_.push_back(id);
  if (dirtyValues_.size() > 2 * dirtyValuesDeduped_ + 4096) {  // many sets before a commit: stay bounded
    sortUniqueIds(dirtyValues_);
    dirtyValuesDeduped_ = dirtyValues_.size();
  }
  if (listened) sendMessage(id, msg::VM_UPDATE, {v.value, changed, old, t, v.changed, oldUpdated});
}

Value Kernel::getValue(int id) const { return getVariable(id).value; }

std::string Kernel::getValueFormatted(int id) const {
  const auto& v = getVariable(id);
  const std::string& name = v.customProfile.empty() ? v.profile : v.customProfile;
  auto it = profiles_.find(name);
  return formatValue(v.value, it == profiles_.end() ? nullptr : &it->second);
}

void Kernel::setVariableCustomProfile(int id, const std::string& profile) {
  auto& v = variable(id);
  if (!profile.empty() && !variableProfileExists(profile)) throw KernelError("Profile #" + profile + " does not exist");
  v.customProfile = profile;
  touchObject(id);
  sendMessage(id, msg::VM_CHANGEPROFILENAME, {profile});
}

void Kernel::setVariableCustomAction(int id, int actionId) {
  variable(id).customAction = actionId;
  touchObject(id);
  sendMessage(id, msg::VM_CHANGEPROFILEACTION, {static_cast<std::int64_t>(actionId)});
}

void Kernel::requestAction(int variableId, const Value& value) {
  const auto& v = variable(variableId);
  int target = v.customAction > 1 ? v.customAction : v.action;
  if (target < 10000 || !instanceExists(target)) throw KernelError("Action is invalid");
  requestActionInstance(target, object(variableId).ident, value);
}

// --- profiles -------------------------------------------------------------------------------

Profile& Kernel::mutableProfile(const std::string& name) {
  auto it = profiles_.find(name);
  if (it == profiles_.end()) throw KernelError("Profile #" + name + " does not exist");
  if (it->second.readOnly) throw KernelError("Profile #" + name + " is a read-only system profile");
  touchProfile(name);
  return it->second;
}

void Kernel::createVariableProfile(const std::string& name, VariableType type) {
  if (name.empty()) throw KernelError("Profile name cannot be empty");
  if (name[0] == '~') throw KernelError("Profile names starting with ~ are reserved for system profiles");
  int t = static_cast<int>(type);
  if (t < 0 || t > 3) throw KernelError("Unsupported VariableType!");
  if (profiles_.count(name)) throw KernelError("Profile #" + name + " already exists");
  Profile p;
  p.name = name;
  p.type = type;
  profiles_.emplace(name, std::move(p));
  deletedProfiles_.erase(name);
  touchProfile(name);
  sendMessage(0, msg::PM_CREATE, {name});
}

void Kernel::putVariableProfile(const Profile& profile) {
  if (profile.name.empty()) throw KernelError("Profile name cannot be empty");
  int t = static_cast<int>(profile.type);
  if (t < 0 || t > 3) throw KernelError("Unsupported VariableType!");
  profiles_[profile.name] = profile;
  deletedProfiles_.erase(profile.name);
  touchProfile(profile.name);
  sendMessage(0, msg::PM_CREATE, {profile.name});
}

void Kernel::deleteVariableProfile(const std::string& name) {
  mutableProfile(name);
  profiles_.erase(name);
  dirtyProfiles_.erase(name);
  deletedProfiles_.insert(name);
  sendMessage(0, msg::PM_DELETE, {name});
}

bool Kernel::variableProfileExists(const std::string& name) const { return profiles_.count(name) != 0; }

const Profile& Kernel::getVariableProfile(const std::string& name) const {
  auto it = profiles_.find(name);
  if (it == profiles_.end()) throw KernelError("Profile #" + name + " does not exist");
  return it->second;
}

std::vector<std::string> Kernel::getVariableProfileList() const {
  std::vector<std::string> out;
  for (const auto& [name, p] : profiles_) out.push_back(name);
  return out;
}

void Kernel::setVariableProfileText(const std::string& name, const std::string& prefix, const std::string& suffix) {
  auto& p = mutableProfile(name);
  p.prefix = prefix;
  p.suffix = suffix;
  sendMessage(0, msg::PM_CHANGETEXT, {name});
}

void Kernel::setVariableProfileValues(const std::string& name, double min, double max, double step) {
  auto& p = mutableProfile(name);
  p.minValue = min;
  p.maxValue = max;
  p.stepSize = step;
  sendMessage(0, msg::PM_CHANGEVALUES, {name});
}

void Kernel::setVariableProfileDigits(const std::string& name, int digits) {
  if (digits < 0) throw KernelError("Digits must not be negative");
  mutableProfile(name).digits = digits;
  sendMessage(0, msg::PM_CHANGEDIGITS, {name});
}

void Kernel::setVariableProfileIcon(const std::string& name, const std::string& icon) {
  mutableProfile(name).icon = icon;
  sendMessage(0, msg::PM_CHANGEICON, {name});
}

void Kernel::setVariableProfileAssociation(const std::string& name, double value, const std::string& text,
                                           const std::string& icon, int color) {
  auto& p = mutableProfile(name);
  auto& list = p.associations;
  auto it = std::find_if(list.begin(), list.end(), [&](const ProfileAssociation& a) { return a.value == value; });
  if (text.empty() && icon.empty()) {
    if (it == list.end()) {
      logMessage(0, msg::KL_WARNING,
                 "Profile " + name + ": no association with value " + valueToString(value) + " to delete");
      return;
    }
    list.erase(it);
    sendMessage(0, msg::PM_ASSOCIATIONREMOVED, {name, value});
    return;
  }
  if (it != list.end()) {
    it->name = text;
    it->icon = icon;
    it->color = color;
    sendMessage(0, msg::PM_ASSOCIATIONCHANGED, {name, value});
    return;
  }
  list.push_back({value, text, icon, color});
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
  sendMessage(0, msg::PM_ASSOCIATIONADDED, {name, value});
}

}  // namespace symemu

#include "symemu/smartmetering/libs/meter_list.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "symemu/kernel/json_value.h"

namespace symemu::smartmetering {

MeterList MeterList::fromJson(const std::string& json) {
  if (json.empty()) return {};
  Poco::JSON::Parser parser;
  auto parsed = parser.parse(json);
  if (parsed.type() != typeid(Poco::JSON::Array::Ptr)) throw std::runtime_error("meter list is not a JSON array");
  return fromArray(parsed.extract<Poco::JSON::Array::Ptr>());
}

MeterList MeterList::fromArray(const Poco::JSON::Array::Ptr& arr) {
  MeterList list;
  if (!arr) throw std::runtime_error("meter list is not a JSON array");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto o = arr->getObject(static_cast<unsigned>(i));
    if (!o) throw std::runtime_error("meter list entry is not an object");
    MeterEntry e;
    e.meterId = o->optValue<std::string>("MeterID", "");
    e.interface = o->optValue<std::string>("Interface", "");
    e.manufacturer = o->optValue<std::string>("Manufacturer", "");
    e.type = o->optValue<std::string>("Type", "");
    e.lastSeen = o->optValue<Poco::Int64>("LastSeen", 0);
    e.system = o->optValue<bool>("System", false);
    e.isNew = o->optValue<bool>("New", false);
    if (e.meterId.empty()) continue;
    list.upsert(e);
  }
  return list;
}

std::string MeterList::toJson() const {
  texts_.resize(entries_.size());
  std::size_t size = 2;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (texts_[i].empty())
      texts_[i] = toJsonText({{"MeterID", e.meterId},
                              {"Interface", e.interface},
                              {"Manufacturer", e.manufacturer},
                              {"Type", e.type},
                              {"LastSeen", e.lastSeen},
                              {"System", e.system},
                              {"New", e.isNew}});
    size += texts_[i].size() + 1;
  }
  std::string out;
  out.reserve(size);
  out += '[';
  for (std::size_t i = 0; i < texts_.size(); ++i) {
    if (i) out += ',';
    out += texts_[i];
  }
  return out + "]";
}

MeterList::Updated MeterList::update(const MeterEntry& seen) {
  auto [it, added] = index_.try_emplace(keyOf(seen.meterId, seen.interface), entries_.size());
  if (added) {
    entries_.push_back(seen);
    if (entries_.back().type.empty()) entries_.back().type = "Unknown";
    return {&entries_.back(), true, true};
  }
  auto& e = entries_[it->second];
  // Later messages may leave optional attributes out: keep what is already known.
  bool changed = false;
  if (!seen.manufacturer.empty() && e.manufacturer != seen.manufacturer) {
    e.manufacturer = seen.manufacturer;
    changed = true;
  }
  if (!seen.type.empty() && e.type != seen.type) {
    e.type = seen.type;
    changed = true;
  }
  if (seen.lastSeen != e.lastSeen &&
      (seen.lastSeen < e.lastSeen || seen.lastSeen - e.lastSeen >= kLastSeenStepSeconds)) {
    e.lastSeen = seen.lastSeen;
    changed = true;
  }
  if (e.system != seen.system) {
    e.system = seen.system;
    changed = true;
  }
  // An entry's cached text is its JSON as it is: only a change makes it stale.
  if (changed && it->second < texts_.size()) texts_[it->second].clear();
  return {&e, false, changed};
}

void MeterList::markAllSeen() {
  texts_.clear();
  for (auto& e : entries_) e.isNew = false;
}

const MeterEntry* MeterList::find(const std::string& meterId, const std::string& interface) const {
  auto it = index_.find(keyOf(meterId, interface));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

int MeterList::countId(const std::string& meterId) const {
  int n = 0;
  for (const auto& e : entries_) n += e.meterId == meterId;
  return n;
}

}  // namespace symemu::smartmetering

#pragma once
// The meters a gateway has seen, as kept in its "Meters" attribute and handed to the
// configurator (GetMeters). A meter is keyed by METER_ID and INTERFACE, because one ID can
// appear on two interfaces (docs/selog-format.md §6.3).
#include <cstdint>
#include <unordered_map>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>

namespace symemu::smartmetering {

struct MeterEntry {
  std::string meterId, interface, manufacturer;
  std::string type;           // medium text ("Water"); "System" for the logger's own record
  std::int64_t lastSeen = 0;  // moves in steps of MeterList::kLastSeenStepSeconds
  bool system = false;
  bool isNew = true;  // until "mark all as seen"
};

class MeterList {
 public:
  static std::string keyOf(const std::string& meterId, const std::string& interface) {
    return meterId + '\x1f' + interface;
  }
  // Parses the attribute text; throws std::runtime_error on anything but the expected array.
  static MeterList fromJson(const std::string& json);
  static MeterList fromArray(const Poco::JSON::Array::Ptr& array);
  std::string toJson() const;

  // A known meter's LastSeen moves only when a report comes this many seconds or more after it
  // (or the clock went back): the list is persisted whenever an entry changes, and rewriting it
  // (~12 KB for 100 meters) for every second a meter reports was the largest write per commit
  // (docs/performance.md, "The meter list's LastSeen step"). The PHP edition keeps the same step (MeterList.php).
  static constexpr std::int64_t kLastSeenStepSeconds = 60;

  // Adds or updates a meter; returns true when it was not known before.
  bool upsert(const MeterEntry& seen) { return update(seen).added; }
  // The same, telling what it did: the meter's entry (valid until the list changes next), whether
  // it was added, and whether the list changed (added, or a field of the entry moved).
  struct Updated {
    const MeterEntry* entry = nullptr;
    bool added = false;
    bool changed = false;
  };
  Updated update(const MeterEntry& seen);
  void markAllSeen();
  const std::vector<MeterEntry>& entries() const { return entries_; }
  const MeterEntry* find(const std::string& meterId, const std::string& interface) const;
  // How many entries carry this METER_ID (more than one: the ID is on several interfaces).
  int countId(const std::string& meterId) const;

 private:
  std::vector<MeterEntry> entries_;                     // first-seen order
  std::unordered_map<std::string, std::size_t> index_;  // keyOf -> position in entries_
  // Each entry's JSON text, kept until the entry changes: a gateway rewrites the list whenever
  // a meter's LastSeen moves, and re-serialising every meter each time was a hot spot.
  mutable std::vector<std::string> texts_;
};

}  // namespace symemu::smartmetering

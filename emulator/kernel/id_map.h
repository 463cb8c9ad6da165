#pragma once
// Kernel records by object ID (objects, variables, instances): an unordered_map that owns them
// plus a flat index from ID to record. A server touches each meter's records once per
// thousand reports, so they are cold: the map's find costs two or three cache misses (the
// bucket, the node before it, the node), the index one (its slot) before the record itself
// (docs/performance.md, PHP edition, ninth step). IDs are 10000–59999 in Symcon; an ID outside
// the index's range (negative, or beyond kIndexedIds from an odd database) is found in the map.
//
// Threads: the kernel thread's, as the kernel's other records. Ownership: records live in the
// map's nodes and keep their address until erased (as with unordered_map). Errors: at() throws
// std::out_of_range for a missing ID, as unordered_map's.
#include <cstddef>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace symemu {

template <class Record>
class IdMap {
  using Map = std::unordered_map<int, Record>;

 public:
  using const_iterator = typename Map::const_iterator;
  static constexpr int kIndexedIds = 1 << 20;  // 8 MB of index at most

  // The record of `id`, or nullptr.
  Record* find(int id) {
    if (indexed(id)) return static_cast<std::size_t>(id) < index_.size() ? index_[id] : nullptr;
    auto it = records_.find(id);
    return it == records_.end() ? nullptr : &it->second;
  }
  const Record* find(int id) const { return const_cast<IdMap*>(this)->find(id); }
  bool contains(int id) const { return find(id) != nullptr; }

  Record& at(int id) {
    if (Record* r = find(id)) return *r;
    throw std::out_of_range("IdMap::at");
  }
  const Record& at(int id) const { return const_cast<IdMap*>(this)->at(id); }

  // The record of `id`, made (value-initialised) when missing.
  Record& operator[](int id) {
    if (Record* r = find(id)) return *r;
    return *emplace(id, Record()).first;
  }

  // As unordered_map::emplace: an existing record is kept and `record` dropped.
  std::pair<Record*, bool> emplace(int id, Record&& record) {
    if (Record* r = find(id)) return {r, false};
    Record* added = &records_.emplace(id, std::move(record)).first->second;
    if (indexed(id)) {
      if (static_cast<std::size_t>(id) >= index_.size()) index_.resize(static_cast<std::size_t>(id) + 1, nullptr);
      index_[id] = added;
    }
    return {added, true};
  }

  void erase(int id) {
    if (indexed(id) && static_cast<std::size_t>(id) < index_.size()) index_[id] = nullptr;
    records_.erase(id);
  }

  void clear() {
    records_.clear();
    index_.clear();
  }

  std::size_t size() const { return records_.size(); }
  // In the map's order, as before the index (callers that need an order sort).
  const_iterator begin() const { return records_.begin(); }
  const_iterator end() const { return records_.end(); }

 private:
  static bool indexed(int id) { return id >= 0 && id < kIndexedIds; }

  Map records_;
  std::vector<Record*> index_;  // index_[id]: the record of id, or nullptr
};

}  // namespace symemu

#pragma once
// The kernel's kept SendDebug entries (Kernel::debugEntries): the last `capacity` entries, and
// when full the older half dropped, as a vector erased at its front would keep them, but in a
// ring of slots that are written over. A slot's texts keep their memory, so an entry given as
// views (a PHP module's SendDebug: its texts stay PHP strings) is copied into it without an
// allocation once the ring has gone round (docs/performance.md, "Tenth step: the kernel's side of
// the module calls").
//
// Threads: the kernel thread only (no locking). Ownership: the entries are owned here; the
// reference push() returns is valid until the next push(). Errors: none (allocation aside).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "symemu/kernel/records.h"

namespace symemu {

class DebugLog {
 public:
  explicit DebugLog(std::size_t capacity);

  // Adds the newest entry; the texts are taken (moved) or copied into the slot's memory.
  const DebugEntry& push(double time, int id, std::string&& message, std::string&& data, int format);
  const DebugEntry& push(double time, int id, std::string_view message, std::string_view data, int format);

  std::size_t size() const { return count_; }
  // Oldest first.
  template <class F>
  void forEach(F&& f) const {
    for (std::size_t i = 0; i < count_; ++i) f(slots_[(head_ + i) % capacity_]);
  }

 private:
  DebugEntry& next();  // the slot of the entry being added (a full log drops its older half first)

  std::size_t capacity_;
  std::vector<DebugEntry> slots_;  // grows to capacity_, then reused
  std::size_t head_ = 0, count_ = 0;
};

}  // namespace symemu

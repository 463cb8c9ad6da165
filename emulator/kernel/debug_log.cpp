#include "symemu/kernel/debug_log.h"

#include <algorithm>

namespace symemu {

namespace {

// A text kept in a slot: copied into the memory the slot already has, unless that is far larger
// than the text (one huge entry would otherwise keep its memory for as long as the slot lives).
void keep(std::string& slot, std::string_view text) {
  constexpr std::size_t kKeptSpare = 64 * 1024;
  if (slot.capacity() > kKeptSpare && slot.capacity() > 2 * text.size())
    std::string().swap(slot);  // lets the large buffer go
  slot.assign(text.data(), text.size());
}

}  // namespace

// Two slots at least: a capacity of 0 or 1 keeps the newest entry and the one before it (what the
// erased vector kept for 1).
DebugLog::DebugLog(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 2)) {}

DebugEntry& DebugLog::next() {
  if (count_ >= capacity_) {
    const std::size_t dropped = count_ / 2;
    head_ += dropped;  // (no division: it runs per entry)
    if (head_ >= capacity_) head_ -= capacity_;
    count_ -= dropped;
  }
  std::size_t at = head_ + count_;
  if (at >= capacity_) at -= capacity_;
  ++count_;
  if (at == slots_.size()) slots_.emplace_back();  // the ring still growing: `at` is its end
  return slots_[at];
}

const DebugEntry& DebugLog::push(double time, int id, std::string&& message, std::string&& data, int format) {
  DebugEntry& e = next();
  e.time = time;
  e.instanceId = id;
  e.message = std::move(message);
  e.data = std::move(data);
  e.format = format;
  return e;
}

const DebugEntry& DebugLog::push(double time, int id, std::string_view message, std::string_view data, int format) {
  DebugEntry& e = next();
  e.time = time;
  e.instanceId = id;
  keep(e.message, message);
  keep(e.data, data);
  e.format = format;
  return e;
}

}  // namespace symemu

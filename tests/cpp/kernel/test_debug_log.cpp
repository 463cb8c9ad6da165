// The kernel's kept debug entries (emulator/kernel/debug_log.h): a ring of reused slots must
// keep exactly what the vector it replaced kept (the last entries, the older half dropped when
// full), whichever way the texts come (moved or copied from views), and a slot written over must
// show only its new texts.
#include <catch2/catch.hpp>

#include <deque>
#include <random>

#include "symemu/kernel/debug_log.h"
#include "symemu/kernel/kernel.h"

using namespace symemu;

namespace {

// What Kernel::sendDebug did before the ring: a vector erased at its front.
struct VectorModel {
  std::size_t capacity;
  std::deque<DebugEntry> kept;
  void push(DebugEntry e) {
    if (kept.size() >= capacity) kept.erase(kept.begin(), kept.begin() + static_cast<long>(kept.size() / 2));
    kept.push_back(std::move(e));
  }
};

std::string describe(const DebugEntry& e) {
  return std::to_string(e.time) + "|" + std::to_string(e.instanceId) + "|" + e.message + "|" + e.data + "|" +
         std::to_string(e.format);
}

std::vector<std::string> keptOf(const DebugLog& log) {
  std::vector<std::string> out;
  log.forEach([&](const DebugEntry& e) { out.push_back(describe(e)); });
  return out;
}

std::vector<std::string> keptOf(const VectorModel& model) {
  std::vector<std::string> out;
  for (const auto& e : model.kept) out.push_back(describe(e));
  return out;
}

}  // namespace

TEST_CASE("The debug ring keeps what the erased vector kept", "[kernel][debug]") {
  std::mt19937 random(11);
  for (std::size_t capacity : {2, 3, 4, 7, 16}) {
    DebugLog log(capacity);
    VectorModel model{capacity, {}};
    for (int i = 0; i < 200; ++i) {
      // Texts of changing lengths: short ones (in the string itself) and long ones (allocated),
      // so that reused slots get both shorter and longer texts than they held.
      const std::string message = "m" + std::to_string(i) + std::string(random() % 40, 'x');
      const std::string data = std::string(random() % 100, static_cast<char>('a' + i % 26)) + std::to_string(i);
      const int format = i % 2;
      const DebugEntry* pushed;
      if (random() % 2)
        pushed = &log.push(i, 100 + i % 3, std::string_view(message), std::string_view(data), format);
      else
        pushed = &log.push(i, 100 + i % 3, std::string(message), std::string(data), format);
      CHECK(pushed->message == message);
      CHECK(pushed->data == data);
      model.push(DebugEntry{static_cast<double>(i), 100 + i % 3, message, data, format});
      REQUIRE(log.size() == model.kept.size());
      REQUIRE(keptOf(log) == keptOf(model));
    }
  }
}

TEST_CASE("A capacity below two keeps the newest entry and the one before", "[kernel][debug]") {
  for (std::size_t capacity : {0, 1}) {
    DebugLog log(capacity);
    for (int i = 0; i < 5; ++i) log.push(i, 1, std::string_view("m"), std::string_view(std::to_string(i)), 0);
    const auto kept = keptOf(log);
    REQUIRE(kept.size() == 2);
    CHECK(kept.back().find("|4|") != std::string::npos);
  }
}

TEST_CASE("A slot that held a huge text gives its memory back", "[kernel][debug]") {
  DebugLog log(2);
  log.push(0, 1, std::string_view("big"), std::string(1 << 20, 'b'), 0);
  log.push(1, 1, std::string_view("small"), std::string_view("s"), 0);
  log.push(2, 1, std::string_view("small"), std::string_view("t"), 0);  // drops one, reuses its slot
  log.push(3, 1, std::string_view("small"), std::string_view("u"), 0);
  std::size_t largest = 0;
  log.forEach([&](const DebugEntry& e) { largest = std::max(largest, e.data.capacity()); });
  CHECK(largest < 64 * 1024);
}

TEST_CASE("Kernel debug entries through the ring: order, instances, both ways in", "[kernel][debug]") {
  KernelOptions o;  // in memory
  o.logCapacity = 4;
  Kernel k(o);
  std::vector<std::string> sunk;
  k.setDebugSink([&](const DebugEntry& e) { sunk.push_back(e.message + "=" + e.data); });
  std::string scratch = "first text, long enough to be allocated";
  k.sendDebugText(11, scratch, "a", 0);
  scratch = "second";  // the caller's text changes: the kept entry must not
  k.sendDebug(12, "moved", "b", 1);
  k.sendDebugText(11, scratch, "c", 0);
  REQUIRE(k.debugEntries(0).size() == 3);
  CHECK(k.debugEntries(0)[0].message == "first text, long enough to be allocated");
  CHECK(k.debugEntries(11).size() == 2);
  CHECK(k.debugEntries(11)[1].message == "second");
  CHECK(k.debugEntries(12)[0].format == 1);
  k.sendDebugText(11, "d", "d", 0);  // full: four kept
  k.sendDebugText(13, "e", "e", 0);  // the older half dropped first
  const auto all = k.debugEntries(0);
  REQUIRE(all.size() == 3);
  CHECK(all[0].message == "second");
  CHECK(all[1].message == "d");
  CHECK(all[2].message == "e");
  CHECK(sunk.size() == 5);
  CHECK(sunk[0] == "first text, long enough to be allocated=a");
}

#pragma once
// Where a replay sends its events: the in-process kernel or network targets. The runner moves
// the player to each event's time offset, then plays the event. Implementations:
// KernelReplayPlayer (a kernel in this process) and NetworkPlayer (running servers).
#include <string>

#include "symemu/harness/fixture.h"

namespace symemu::harness {

struct PlayResult {
  enum class Kind { Played, Skipped, Failed };
  Kind kind = Kind::Played;
  std::string message;  // why it was skipped or failed
  static PlayResult played() { return {}; }
  static PlayResult skipped(std::string why) { return {Kind::Skipped, std::move(why)}; }
  static PlayResult failed(std::string why) { return {Kind::Failed, std::move(why)}; }
};

class ReplayPlayer {
 public:
  virtual ~ReplayPlayer() = default;
  // Brings the target to `offset` seconds after the fixture start (manual clock or real pause).
  virtual void moveTo(double offset) = 0;
  virtual PlayResult play(const FixtureEvent& event) = 0;
  // After the last event: flush, commit, disconnect.
  virtual void finish() {}
};

}  // namespace symemu::harness

#pragma once
// Plays a parsed fixture through a player: moves to each event's offset, plays it, reports
// malformed lines and failed events as "<file>:<line>: <message>" in line order, and counts.
// Threads: the caller's. Errors: none escape; a player that throws counts as a failed event.
#include <functional>
#include <string>
#include <vector>

#include "symemu/harness/fixture.h"
#include "symemu/harness/replay_player.h"

namespace symemu::harness {

struct ReplayError {
  int line = 0;
  std::string label;  // "mqtt echo/a", or "fixture" for a malformed line
  std::string message;
};

struct ReplayReport {
  std::size_t events = 0, played = 0, skipped = 0;
  std::vector<ReplayError> errors;  // in line order
  std::size_t logProblems = 0;      // kernel log errors/warnings seen (in-process only)
  double seconds = 0;
  std::string summary(const std::string& file) const;  // one line for people
};

struct ReplayHooks {
  std::function<void(const std::string&)> report;             // error lines (and notes when verbose)
  std::function<std::vector<std::string>()> takeLogProblems;  // kernel log after each event
  bool verbose = false;
  // After each event (finished=false) and once at the end (finished=true).
  std::function<void(std::size_t done, std::size_t errors, bool finished)> progress;
};

ReplayReport runReplay(const Fixture& fixture, ReplayPlayer& player, const ReplayHooks& hooks);

}  // namespace symemu::harness

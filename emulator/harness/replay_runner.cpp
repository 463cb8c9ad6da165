#include "symemu/harness/replay_runner.h"

#include <chrono>
#include <cstdio>

namespace symemu::harness {

std::string ReplayReport::summary(const std::string& file) const {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f events/s", seconds,
                seconds > 0 ? static_cast<double>(played) / seconds : 0.0);
  std::string s = "replay: " + file + ": " + std::to_string(events) + " events, " + std::to_string(played) +
                  " played, " + std::to_string(skipped) + " skipped, " + std::to_string(errors.size()) +
                  (errors.size() == 1 ? " error, " : " errors, ") + rate;
  if (logProblems) s += " (kernel logged " + std::to_string(logProblems) + " errors/warnings; --verbose shows them)";
  return s;
}

ReplayReport runReplay(const Fixture& fx, ReplayPlayer& player, const ReplayHooks& hooks) {
  ReplayReport r;
  r.events = fx.events.size();
  auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& line) {
    if (!hooks.report) return;
    hooks.report(line);
  };
  std::size_t nextProblem = 0;
  auto flushProblemsBefore = [&](int line) {
    while (nextProblem < fx.problems.size() && fx.problems[nextProblem].line < line) {
      const auto& p = fx.problems[nextProblem++];
      r.errors.push_back({p.line, "fixture", p.message});
      say(fx.where(p.line) + ": " + p.message);
    }
  };
  std::size_t done = 0;
  for (const auto& e : fx.events) {
    flushProblemsBefore(e.line);
    PlayResult result;
    try {
      player.moveTo(e.t);
      result = player.play(e);
    } catch (const std::exception& ex) {
      result = PlayResult::failed(ex.what());
    }
    switch (result.kind) {
      case PlayResult::Kind::Played:
        ++r.played;
        break;
      case PlayResult::Kind::Skipped:
        ++r.skipped;
        if (hooks.verbose) say(fx.where(e.line) + ": skipped " + e.label() + ": " + result.message);
        break;
      case PlayResult::Kind::Failed:
        r.errors.push_back({e.line, e.label(), result.message});
        say(fx.where(e.line) + ": " + e.label() + ": " + result.message);
        break;
    }
    if (hooks.takeLogProblems) {
      for (const auto& text : hooks.takeLogProblems()) {
        ++r.logProblems;
        if (hooks.verbose) say(fx.where(e.line) + ": kernel log: " + text);
      }
    }
    ++done;
    if (hooks.progress) hooks.progress(done, r.errors.size(), false);
  }
  flushProblemsBefore(fx.lines + 2);
  try {
    player.finish();
  } catch (const std::exception& ex) {
    r.errors.push_back({fx.lines, "finish", ex.what()});
    say(fx.file + ": finishing the replay failed: " + ex.what());
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (hooks.progress) hooks.progress(done, r.errors.size(), true);
  return r;
}

}  // namespace symemu::harness

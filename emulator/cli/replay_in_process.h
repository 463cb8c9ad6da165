#pragma once
// Replay into a fresh kernel in this process: no sockets, a manual clock moved to each event's
// offset, MQTT through MqttServerModule::injectPublish and HTTP through
// WebHookControlModule::dispatch — the same code paths a network client reaches.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "replay_events.h"  // splitHookTarget, which users of this header have reached through it
#include "replay_player.h"
#include "serve_setup.h"

namespace symemu::cli {

struct InProcessSettings {
  std::string database = ":memory:";
  std::uint64_t seed = 1;
  bool autoCreate = false;
  std::string password;                // Basic-auth password for http events with a user
  std::optional<double> start;         // Unix seconds of offset 0 (default: the kernel's manual start)
  int maxObjects = 0;                  // > 0: object IDs 10000..10000+N-1 when wider than the default
  std::vector<std::string> libraries;  // --library folders (C++ or PHP; same id replaces a built-in)
};

class InProcessPlayer : public ReplayPlayer {
 public:
  explicit InProcessPlayer(const InProcessSettings& settings);
  ~InProcessPlayer() override;
  void moveTo(double offset) override;
  PlayResult play(const FixtureEvent& event) override;
  void finish() override;

  Kernel& kernel() { return *kernel_; }
  // Kernel log entries of type error or warning since the last call ("sender: message").
  std::vector<std::string> takeLogProblems();

 private:
  // Runs posted work; commits (acknowledgements wait for the commit) when `commitNow` or when
  // kCommitEvery settles have passed since the last commit.
  void settle(bool commitNow);

  // Committing after every event bounded replay by one SQLite transaction per event (a meter's
  // MQTT message); batching gives the same kernel state, fewer and larger transactions.
  static constexpr int kCommitEvery = 64;

  InProcessSettings settings_;
  std::unique_ptr<Kernel> kernel_;
  DefaultChains chains_;
  double start_ = 0;
  int settlesSinceCommit_ = 0;
  std::vector<std::string> logProblems_;
};

}  // namespace symemu::cli

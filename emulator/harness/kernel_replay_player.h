#pragma once
// The one player that plays fixture events (fixture.h) into a kernel: `symemu replay`'s
// in-process target (on an InProcessKernel) and Python's Kernel.replay() (on a Python Kernel)
// both use it. Events play through replay_events.h; "advance" and the time offsets move a
// manual clock (offset 0 is the fixture's start, or the kernel's time when it is already past
// it); with a real clock offsets are not waited for and "advance" fails.
// Threads: the caller's, which must be allowed to call host.run().
// Errors: play() never throws (a failure is a PlayResult); the constructor throws when the
// default chains or a library's auto-create cannot be set up.
#include <optional>
#include <string>
#include <vector>

#include "symemu/harness/default_chains.h"
#include "symemu/harness/kernel_host.h"
#include "symemu/harness/replay_player.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu::harness {

struct KernelReplaySettings {
  std::string password;         // Basic-auth password for http events with a user; "${PASSWORD}"
  bool autoCreate = false;      // the libraries' auto-create (library_plugin.h), like --auto-create
  std::optional<double> start;  // Unix seconds of offset 0 (the fixture's "start")
};

class KernelReplayPlayer : public ReplayPlayer {
 public:
  // `host` and `libraries` must outlive the player.
  KernelReplayPlayer(KernelHost& host, const LibraryCatalog& libraries, const KernelReplaySettings& settings);
  void moveTo(double offset) override;
  PlayResult play(const FixtureEvent& event) override;
  void finish() override;
  std::vector<std::string> takeLogProblems() { return host_.takeLogProblems(); }
  double start() const { return start_; }  // kernel time of offset 0
  const DefaultChains& chains() const { return chains_; }

 private:
  KernelHost& host_;
  const LibraryCatalog& libraries_;
  KernelReplaySettings settings_;
  DefaultChains chains_;
  double start_ = 0;
  bool manual_ = true;
};

}  // namespace symemu::harness

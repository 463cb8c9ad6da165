#pragma once
// Plays fixture events (emulator/cli/fixture.h) into a kernel Python already owns: the same
// events and semantics as `symemu replay` in process (InProcessPlayer), but on an existing
// kernel, each event one kernel call that commits before the next. With a real clock the time
// offsets are not waited for and "advance" actions fail.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "py_kernel.h"
#include "replay_player.h"
#include "serve_setup.h"

namespace symemu::python {

struct KernelReplaySettings {
  std::string password;     // Basic-auth password for http events with a user; "${PASSWORD}"
  bool autoCreate = false;  // a SmartLogDiscovery under the MQTT Server, like --auto-create
  // The fixture's start: a manual clock still before it is moved there first; one already past
  // it plays the offsets from its current time (Kernel(clock_start=...) gives the CLI's times).
  std::optional<double> start;
};

class KernelReplayPlayer : public cli::ReplayPlayer {
 public:
  // The GIL must be released for the whole life of the player: every call goes through
  // PyKernel::runReleased.
  KernelReplayPlayer(PyKernel& kernel, const KernelReplaySettings& settings);
  ~KernelReplayPlayer() override;
  void moveTo(double offset) override;
  cli::PlayResult play(const cli::FixtureEvent& event) override;
  void finish() override {}
  std::vector<std::string> takeLogProblems();  // "sender: message" of KL_ERROR/KL_WARNING entries
  double start() const { return start_; }      // kernel time of offset 0

 private:
  PyKernel& kernel_;
  KernelReplaySettings settings_;
  cli::DefaultChains chains_;
  double start_ = 0;
  bool manual_ = true;
  std::mutex problemsMutex_;  // the log sink runs on the kernel thread with a real clock
  std::vector<std::string> problems_;
};

}  // namespace symemu::python

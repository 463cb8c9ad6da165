#include "kernel_replay_player.h"

#include "replay_events.h"

namespace symemu::python {

KernelReplayPlayer::KernelReplayPlayer(PyKernel& kernel, const KernelReplaySettings& settings)
    : kernel_(kernel), settings_(settings) {
  kernel_.runReleased([this](Kernel& k) {
    chains_ = cli::ensureDefaultChains(k);
    if (settings_.autoCreate) cli::finishDefaultChains(k, chains_, true);
    manual_ = k.manualClock();
    if (manual_ && settings_.start && *settings_.start > k.now()) k.advance(*settings_.start - k.now());
    start_ = k.now();
    // Last: only a player that was fully constructed (and so is destroyed) installs the sink.
    k.setLogSink([this](const LogEntry& e) {
      if (e.type != msg::KL_ERROR && e.type != msg::KL_WARNING) return;
      std::lock_guard<std::mutex> lock(problemsMutex_);
      problems_.push_back((e.sender.empty() ? std::string("kernel") : e.sender) + ": " + e.message);
    });
  });
}

KernelReplayPlayer::~KernelReplayPlayer() {
  try {
    kernel_.runReleased([](Kernel& k) { k.setLogSink({}); });
  } catch (...) {
    // the kernel was closed meanwhile: nothing left to detach from
  }
}

std::vector<std::string> KernelReplayPlayer::takeLogProblems() {
  std::lock_guard<std::mutex> lock(problemsMutex_);
  std::vector<std::string> out;
  out.swap(problems_);
  return out;
}

void KernelReplayPlayer::moveTo(double offset) {
  if (!manual_) return;  // a real clock is not waited for: events play as fast as they come
  kernel_.runReleased([this, offset](Kernel& k) {
    double target = start_ + offset;
    if (target > k.now()) k.advance(target - k.now());
  });
}

cli::PlayResult KernelReplayPlayer::play(const cli::FixtureEvent& e) {
  try {
    return kernel_.runReleased([this, &e](Kernel& k) {
      if (!cli::isAdvanceEvent(e)) return cli::playKernelEvent(k, e, chains_, settings_.password);
      k.advance(e.seconds);  // refused with a real clock ("needs the manual clock")
      return cli::PlayResult::played();
    });
  } catch (const std::exception& ex) {
    return cli::PlayResult::failed(ex.what());
  }
}

}  // namespace symemu::python

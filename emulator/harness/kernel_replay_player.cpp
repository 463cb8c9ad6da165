#include "symemu/harness/kernel_replay_player.h"

#include "symemu/harness/replay_events.h"

namespace symemu::harness {

KernelReplayPlayer::KernelReplayPlayer(KernelHost& host, const LibraryCatalog& libraries,
                                       const KernelReplaySettings& settings)
    : host_(host), libraries_(libraries), settings_(settings) {
  host_.run(
      [this](Kernel& k) {
        chains_ = ensureDefaultChains(k);
        libraries_.setUpSession(k, chains_, settings_.autoCreate);
        manual_ = k.manualClock();
        if (manual_ && settings_.start && *settings_.start > k.now()) k.advance(*settings_.start - k.now());
        start_ = k.now();
      },
      true);
}

void KernelReplayPlayer::moveTo(double offset) {
  if (!manual_) return;  // a real clock is not waited for: events play as fast as they come
  host_.run([this, offset](Kernel& k) {
    double target = start_ + offset;
    if (target > k.now()) k.advance(target - k.now());
  });
}

PlayResult KernelReplayPlayer::play(const FixtureEvent& e) {
  PlayResult result;
  try {
    host_.run([this, &e, &result](Kernel& k) {
      if (isAdvanceEvent(e))
        k.advance(e.seconds);  // refused with a real clock ("needs the manual clock")
      else
        result = playKernelEvent(k, e, chains_, settings_.password, libraries_);
    });
  } catch (const std::exception& ex) {
    // A commit that failed after the event played is the host's "commit failed: ..." message.
    if (result.kind != PlayResult::Kind::Failed) result = PlayResult::failed(ex.what());
  }
  return result;
}

void KernelReplayPlayer::finish() {
  host_.run([](Kernel&) {}, true);
}

}  // namespace symemu::harness

#include "replay_in_process.h"

#include <iostream>

#include <algorithm>

#include "runtime/runtime.h"

namespace symemu::cli {

InProcessPlayer::InProcessPlayer(const InProcessSettings& settings) : settings_(settings) {
  auto opts = defaultKernelOptions(settings.database);
  opts.clock = "manual";
  opts.networkEnabled = false;
  opts.seed = settings.seed;
  if (settings.start) opts.clockStart = *settings.start;
  if (settings.maxObjects > 0) opts.idHigh = std::max(opts.idHigh, opts.idLow + settings.maxObjects - 1);
  for (const auto& problem : addLibraries(opts, settings.libraries)) std::cerr << "symemu: " << problem << std::endl;
  kernel_ = std::make_unique<Kernel>(opts);
  kernel_->setLogSink([this](const LogEntry& e) {
    if (e.type == msg::KL_ERROR || e.type == msg::KL_WARNING)
      logProblems_.push_back((e.sender.empty() ? std::string("kernel") : e.sender) + ": " + e.message);
  });
  chains_ = ensureDefaultChains(*kernel_);
  kernel_->applyChanges(chains_.mqttServer);
  finishDefaultChains(*kernel_, chains_, settings.autoCreate);
  settle(true);
  start_ = kernel_->now();
}

InProcessPlayer::~InProcessPlayer() {
  if (kernel_) kernel_->setLogSink({});
}

std::vector<std::string> InProcessPlayer::takeLogProblems() {
  std::vector<std::string> out;
  out.swap(logProblems_);
  return out;
}

void InProcessPlayer::settle(bool commitNow) {
  kernel_->runPosted();
  if (!commitNow && ++settlesSinceCommit_ < kCommitEvery) return;
  settlesSinceCommit_ = 0;
  kernel_->commit();
  kernel_->runPosted();
}

void InProcessPlayer::moveTo(double offset) {
  double target = start_ + offset;
  if (target > kernel_->now()) kernel_->advance(target - kernel_->now());
  settle(false);
}

PlayResult InProcessPlayer::play(const FixtureEvent& e) {
  PlayResult r;
  try {
    if (isAdvanceEvent(e)) {
      kernel_->advance(e.seconds);
    } else {
      r = playKernelEvent(*kernel_, e, chains_, settings_.password);
    }
  } catch (const std::exception& ex) {
    r = PlayResult::failed(ex.what());
  }
  try {
    settle(false);
  } catch (const std::exception& ex) {
    if (r.kind != PlayResult::Kind::Failed) r = PlayResult::failed(std::string("commit failed: ") + ex.what());
  }
  return r;
}

void InProcessPlayer::finish() { settle(true); }

}  // namespace symemu::cli

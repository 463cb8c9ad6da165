#include "symemu/kernel/kernel_thread.h"

#include <algorithm>

#include "symemu/kernel/thread_name.h"

namespace symemu {

KernelThread::KernelThread(Kernel& kernel, std::size_t maxBatch, std::chrono::milliseconds commitDelay)
    : kernel_(kernel), maxBatch_(maxBatch), commitDelay_(std::max(commitDelay, std::chrono::milliseconds(0))) {}

KernelThread::~KernelThread() { stop(); }

void KernelThread::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  kernel_.setExecutor([this](std::function<void()> task) { post(std::move(task)); });
  thread_ = std::thread([this] { run(); });
}

void KernelThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  kernel_.setExecutor(nullptr);
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
}

void KernelThread::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

// Sleeps until work is queued, the next timer is due or a paced commit is due, whichever is first.
void KernelThread::waitForWork(std::unique_lock<std::mutex>& lock) {
  auto ready = [this] { return stopping_ || !queue_.empty(); };
  std::optional<std::chrono::duration<double>> limit;
  if (!kernel_.manualClock())
    if (auto due = kernel_.nextTimerDue())
      limit = std::chrono::duration<double>(std::min(*due - kernel_.now(), 3600.0));
  if (commitDue_) {
    std::chrono::duration<double> left = *commitDue_ - std::chrono::steady_clock::now();
    limit = limit ? std::min(*limit, left) : left;
  }
  if (!limit)
    wake_.wait(lock, ready);
  else if (limit->count() > 0)
    wake_.wait_for(lock, *limit, ready);
}

// True when this batch's changes may wait for later batches: nobody waits on them, and the
// oldest of them has waited less than commitDelay_.
bool KernelThread::commitCanWait(bool stopping) {
  if (stopping || commitDelay_.count() == 0 || kernel_.hasCommitWaiters() || !kernel_.hasUncommittedChanges())
    return false;
  auto now = std::chrono::steady_clock::now();
  if (!commitDue_) commitDue_ = now + commitDelay_;
  return now < *commitDue_;
}

void KernelThread::commit() {
  commitDue_.reset();
  try {
    kernel_.commit();
    ++commits_;
  } catch (const std::exception& e) {
    kernel_.logMessage(0, msg::KL_ERROR, std::string("commit failed: ") + e.what());
  }
}

void KernelThread::run() {
  nameThisThread("kernel");
  std::deque<std::function<void()>> batch;
  kernel_.runPosted();  // work posted before the executor was installed
  for (;;) {
    bool stopping;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      waitForWork(lock);
      stopping = stopping_;
      if (stopping && queue_.empty()) break;
      std::size_t n = std::min(queue_.size(), maxBatch_);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (auto& task : batch) {
      try {
        task();
      } catch (const std::exception& e) {
        kernel_.logMessage(0, msg::KL_ERROR, std::string("kernel task failed: ") + e.what());
      }
    }
    if (!batch.empty()) ++batches_;
    batch.clear();
    try {
      if (!kernel_.manualClock()) kernel_.runDueTimers();
    } catch (const std::exception& e) {
      kernel_.logMessage(0, msg::KL_ERROR, std::string("timers failed: ") + e.what());
    }
    if (!commitCanWait(stopping)) commit();
  }
  commit();
}

}  // namespace symemu

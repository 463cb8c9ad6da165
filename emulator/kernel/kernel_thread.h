#pragma once
// The one thread that owns the kernel (docs/architecture.md §2). Network threads post work here and,
// where their answer depends on it, wait for it. Work is drained in batches and committed to the
// database in one transaction; waiters are released only after the transaction that holds their
// work committed.
//
// Commit pacing (docs/performance.md, "Commit pacing"): a batch that nobody waits on (no
// afterCommit action: QoS 0 reports, timers, posted work) may stay uncommitted for up to
// `commitDelay` while later batches join it, so one transaction writes each changed page once
// instead of once per batch. A batch with a waiter (PUBACK, HTTP answer, API call, call())
// commits at once, taking the deferred changes with it; stop() commits everything. 0 turns pacing
// off (a commit after every batch).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "symemu/kernel/kernel.h"

namespace symemu {

class KernelThread {
 public:
  static constexpr std::chrono::milliseconds kDefaultCommitDelay{10};

  explicit KernelThread(Kernel& kernel, std::size_t maxBatch = 4096,
                        std::chrono::milliseconds commitDelay = kDefaultCommitDelay);
  ~KernelThread();
  KernelThread(const KernelThread&) = delete;
  KernelThread& operator=(const KernelThread&) = delete;

  void start();
  void stop();  // runs what is queued, commits, joins
  void post(std::function<void()> task);
  bool onKernelThread() const { return std::this_thread::get_id() == thread_.get_id(); }
  std::size_t batches() const { return batches_; }  // batches run (read after stop())
  std::size_t commits() const { return commits_; }  // commits made (read after stop())

  // Runs fn on the kernel thread; returns its result once the batch it ran in has committed.
  // Exceptions from fn are rethrown here; a failed commit throws KernelError.
  template <class F>
  auto call(F fn) -> decltype(fn()) {
    using R = decltype(fn());
    if (onKernelThread()) return fn();
    auto promise = std::make_shared<std::promise<R>>();
    auto future = promise->get_future();
    // Only the task and then its afterCommit action own the promise: a failed commit drops the
    // action (nothing may be acknowledged), which breaks the promise and so answers here.
    post([this, promise = std::move(promise), fn = std::move(fn)]() mutable {
      try {
        if constexpr (std::is_void_v<R>) {
          fn();
          kernel_.afterCommit([promise] { promise->set_value(); });
        } else {
          auto result = std::make_shared<R>(fn());
          kernel_.afterCommit([promise, result] { promise->set_value(std::move(*result)); });
        }
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    });
    try {
      return future.get();
    } catch (const std::future_error&) {
      throw KernelError(Kernel::kNotCommitted);
    }
  }

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;

  void run();
  void waitForWork(std::unique_lock<std::mutex>& lock);
  bool commitCanWait(bool stopping);
  void commit();

  Kernel& kernel_;
  std::size_t maxBatch_;
  std::chrono::milliseconds commitDelay_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  bool running_ = false;
  std::size_t batches_ = 0;
  std::size_t commits_ = 0;
  std::optional<SteadyTime> commitDue_;  // set while changes wait for a paced commit
  std::thread thread_;
};

}  // namespace symemu

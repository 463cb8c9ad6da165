#pragma once
// The one thread that owns the kernel (docs/architecture.md §2). Network threads post work here and,
// where their answer depends on it, wait for it. Work is drained in batches; each batch is one
// database transaction, and waiters are released only after their batch committed.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include "symemu/kernel/kernel.h"

namespace symemu {

class KernelThread {
 public:
  explicit KernelThread(Kernel& kernel, std::size_t maxBatch = 4096);
  ~KernelThread();
  KernelThread(const KernelThread&) = delete;
  KernelThread& operator=(const KernelThread&) = delete;

  void start();
  void stop();  // runs what is queued, commits, joins
  void post(std::function<void()> task);
  bool onKernelThread() const { return std::this_thread::get_id() == thread_.get_id(); }
  std::size_t batches() const { return batches_; }

  // Runs fn on the kernel thread; returns its result once the batch it ran in has committed.
  // Exceptions from fn are rethrown here.
  template <class F>
  auto call(F fn) -> decltype(fn()) {
    using R = decltype(fn());
    if (onKernelThread()) return fn();
    auto promise = std::make_shared<std::promise<R>>();
    auto future = promise->get_future();
    post([this, promise, fn = std::move(fn)]() mutable {
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
    return future.get();
  }

 private:
  void run();

  Kernel& kernel_;
  std::size_t maxBatch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  bool running_ = false;
  std::size_t batches_ = 0;
  std::thread thread_;
};

}  // namespace symemu

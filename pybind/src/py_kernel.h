#pragma once
// The Python-side owner of one Kernel. Every call goes through run(): the GIL is released, an
// internal mutex serialises Python threads, and the work happens either right here (manual clock,
// followed by a commit so the database is always current) or on a KernelThread (real clock).
#include <pybind11/pybind11.h>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/runtime/library_plugin.h"
#include "symemu/harness/serve_session.h"

namespace symemu::python {

namespace py = pybind11;

struct PyKernelOptions {
  std::string database = ":memory:";
  std::optional<std::uint64_t> seed;
  std::string clock = "manual";
  std::optional<double> clockStart;
  std::vector<std::string> libraries;  // added to the built-in ones
  bool defaultLibraries = true;
  bool network = false;
  // Runs on the new kernel before its thread starts.
  std::function<void(Kernel&)> setup;
  // serve(): a ServeSession (listeners, libraries' session set-up) owns the kernel thread.
  std::optional<harness::ServeSettings> serve;
};

// One message the kernel sent (sendMessage), as Python's messages() reports it.
struct CapturedMessage {
  int senderId = 0;
  int message = 0;
  std::vector<Value> data;
};

class PyKernel {
 public:
  explicit PyKernel(const PyKernelOptions& options);
  ~PyKernel();
  PyKernel(const PyKernel&) = delete;
  PyKernel& operator=(const PyKernel&) = delete;

  void close();
  bool closed();

  // Messages captured since the kernel started, oldest first; indices are absolute (they keep
  // counting when old entries are cleared or dropped). Any thread.
  std::vector<CapturedMessage> messages(std::size_t since, std::size_t& first, std::size_t& end);
  void clearMessages();
  static constexpr std::size_t kMessageCapacity = 100000;  // oldest entries are dropped beyond
  bool realClock() const { return realClock_; }
  // The libraries this kernel loaded (the built-in ones plus libraries=[...]; library_plugin.h).
  const LibraryCatalog& libraries() const { return libraries_; }
  // The serve session of a kernel made by serve(), else nullptr.
  const harness::ServeSession* session() const { return session_.get(); }

  // Runs fn(Kernel&) without the GIL and returns its result. fn must not touch Python objects.
  template <class F>
  auto run(F fn) -> std::invoke_result_t<F, Kernel&> {
    py::gil_scoped_release nogil;
    return runReleased(std::move(fn));
  }
  // The same for callers that already released the GIL (replay drives many calls in a row).
  template <class F>
  auto runReleased(F fn) -> std::invoke_result_t<F, Kernel&> {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!kernel_) throw KernelError("kernel is closed");
    Kernel& k = *kernel_;
    if (thread_) return thread_->call([&k, &fn]() { return fn(k); });
    return direct(k, fn);
  }

 private:
  template <class F>
  auto direct(Kernel& k, F& fn) -> std::invoke_result_t<F, Kernel&> {
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F, Kernel&>>) {
        fn(k);
        settle(k);
      } else {
        auto result = fn(k);
        settle(k);
        return result;
      }
    } catch (...) {
      settleQuietly(k);  // a refused call may still have changed something worth keeping
      throw;
    }
  }
  // Runs work modules posted from other threads, then commits (cheap when nothing changed).
  static void settle(Kernel& k);
  static void settleQuietly(Kernel& k) noexcept;

  void captureMessage(int senderId, int message, const std::vector<Value>& data);

  std::mutex mutex_;
  std::mutex messagesMutex_;  // the observer runs on the kernel thread with a real clock
  std::deque<CapturedMessage> messages_;
  std::size_t messagesBase_ = 0;  // absolute index of messages_.front()
  LibraryCatalog libraries_;
  std::unique_ptr<Kernel> kernel_;
  std::unique_ptr<KernelThread> thread_;
  std::unique_ptr<harness::ServeSession> session_;  // destroyed before the thread and the kernel
  bool realClock_ = false;
};

}  // namespace symemu::python

#pragma once
// How the harness reaches a kernel someone else owns: the CLI's fresh in-process kernel
// (InProcessKernel) or a Python Kernel (pybind). run() executes work on the kernel's owner thread
// and settles (posted work, commit) the way that owner does; the host also collects the kernel
// log's errors and warnings while it is in use.
// Threads: run() may be called from any thread that is allowed to use the owner; it blocks.
// Errors: exceptions from `work` propagate out of run().
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"

namespace symemu::harness {

class KernelHost {
 public:
  virtual ~KernelHost() = default;
  // `commitNow`: commit before returning even where the host batches commits.
  virtual void run(const std::function<void(Kernel&)>& work, bool commitNow = false) = 0;
  // "sender: message" of the kernel log's errors and warnings since the last call.
  virtual std::vector<std::string> takeLogProblems() = 0;
};

// Collects "sender: message" of the kernel log's errors and warnings; the sink may run on the
// kernel thread, take() on another.
class LogProblems {
 public:
  std::function<void(const LogEntry&)> sink();
  std::vector<std::string> take();

 private:
  std::mutex mutex_;
  std::vector<std::string> problems_;
};

}  // namespace symemu::harness

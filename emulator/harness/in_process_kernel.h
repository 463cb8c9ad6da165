#pragma once
// A fresh kernel in this process for `symemu replay --target in-process`: no sockets, a manual
// clock, the default chains set up, commits batched. KernelReplayPlayer plays fixtures into it
// through the same in-process paths a network client reaches (traffic.h).
// Threads: one (the caller's); there is no kernel thread. Errors: KernelError from booting.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"
#include "symemu/harness/kernel_host.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu::harness {

struct InProcessSettings {
  std::string database = ":memory:";
  std::uint64_t seed = 1;
  std::optional<double> start;  // Unix seconds of the clock's start (default: the kernel's manual start)
  int maxObjects = 0;           // > 0: object IDs 10000..10000+N-1 when wider than the default
};

class InProcessKernel : public KernelHost {
 public:
  InProcessKernel(const LibraryCatalog& libraries, const InProcessSettings& settings);
  ~InProcessKernel() override;
  // Runs work, then posted work; commits (acknowledgements wait for the commit) when
  // `commitNow` or when kCommitEvery runs have passed since the last commit. A failed commit
  // throws "commit failed: ..." unless `work` failed first.
  void run(const std::function<void(Kernel&)>& work, bool commitNow = false) override;
  std::vector<std::string> takeLogProblems() override { return problems_.take(); }
  Kernel& kernel() { return *kernel_; }

 private:
  void settle(bool commitNow);

  // Committing after every event bounded replay by one SQLite transaction per event (a meter's
  // MQTT message); batching gives the same kernel state, fewer and larger transactions.
  static constexpr int kCommitEvery = 64;

  LogProblems problems_;
  std::unique_ptr<Kernel> kernel_;
  int settlesSinceCommit_ = 0;
};

}  // namespace symemu::harness

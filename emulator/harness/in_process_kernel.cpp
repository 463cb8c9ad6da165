#include "symemu/harness/in_process_kernel.h"

#include <algorithm>

#include "symemu/harness/default_chains.h"
#include "symemu/runtime/runtime.h"

namespace symemu::harness {

InProcessKernel::InProcessKernel(const LibraryCatalog& libraries, const InProcessSettings& settings) {
  auto opts = kernelOptionsFor(libraries, settings.database);
  opts.clock = "manual";
  opts.networkEnabled = false;
  opts.seed = settings.seed;
  if (settings.start) opts.clockStart = *settings.start;
  if (settings.maxObjects > 0) opts.idHigh = std::max(opts.idHigh, opts.idLow + settings.maxObjects - 1);
  kernel_ = std::make_unique<Kernel>(opts);
  kernel_->setLogSink(problems_.sink());
  // As `serve` does on a new database: the default chains, the MQTT Server applied.
  auto chains = ensureDefaultChains(*kernel_);
  kernel_->applyChanges(chains.mqttServer);
}

InProcessKernel::~InProcessKernel() {
  if (kernel_) kernel_->setLogSink({});
}

void InProcessKernel::settle(bool commitNow) {
  kernel_->runPosted();
  if (!commitNow && ++settlesSinceCommit_ < kCommitEvery) return;
  settlesSinceCommit_ = 0;
  kernel_->commit();
  kernel_->runPosted();
}

void InProcessKernel::run(const std::function<void(Kernel&)>& work, bool commitNow) {
  std::exception_ptr failed;
  try {
    work(*kernel_);
  } catch (...) {
    failed = std::current_exception();
  }
  try {
    settle(commitNow);
  } catch (const std::exception& ex) {
    if (!failed) throw KernelError(std::string("commit failed: ") + ex.what());
  }
  if (failed) std::rethrow_exception(failed);
}

}  // namespace symemu::harness

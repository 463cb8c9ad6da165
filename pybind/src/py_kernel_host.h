#pragma once
// A Python Kernel as a harness::KernelHost, so Kernel.replay() uses the harness's one replay
// player: each run() is one PyKernel::runReleased call (its own commit), and the kernel's log
// errors and warnings are collected while the host exists.
// Threads: the GIL must be released for the host's whole life.
#include "symemu/harness/kernel_host.h"
#include "py_kernel.h"

namespace symemu::python {

class PyKernelHost : public harness::KernelHost {
 public:
  explicit PyKernelHost(PyKernel& kernel) : kernel_(kernel) {
    kernel_.runReleased([this](Kernel& k) { k.setLogSink(problems_.sink()); });
  }
  ~PyKernelHost() override {
    try {
      kernel_.runReleased([](Kernel& k) { k.setLogSink({}); });
    } catch (...) {
      // the kernel was closed meanwhile: nothing left to detach from
    }
  }
  void run(const std::function<void(Kernel&)>& work, bool /*commitNow: every call commits*/) override {
    kernel_.runReleased([&work](Kernel& k) { work(k); });
  }
  std::vector<std::string> takeLogProblems() override { return problems_.take(); }

 private:
  PyKernel& kernel_;
  harness::LogProblems problems_;
};

}  // namespace symemu::python

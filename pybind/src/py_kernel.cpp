#include "py_kernel.h"

#include <algorithm>

#include "runtime/runtime.h"
#include "test_modules.h"

namespace symemu::python {

namespace {
// The kernel's in-flight additions (networkEnabled, runPosted) are used when present, so this
// file builds against the kernel with and without them.
template <class O>
auto disableNetwork(O& o, int) -> decltype(o.networkEnabled = false, void()) {
  o.networkEnabled = false;
}
template <class O>
void disableNetwork(O&, long) {}

template <class K>
auto runPosted(K& k, int) -> decltype(k.runPosted(), void()) {
  k.runPosted();
}
template <class K>
void runPosted(K&, long) {}

KernelOptions kernelOptions(const PyKernelOptions& o, std::vector<std::string>& libraryProblems) {
  KernelOptions k = defaultKernelOptions(o.database);
  if (!o.defaultLibraries) k.libraries.clear();
  auto builtin = k.registerFactories;
  k.registerFactories = [builtin](ModuleRegistry& r) {
    if (builtin) builtin(r);
    registerPythonTestModules(r);  // only instantiable when the test library is loaded
  };
  // Last, so a PHP library's factories win over built-in ones it replaces (same library id).
  libraryProblems = addLibraries(k, o.libraries);
  k.seed = o.seed;
  k.clock = o.clock;
  if (o.clockStart) k.clockStart = *o.clockStart;
  if (!o.network) disableNetwork(k, 0);
  return k;
}
}  // namespace

PyKernel::PyKernel(const PyKernelOptions& options) {
  std::vector<std::string> libraryProblems;
  auto k = kernelOptions(options, libraryProblems);
  {
    py::gil_scoped_release nogil;
    kernel_ = std::make_unique<Kernel>(k);
    for (const auto& problem : libraryProblems) kernel_->logMessage(0, msg::KL_ERROR, problem);
    kernel_->setMessageObserver(
        [this](int sender, int message, const std::vector<Value>& data) { captureMessage(sender, message, data); });
    if (options.setup) {
      try {
        options.setup(*kernel_);
        kernel_->commit();
      } catch (...) {
        try {
          kernel_->close();
        } catch (...) {
          // the setup error is the one worth reporting
        }
        kernel_.reset();
        throw;
      }
    }
    realClock_ = !kernel_->manualClock();
    if (realClock_) {
      thread_ = std::make_unique<KernelThread>(*kernel_);
      thread_->start();
    } else {
      settle(*kernel_);
    }
  }
}

PyKernel::~PyKernel() {
  try {
    close();
  } catch (...) {
    // A destructor cannot report; close() explicitly to see errors.
  }
}

void PyKernel::close() {
  py::gil_scoped_release nogil;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!kernel_) return;
  std::unique_ptr<Kernel> k = std::move(kernel_);
  std::unique_ptr<KernelThread> t = std::move(thread_);
  if (t) t->stop();
  k->close();
}

bool PyKernel::closed() {
  py::gil_scoped_release nogil;
  std::lock_guard<std::mutex> lock(mutex_);
  return !kernel_;
}

void PyKernel::captureMessage(int senderId, int message, const std::vector<Value>& data) {
  std::lock_guard<std::mutex> lock(messagesMutex_);
  messages_.push_back(CapturedMessage{senderId, message, data});
  if (messages_.size() > kMessageCapacity) {
    messages_.pop_front();
    ++messagesBase_;
  }
}

std::vector<CapturedMessage> PyKernel::messages(std::size_t since, std::size_t& first, std::size_t& end) {
  std::lock_guard<std::mutex> lock(messagesMutex_);
  first = std::max(since, messagesBase_);
  end = messagesBase_ + messages_.size();
  std::vector<CapturedMessage> out;
  for (std::size_t i = first; i < end; ++i) out.push_back(messages_[i - messagesBase_]);
  return out;
}

void PyKernel::clearMessages() {
  std::lock_guard<std::mutex> lock(messagesMutex_);
  messagesBase_ += messages_.size();
  messages_.clear();
}

void PyKernel::settle(Kernel& k) {
  runPosted(k, 0);
  k.commit();
}

void PyKernel::settleQuietly(Kernel& k) noexcept {
  try {
    settle(k);
  } catch (...) {
  }
}

}  // namespace symemu::python

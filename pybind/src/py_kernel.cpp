#include "py_kernel.h"

#include <algorithm>

#include "symemu/runtime/runtime.h"
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

// `libraries` is the built-in catalog plus the user's folders (runtime.h's addLibraries);
// `builtinFolders` are the built-in catalog's folders, left out with default_libraries=False.
KernelOptions kernelOptions(const LibraryCatalog& libraries, const std::vector<std::string>& builtinFolders,
                            const PyKernelOptions& o) {
  KernelOptions k = kernelOptionsFor(libraries, o.database);
  if (!o.defaultLibraries) {
    std::vector<std::string> user;
    for (const auto& dir : libraries.directories())
      if (std::find(builtinFolders.begin(), builtinFolders.end(), dir) == builtinFolders.end()) user.push_back(dir);
    k.libraries = user;
  }
  auto catalogFactories = k.registerFactories;
  k.registerFactories = [catalogFactories](ModuleRegistry& r) {
    registerPythonTestModules(r);  // only instantiable when the test library is loaded
    // After them, so a PHP library replacing the test library wins its module names.
    if (catalogFactories) catalogFactories(r);
  };
  k.seed = o.seed;
  k.clock = o.clock;
  if (o.clockStart) k.clockStart = *o.clockStart;
  if (!o.network) disableNetwork(k, 0);
  return k;
}
}  // namespace

PyKernel::PyKernel(const PyKernelOptions& options) : libraries_(builtinLibraries()) {
  const std::vector<std::string> builtinFolders = libraries_.directories();
  // PHP starts here when a PHP library is given, before this kernel's threads (docs/architecture.md §5a).
  std::vector<std::string> libraryProblems = addLibraries(libraries_, options.libraries);
  auto k = kernelOptions(libraries_, builtinFolders, options);
  {
    py::gil_scoped_release nogil;
    kernel_ = std::make_unique<Kernel>(k);
    for (const auto& problem : libraryProblems) kernel_->logMessage(0, msg::KL_ERROR, problem);
    kernel_->setMessageObserver(
        [this](int sender, int message, const std::vector<Value>& data) { captureMessage(sender, message, data); });
    try {
      if (options.setup) {
        options.setup(*kernel_);
        kernel_->commit();
      }
      if (options.serve) {
        thread_ = std::make_unique<KernelThread>(*kernel_);
        session_ = std::make_unique<harness::ServeSession>(*kernel_, *thread_, libraries_, *options.serve);
      }
    } catch (...) {
      session_.reset();
      thread_.reset();
      try {
        kernel_->close();
      } catch (...) {
        // the setup error is the one worth reporting
      }
      kernel_.reset();
      throw;
    }
    realClock_ = !kernel_->manualClock();
    if (session_) {
      session_->start();  // starts the kernel thread
    } else if (realClock_) {
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
  std::unique_ptr<harness::ServeSession> session = std::move(session_);
  if (session) session->stop();  // flushes its recording, stops the thread
  if (t) t->stop();
  session.reset();
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

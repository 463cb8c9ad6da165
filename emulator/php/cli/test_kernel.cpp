// The php-cli test kernel: one in-process kernel on the manual clock, replaced by reset().
#include "symemu/php/cli/test_kernel.h"

#include <cstdlib>
#include <ctime>
#include <iostream>

#include "symemu/runtime/data_dir.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/php/php_library.h"
#include "symemu/php/cli/test_client_socket.h"
#include "symemu/php/cli/test_server_socket.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::php {

namespace {

bool envFlag(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}

KernelOptions testOptions() {
  KernelOptions o;
  const char* db = std::getenv("SYMEMU_DATABASE");
  o.database = db && *db ? db : ":memory:";
  o.clock = "manual";
  o.clockStart = static_cast<double>(std::time(nullptr));  // time() in modules and tests agree at the start
  o.networkEnabled = envFlag("SYMEMU_NETWORK");
  // Found relative to symemu.so (<build>/php -> <build>/share/symemu) or SYMEMU_DATA_DIR.
  o.libraries = {librariesDirectory() + "/core"};
  o.registerFactories = [](ModuleRegistry& r) {
    r.registerFactory("Server Socket", [] { return std::make_unique<TestServerSocket>(); });
    r.registerFactory("Client Socket", [] { return std::make_unique<TestClientSocket>(); });
    r.registerFactory("MQTT Server", [] { return std::make_unique<core::MqttServerModule>(); });
    r.registerFactory("WebHook Control", [] { return std::make_unique<core::WebHookControlModule>(); });
  };
  return o;
}

}  // namespace

TestKernel& TestKernel::get() {
  static TestKernel* k = new TestKernel;  // lives as long as php-cli
  return *k;
}

Kernel& TestKernel::kernel() {
  if (!kernel_) reset();
  return *kernel_;
}

void TestKernel::reset(const std::string& kernelVersion) {
  shutdown();
  KernelOptions options = testOptions();
  if (!kernelVersion.empty()) options.kernelVersion = kernelVersion;
  kernel_ = std::make_unique<Kernel>(options);
  // Module faults are logged by the kernel; a test run shows them where the author looks.
  kernel_->setLogSink([this](const LogEntry& e) {
    if (logToStderr_ && (e.type == msg::KL_ERROR || e.type == msg::KL_WARNING))
      std::cerr << "symemu: " << e.message << std::endl;
  });
  if (debugOutput_) kernel_->addDebugObserver(debugOutput_);
}

void TestKernel::shutdown() {
  packets_.clear();
  if (!kernel_) return;
  auto old = std::move(kernel_);
  old->close();
}

void TestKernel::abandon() {
  kernel_.release();  // NOLINT: deliberately leaked, closing would run PHP after the request
}

void TestKernel::loadLibrary(const std::string& directory) { loadLibraryInto(kernel(), directory); }

}  // namespace symemu::php

#pragma once
// The kernel a PHPUnit run talks to inside php-cli (the symemu extension, docs/phpunit-stubs.md).
// Threads: php-cli's main thread only; no KernelThread: the kernel runs synchronously inside the
// calls the test makes, on the manual clock. Ownership: a process-wide singleton that owns at
// most one Kernel; reset() replaces it (IPS\Kernel::reset()).
// Errors: KernelError with a message naming the problem; the extension turns it into a PHP
// exception in the test.
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"

namespace symemu::php {

// One packet a child sent to a Server Socket (HasPacket/PopPacket) or a Client Socket (HasText/
// PopText: Buffer only) while the network is off.
struct CapturedPacket {
  int type = 0;
  std::string buffer, clientIp;
  int clientPort = 0;
};

class TestKernel {
 public:
  static TestKernel& get();

  Kernel& kernel();  // created on first use
  bool running() const { return kernel_ != nullptr; }
  // A new empty kernel (database SYMEMU_DATABASE or :memory:, manual clock at the current time,
  // network off unless SYMEMU_NETWORK=1) with symemu's core library (Server Socket, Client Socket, MQTT Server,
  // WebHook Control) loaded. `kernelVersion` ("" for symemu's) is what IPS_GetKernelVersion
  // reports (a suite's IPS_VERSION).
  void reset(const std::string& kernelVersion = "");
  // Closes the kernel (commits; modules get IPS_KERNELSHUTDOWN) while PHP still runs.
  void shutdown();
  // Leaves the kernel unclosed (php-cli's request is ending; PHP code must not run any more).
  void abandon();
  void loadLibrary(const std::string& directory);
  // Kernel warnings and errors are printed to stderr unless switched off (PHPUnit's child
  // processes, where any stderr output fails the test); the kernel log keeps them either way.
  void setLogToStderr(bool on) { logToStderr_ = on; }
  // Where the SendDebug output of instances with debug enabled (IPS_EnableDebug) goes; set once
  // by the extension (PHP's output), registered with every kernel reset() makes.
  void setDebugOutput(std::function<void(const DebugEntry&)> output) { debugOutput_ = std::move(output); }

  std::deque<CapturedPacket>& packets(int socketId) { return packets_[socketId]; }

 private:
  TestKernel() = default;
  std::unique_ptr<Kernel> kernel_;
  bool logToStderr_ = true;
  std::function<void(const DebugEntry&)> debugOutput_;
  std::map<int, std::deque<CapturedPacket>> packets_;
};

}  // namespace symemu::php

#pragma once
// A serving kernel: what `symemu serve` and Python's symemu.serve() add to a kernel on the real
// clock. The session configures the default chains' listeners (ports, bind address, MQTT
// credentials), runs the libraries' session set-up (and auto-create), installs the JSON-RPC API
// and message stream at /api/ on WebHook Control, opens the listeners,
// records inbound traffic to a fixture when asked, and starts and stops the kernel thread.
// Each session owns its recorder, so a process may serve several kernels.
// Threads: construct and start() on the thread that owns the kernel before its KernelThread
// runs; stop() from any thread but the kernel thread. Errors: KernelError when a listener
// cannot open (naming the instance status and the kernel's last log line) or the recording
// file cannot be written.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "symemu/api/api_access.h"
#include "symemu/harness/default_chains.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/runtime/library_plugin.h"
#include "symemu/harness/upstream_chain.h"

namespace symemu::harness {

class FixtureRecorder;

struct ServeSettings {
  std::string bind = "0.0.0.0";
  int mqttPort = -1, httpPort = -1, httpsPort = -1;  // -1: keep what the instances have
  std::string certFile, keyFile, recordFile;
  bool autoCreate = false;
  std::optional<std::string> mqttUser, mqttPassword;  // MQTT Server credentials when given
  std::optional<UpstreamSettings> upstream;           // --upstream: Client Socket -> MQTT Client
  bool noMqttServer = false;                          // --no-mqtt-server: its socket stays closed
  api::ApiAccess api;                                 // who may use /api/ (docs/api.md)
};

struct ServeListeners {
  std::string mqtt, http, https;                  // HOST:PORT, empty when not listening
  int mqttPort = 0, httpPort = 0, httpsPort = 0;  // 0 when not listening
  std::string certificate;                        // WebHook Control's HTTPS certificate file
  std::vector<std::string> notices;               // e.g. a Server Socket that is configured but closed
  std::string upstream;                           // HOST:PORT of the broker the MQTT Client connects to
  std::string readyText() const;
};

class ServeSession {
 public:
  // Sets everything up with the network on; the kernel thread does not run yet.
  ServeSession(Kernel& kernel, KernelThread& thread, const LibraryCatalog& libraries, const ServeSettings& settings);
  ~ServeSession();  // stop()
  ServeSession(const ServeSession&) = delete;
  ServeSession& operator=(const ServeSession&) = delete;

  // Starts the kernel thread; from now on the kernel is the thread's.
  void start();
  // Flushes the recording and stops the kernel thread (runs what is queued, commits). Idempotent.
  void stop();

  const ServeListeners& listeners() const { return listeners_; }
  const DefaultChains& chains() const { return chains_; }
  const UpstreamChain& upstream() const { return upstream_; }  // zeros without --upstream

 private:
  Kernel& kernel_;
  KernelThread& thread_;
  DefaultChains chains_;
  UpstreamChain upstream_;
  ServeListeners listeners_;
  std::unique_ptr<FixtureRecorder> recorder_;
  bool started_ = false;
};

}  // namespace symemu::harness

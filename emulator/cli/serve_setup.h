#pragma once
// What `serve` adds to a kernel: the default instance chains on a new database, the listener
// ports from the command line, recording and auto-create.
#include <functional>
#include <optional>
#include <string>

#include "api/api_access.h"
#include "kernel/kernel.h"
#include "kernel/kernel_thread.h"

namespace symemu::cli {

struct ServeSettings {
  std::string bind = "0.0.0.0";
  int mqttPort = -1, httpPort = -1, httpsPort = -1;  // -1: keep what the instances have
  std::string certFile, keyFile, recordFile;
  bool autoCreate = false;
  std::optional<std::string> mqttUser, mqttPassword;  // MQTT Server credentials when given
  api::ApiAccess api;                                 // who may use /api/ (docs/api.md)
};

struct ServeListeners {
  std::string mqtt, http, https;  // HOST:PORT, empty when not listening
  std::string readyText() const;
};

// Extra set-up run by `serve` and `replay` after the default chains exist (test binaries add
// their modules).
void addServeSetupHook(std::function<void(Kernel&)> hook);

// Symcon's default instances on a new database: Server Socket -> MQTT Server, and WebHook Control.
struct DefaultChains {
  int mqttServer = 0, serverSocket = 0, webhook = 0;
};
// Creates whatever of the default chains is missing and returns their IDs.
DefaultChains ensureDefaultChains(Kernel& kernel);
// What comes after the listeners are configured: with autoCreate a SmartLogDiscovery under the
// MQTT Server, then the setup hooks. `serve` and `replay` run the same steps in the same order,
// so the same seed gives the same object IDs.
void finishDefaultChains(Kernel& kernel, const DefaultChains& chains, bool autoCreate);

ServeListeners setUpServe(Kernel& kernel, KernelThread& thread, const ServeSettings& settings);

// The C++ module object of a built-in instance, e.g. moduleOf<core::MqttServerModule>(k, id), for
// the ways in (serve, replay, Python) that drive the core modules directly.
template <class M>
M& moduleOf(Kernel& k, int id) {
  return dynamic_cast<M&>(*k.getInstance(id).module);
}

// The first instance of a module, 0 when there is none.
int firstInstance(Kernel& k, const std::string& moduleId);
void tearDownServe(Kernel& kernel, KernelThread& thread);

}  // namespace symemu::cli

#pragma once
// Symcon's default instances on a new database (Server Socket -> MQTT Server, and WebHook
// Control), which serve, replay and Python's in-process traffic all start from.
// Threads: the kernel's owner thread. Errors: KernelError from the kernel.
#include <string>

#include "symemu/kernel/kernel.h"
#include "symemu/runtime/library_plugin.h"  // DefaultChains

namespace symemu::harness {

using symemu::DefaultChains;

// Creates whatever of the default chains is missing and returns their IDs.
DefaultChains ensureDefaultChains(Kernel& kernel);

// The first instance of a module, 0 when there is none.
int firstInstance(Kernel& k, const std::string& moduleId);

// The C++ module object of a built-in instance, e.g. moduleOf<core::MqttServerModule>(k, id), for
// the ways in (serve, replay, Python) that drive the core modules directly.
template <class M>
M& moduleOf(Kernel& k, int id) {
  return dynamic_cast<M&>(*k.getInstance(id).module);
}

}  // namespace symemu::harness

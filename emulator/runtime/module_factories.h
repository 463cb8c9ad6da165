#pragma once
#include <functional>

#include "kernel/module_registry.h"

namespace symemu {
// Registers the C++ factory of every built-in module (core I/O and Smart Metering) by name.
void registerBuiltinFactories(ModuleRegistry& registry);
// Adds factories that registerBuiltinFactories also registers from now on (test binaries use it
// to host their own modules in `serve`).
void addExtraFactories(std::function<void(ModuleRegistry&)> registrar);
}  // namespace symemu

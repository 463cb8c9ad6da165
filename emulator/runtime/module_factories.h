#pragma once
#include "kernel/module_registry.h"

namespace symemu {
// Registers the C++ factory of every built-in module (core I/O and Smart Metering) by name.
void registerBuiltinFactories(ModuleRegistry& registry);
}  // namespace symemu

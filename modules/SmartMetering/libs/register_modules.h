#pragma once
// Binds the Smart Metering module names (module.json "name") to their C++ classes.
#include "kernel/module_registry.h"

namespace symemu::smartmetering {
void registerSmartMeteringFactories(symemu::ModuleRegistry& registry);
}

namespace symemu {
using smartmetering::registerSmartMeteringFactories;
}

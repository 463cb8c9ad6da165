#pragma once
// The Smart Metering library as a symemu library plug-in (emulator/runtime/library_plugin.h):
// its module factories, `--auto-create` (a SmartLogDiscovery under the MQTT Server) and the
// fixture action "create_all". The build declares it with symemu_builtin_library(), so the
// runtime boots it without naming any of its types.
#include "symemu/kernel/module_registry.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu {
// The plug-in; its id is the library.json "id" of modules/SmartMetering.
LibraryPlugin smartMeteringLibrary();
}  // namespace symemu

namespace symemu::smartmetering {
// Binds the module names (module.json "name") to their C++ classes.
void registerSmartMeteringFactories(symemu::ModuleRegistry& registry);
// Puts a logger's configurator where SmartLogDiscovery puts it: SmartMetering/SmartLog <ID>,
// named "Configurator <ID>".
void placeConfigurator(symemu::Kernel& k, int configurator, const std::string& smartLogId);
}  // namespace symemu::smartmetering

#include "module_factories.h"

namespace symemu {

void registerBuiltinFactories(ModuleRegistry& registry) {
  (void)registry;  // core and Smart Metering modules register here as they land
}

}  // namespace symemu

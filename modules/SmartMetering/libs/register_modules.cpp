#include "register_modules.h"

#include "SmartLog/smart_log.h"
#include "SmartLogDiscovery/discovery.h"
#include "SmartLogHTTPS/smart_log_https.h"
#include "SmartMeter/smart_meter.h"
#include "SmartMeterConfigurator/configurator.h"
#include "System/system_module.h"

namespace symemu::smartmetering {

void registerSmartMeteringFactories(symemu::ModuleRegistry& registry) {
  registry.registerFactory("SmartLog", [] { return std::make_unique<SmartLog>(); });
  registry.registerFactory("SmartLogHTTPS", [] { return std::make_unique<SmartLogHttps>(); });
  registry.registerFactory("SmartMeter", [] { return std::make_unique<SmartMeter>(); });
  registry.registerFactory("System", [] { return std::make_unique<SystemModule>(); });
  registry.registerFactory("SmartMeterConfigurator", [] { return std::make_unique<SmartMeterConfigurator>(); });
  registry.registerFactory("SmartLogDiscovery", [] { return std::make_unique<SmartLogDiscovery>(); });
}

}  // namespace symemu::smartmetering

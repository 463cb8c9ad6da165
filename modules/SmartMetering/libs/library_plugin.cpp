#include "symemu/smartmetering/libs/library_plugin.h"

#include "symemu/smartmetering/SmartLog/smart_log.h"
#include "symemu/smartmetering/SmartLogDiscovery/discovery.h"
#include "symemu/smartmetering/SmartLogHTTPS/smart_log_https.h"
#include "symemu/smartmetering/SmartMeter/smart_meter.h"
#include "symemu/smartmetering/SmartMeterConfigurator/configurator.h"
#include "symemu/smartmetering/System/system_module.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/smartmetering/libs/guids.h"
#include "symemu/smartmetering/libs/report_ahead.h"

namespace symemu::smartmetering {

namespace {

const char* const kLibraryId = "{7DD75A94-FDEE-4ED9-9D07-3172C4A6A6BA}";  // library.json "id"

// --auto-create: one SmartLogDiscovery under the MQTT Server.
void addDiscovery(Kernel& k, const DefaultChains& chains) {
  const ModuleInfo* discovery = k.modules().find(guid::kDiscovery);
  if (!discovery) throw KernelError("--auto-create needs the SmartLogDiscovery module, which is not loaded");
  for (int child : k.getChildInstances(chains.mqttServer))
    if (k.getInstance(child).info == discovery) return;
  int d = k.createInstance(discovery->id);
  k.connectInstance(d, chains.mqttServer);
  k.applyChanges(d);
}

// The logger (SmartLog or SmartLogHTTPS) with that SmartLogID, 0 when there is none.
int findLogger(Kernel& k, const std::string& smartLogId) {
  for (const std::string& module : {guid::kSmartLog, guid::kSmartLogHttps}) {
    if (!k.modules().find(module)) continue;
    for (int id : k.getInstanceListByModuleID(module))
      if (valueToString(k.getProperty(id, "SmartLogID")) == smartLogId) return id;
  }
  return 0;
}

// Fixture action create_all: the logger with that SmartLogID gets a configurator (placed as
// SmartLogDiscovery places it) if it has none, then SM_CreateAll.
void createAll(Kernel& k, const DefaultChains&, const FixtureAction::Fields& fields) {
  const std::string& smartLogId = fields.at("smartlog_id");
  int logger = findLogger(k, smartLogId);
  if (!logger) throw KernelError("no SmartLog or SmartLogHTTPS instance has SmartLogID '" + smartLogId + "'");
  const ModuleInfo* conf = k.modules().find(guid::kConfigurator);
  if (!conf) throw KernelError("the SmartMeterConfigurator module is not loaded");
  int configurator = 0;
  for (int child : k.getChildInstances(logger))
    if (!configurator && k.getInstance(child).info == conf) configurator = child;
  if (!configurator) {
    // The configurator's RequireParent makes a SmartLog of its own; it is not wanted here.
    configurator = k.createInstance(conf->id);
    int madeParent = k.getInstance(configurator).connectionId;
    k.connectInstance(configurator, logger);
    if (madeParent && madeParent != logger && k.getChildInstances(madeParent).empty()) k.deleteInstance(madeParent);
    placeConfigurator(k, configurator, smartLogId);
    k.applyChanges(configurator);
  }
  k.callFunction("SM_CreateAll", configurator, {});
}

}  // namespace

void registerSmartMeteringFactories(symemu::ModuleRegistry& registry) {
  forms::registerPublishReader(readReportAhead);  // SmartLog's reports, parsed on the MQTT I/O thread
  registry.registerFactory("SmartLog", [] { return std::make_unique<SmartLog>(); });
  registry.registerFactory("SmartLogHTTPS", [] { return std::make_unique<SmartLogHttps>(); });
  registry.registerFactory("SmartMeter", [] { return std::make_unique<SmartMeter>(); });
  registry.registerFactory("System", [] { return std::make_unique<SystemModule>(); });
  registry.registerFactory("SmartMeterConfigurator", [] { return std::make_unique<SmartMeterConfigurator>(); });
  registry.registerFactory("SmartLogDiscovery", [] { return std::make_unique<SmartLogDiscovery>(); });
}

void placeConfigurator(Kernel& k, int configurator, const std::string& smartLogId) {
  k.setParent(configurator, k.ensureCategoryPath({"SmartMetering", "SmartLog " + smartLogId}));
  k.setName(configurator, "Configurator " + smartLogId);
}

}  // namespace symemu::smartmetering

namespace symemu {

LibraryPlugin smartMeteringLibrary() {
  LibraryPlugin p;
  p.id = smartmetering::kLibraryId;
  p.name = "Smart Metering";
  p.directory = "SmartMetering";
  p.registerFactories = smartmetering::registerSmartMeteringFactories;
  p.autoCreate = smartmetering::addDiscovery;
  p.fixtureActions.push_back({"create_all", {"smartlog_id"}, smartmetering::createAll});
  return p;
}

}  // namespace symemu

#pragma once
// Finding and creating the SmartMeter/System instances of a gateway. Shared by the
// configurator (rows, create, create all) and by SmartLog's AutoCreateMeters, so both create
// instances the same way: createInstance, setConfiguration, applyChanges, category path
// SmartMetering/SmartLog <ID>/<Type>, name "<MeterId> (<Type>)", connect to the gateway.
#include <string>
#include <vector>

#include "symemu/smartmetering/libs/meter_list.h"

namespace symemu {
class Kernel;
}

namespace symemu::smartmetering {

struct ConfiguratorRow {
  std::string meterId, interface, manufacturer, type;
  bool isNew = false;
  bool waiting = false;             // an instance whose meter the gateway has not seen yet
  std::string moduleId;             // SmartMeter or System
  bool configureInterface = false;  // the ID is on several interfaces: pin the instance to one
  std::vector<std::string> location;
  std::string name;    // "<MeterId> (<Type>)"
  int instanceId = 0;  // existing instance, 0 = none
  std::string instanceName;
};

// The module a meter gets: System for the logger's own record, else SmartMeter.
const std::string& meterModuleId(const MeterEntry& meter);
std::vector<std::string> meterLocation(const std::string& smartLogId, const std::string& type);
std::string meterInstanceName(const std::string& meterId, const std::string& type);

// An instance of `moduleId` connected to `gatewayId` whose SmartMeterID is `meterId` and whose
// Interface is "" (any) or `interface`; 0 when there is none.
int findMeterInstance(Kernel& kernel, int gatewayId, const std::string& moduleId, const std::string& meterId,
                      const std::string& interface);

// The row of one seen meter.
ConfiguratorRow meterRow(Kernel& kernel, int gatewayId, const std::string& smartLogId, const MeterList& meters,
                         const MeterEntry& meter);
// One row per seen meter (in first-seen order), then one "waiting..." row per instance of the
// gateway whose meter has not been seen.
std::vector<ConfiguratorRow> buildRows(Kernel& kernel, int gatewayId, const std::string& smartLogId,
                                       const MeterList& meters);
// The Configurator element's `values` (docs/symcon-kernel.md §10.2).
std::string rowsToJson(const std::vector<ConfiguratorRow>& rows);

// Creates the row's instance; throws KernelError when the kernel refuses a step (the half-made
// instance is deleted again).
int createRowInstance(Kernel& kernel, int gatewayId, const ConfiguratorRow& row);

}  // namespace symemu::smartmetering

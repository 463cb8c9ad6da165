#pragma once
// SmartMeterConfigurator: lists the meters its gateway (SmartLog or SmartLogHTTPS) has seen and
// creates their SmartMeter/System instances. Exports SM_Create(id, meterId) -> instance ID,
// SM_CreateAll(id) -> number created, SM_MarkAllAsSeen(id), SM_GetRows(id) -> the
// Configurator element's `values` as JSON.
#include <string>
#include <vector>

#include "symemu/kernel/module.h"
#include "symemu/smartmetering/libs/meter_instances.h"

namespace symemu::smartmetering {

class SmartMeterConfigurator : public symemu::Module {
 public:
  void create() override;
  void applyChanges() override;
  std::string getConfigurationForm() override;

  std::vector<ConfiguratorRow> rows();
  int createMeter(const std::string& meterId);
  int createAll();
  void markAllAsSeen();

 private:
  std::string askGateway(const std::string& function);
};

}  // namespace symemu::smartmetering

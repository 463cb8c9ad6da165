#include "symemu/smartmetering/libs/meter_instances.h"

#include <set>

#include "symemu/smartmetering/libs/guids.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"

namespace symemu::smartmetering {

namespace {

std::string stringProperty(Kernel& kernel, int id, const std::string& name) {
  try {
    auto v = kernel.getProperty(id, name);
    if (auto s = std::get_if<std::string>(&v)) return *s;
  } catch (const KernelError&) {
  }
  return "";
}

bool isMeterModule(const std::string& moduleId) { return moduleId == guid::kSmartMeter || moduleId == guid::kSystem; }

std::string configurationJson(const ConfiguratorRow& row) {
  std::vector<std::pair<std::string, Value>> fields{{"SmartMeterID", row.meterId}};
  if (row.configureInterface) fields.emplace_back("Interface", row.interface);
  return toJsonText(fields);
}

}  // namespace

const std::string& meterModuleId(const MeterEntry& meter) { return meter.system ? guid::kSystem : guid::kSmartMeter; }

std::vector<std::string> meterLocation(const std::string& smartLogId, const std::string& type) {
  return {"SmartMetering", "SmartLog " + smartLogId, type};
}

std::string meterInstanceName(const std::string& meterId, const std::string& type) {
  return meterId + " (" + type + ")";
}

int findMeterInstance(Kernel& kernel, int gatewayId, const std::string& moduleId, const std::string& meterId,
                      const std::string& interface) {
  for (int child : kernel.getChildInstances(gatewayId)) {
    if (kernel.getInstance(child).info->id != moduleId) continue;
    if (stringProperty(kernel, child, "SmartMeterID") != meterId) continue;
    std::string pinned = stringProperty(kernel, child, "Interface");
    if (pinned.empty() || pinned == interface) return child;
  }
  return 0;
}

ConfiguratorRow meterRow(Kernel& kernel, int gatewayId, const std::string& smartLogId, const MeterList& meters,
                         const MeterEntry& m) {
  ConfiguratorRow row;
  row.meterId = m.meterId;
  row.interface = m.interface;
  row.manufacturer = m.manufacturer;
  row.type = m.type;
  row.isNew = m.isNew;
  row.moduleId = meterModuleId(m);
  row.configureInterface = meters.countId(m.meterId) > 1;
  row.location = meterLocation(smartLogId, m.type);
  row.name = meterInstanceName(m.meterId, m.type);
  row.instanceId = findMeterInstance(kernel, gatewayId, row.moduleId, m.meterId, m.interface);
  if (row.instanceId) row.instanceName = kernel.getObject(row.instanceId).name;
  return row;
}

std::vector<ConfiguratorRow> buildRows(Kernel& kernel, int gatewayId, const std::string& smartLogId,
                                       const MeterList& meters) {
  std::vector<ConfiguratorRow> rows;
  std::set<int> claimed;
  for (const MeterEntry& m : meters.entries()) {
    ConfiguratorRow row = meterRow(kernel, gatewayId, smartLogId, meters, m);
    if (row.instanceId) claimed.insert(row.instanceId);
    rows.push_back(std::move(row));
  }
  for (int child : kernel.getChildInstances(gatewayId)) {
    const std::string& moduleId = kernel.getInstance(child).info->id;
    if (!isMeterModule(moduleId) || claimed.count(child)) continue;
    ConfiguratorRow row;
    row.meterId = stringProperty(kernel, child, "SmartMeterID");
    row.interface = stringProperty(kernel, child, "Interface");
    row.manufacturer = row.type = "waiting...";
    row.waiting = true;
    row.moduleId = moduleId;
    row.configureInterface = !row.interface.empty();
    row.instanceId = child;
    row.instanceName = kernel.getObject(child).name;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string rowsToJson(const std::vector<ConfiguratorRow>& rows) {
  std::string out = "[";
  for (const auto& row : rows) {
    if (out.size() > 1) out += ',';
    std::string cells = toJsonText({{"MeterId", row.meterId},
                                    {"Interface", row.interface},
                                    {"Manufacturer", row.manufacturer},
                                    {"Type", row.type},
                                    {"Instance", row.instanceName},
                                    {"InstanceID", static_cast<std::int64_t>(row.instanceId)},
                                    {"New", std::string(row.isNew ? "yes" : "")},
                                    {"instanceID", static_cast<std::int64_t>(row.instanceId)}});
    std::string create = "{\"moduleID\":" + jsonQuote(row.moduleId) + ",\"configuration\":" + configurationJson(row);
    if (!row.waiting) {
      create += ",\"location\":[";
      for (std::size_t i = 0; i < row.location.size(); ++i) create += (i ? "," : "") + jsonQuote(row.location[i]);
      create += "],\"name\":" + jsonQuote(row.name);
    }
    create += "}";
    cells.pop_back();  // reopen the object to append "create"
    out += cells + ",\"create\":" + create + "}";
  }
  return out + "]";
}

int createRowInstance(Kernel& kernel, int gatewayId, const ConfiguratorRow& row) {
  int id = kernel.createInstance(row.moduleId);
  try {
    kernel.setConfiguration(id, configurationJson(row));
    kernel.applyChanges(id);
    if (!row.location.empty()) kernel.setParent(id, kernel.ensureCategoryPath(row.location));
    kernel.setName(id, row.name.empty() ? meterInstanceName(row.meterId, row.type) : row.name);
    kernel.connectInstance(id, gatewayId);
  } catch (...) {
    if (kernel.instanceExists(id)) kernel.deleteInstance(id);
    throw;
  }
  return id;
}

}  // namespace symemu::smartmetering

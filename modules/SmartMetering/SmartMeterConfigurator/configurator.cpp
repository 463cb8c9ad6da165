#include "symemu/smartmetering/SmartMeterConfigurator/configurator.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/smartmetering/libs/guids.h"
#include "symemu/smartmetering/libs/meter_packet.h"

namespace symemu::smartmetering {

void SmartMeterConfigurator::create() {
  registerFunction("Create", [this](const std::vector<Value>& args) -> Value {
    if (args.size() != 1) throw KernelError("SM_Create expects (InstanceID, MeterID)");
    return static_cast<std::int64_t>(createMeter(valueToString(args[0])));
  });
  registerFunction("CreateAll",
                   [this](const std::vector<Value>&) -> Value { return static_cast<std::int64_t>(createAll()); });
  registerFunction("MarkAllAsSeen", [this](const std::vector<Value>&) -> Value {
    markAllAsSeen();
    return true;
  });
  registerFunction("GetRows", [this](const std::vector<Value>&) -> Value { return rowsToJson(rows()); });
  // Install flow: Configurator -> SmartLog -> MQTT Server -> Server Socket.
  requireParent(guid::kSmartLog);
}

void SmartMeterConfigurator::applyChanges() {
  setReceiveDataFilter(kReceiveNothing);  // the gateway's meter packets are not for us
  setStatus(status::Active);
}

std::string SmartMeterConfigurator::askGateway(const std::string& function) {
  if (connectionId() == 0) return "";
  return sendDataToParent(toJsonText({{"DataID", guid::kToGateway}, {"Function", function}}));
}

std::vector<ConfiguratorRow> SmartMeterConfigurator::rows() {
  const int gateway = connectionId();
  if (gateway == 0) return {};
  std::string answer = askGateway("GetMeters");
  std::string smartLogId;
  MeterList meters;
  if (!answer.empty()) {
    try {
      Poco::JSON::Parser parser;
      auto o = parser.parse(answer).extract<Poco::JSON::Object::Ptr>();
      smartLogId = o->optValue<std::string>("SmartLogID", "");
      meters = MeterList::fromArray(o->getArray("Meters"));
    } catch (const std::exception& e) {
      sendDebug("GetMeters answer refused", e.what(), 0);
    }
  }
  return buildRows(kernel(), gateway, smartLogId, meters);
}

int SmartMeterConfigurator::createMeter(const std::string& meterId) {
  const int gateway = connectionId();
  if (gateway == 0) throw KernelError("Instance #" + std::to_string(instanceId()) + " has no gateway");
  int existing = 0;
  for (const ConfiguratorRow& row : rows()) {
    if (row.meterId != meterId || row.waiting) continue;
    if (row.instanceId) {
      existing = existing ? existing : row.instanceId;
      continue;
    }
    return createRowInstance(kernel(), gateway, row);
  }
  if (existing) return existing;
  throw KernelError("Meter " + meterId + " has not been seen by the gateway #" + std::to_string(gateway));
}

int SmartMeterConfigurator::createAll() {
  const int gateway = connectionId();
  if (gateway == 0) return 0;
  int created = 0;
  for (const ConfiguratorRow& row : rows()) {
    if (row.waiting || row.instanceId) continue;
    createRowInstance(kernel(), gateway, row);
    ++created;
  }
  return created;
}

void SmartMeterConfigurator::markAllAsSeen() { askGateway("MarkAllSeen"); }

std::string SmartMeterConfigurator::getConfigurationForm() {
  Poco::JSON::Parser parser;
  auto form = parser.parse(Module::getConfigurationForm()).extract<Poco::JSON::Object::Ptr>();
  Poco::JSON::Parser valuesParser;
  Poco::Dynamic::Var values = valuesParser.parse(rowsToJson(rows()));
  for (const char* section : {"elements", "actions"}) {
    auto list = form->getArray(section);
    if (!list) continue;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto element = list->getObject(static_cast<unsigned>(i));
      if (element && element->optValue<std::string>("name", "") == "Configurator") element->set("values", values);
    }
  }
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(form, out);
  return out.str();
}

}  // namespace symemu::smartmetering

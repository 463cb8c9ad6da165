#include "symemu/harness/default_chains.h"

#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu::harness {

int firstInstance(Kernel& k, const std::string& moduleId) {
  auto list = k.getInstanceListByModuleID(moduleId);
  return list.empty() ? 0 : list.front();
}

DefaultChains ensureDefaultChains(Kernel& k) {
  DefaultChains c;
  c.mqttServer = firstInstance(k, core::kMqttServerModuleId);
  if (!c.mqttServer) {
    c.mqttServer = k.createInstance(core::kMqttServerModuleId);
    int socket = k.getInstance(c.mqttServer).connectionId;
    k.setName(socket, "MQTT Server Socket");
    k.setProperty(socket, "Open", true);
    k.applyChanges(socket);
  }
  c.serverSocket = k.getInstance(c.mqttServer).connectionId;
  c.webhook = firstInstance(k, core::kWebHookControlModuleId);
  if (!c.webhook) c.webhook = k.createInstance(core::kWebHookControlModuleId);
  return c;
}

}  // namespace symemu::harness

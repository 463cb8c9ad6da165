#include "module_factories.h"

#include "client_socket_module.h"
#include "mqtt_client_module.h"
#include "mqtt_server_module.h"
#include "server_socket_module.h"
#include "webhook_control_module.h"
#if __has_include("register_modules.h")
#include "register_modules.h"
#define SYMEMU_HAS_SMARTMETERING 1
#endif

namespace symemu {

static std::vector<std::function<void(ModuleRegistry&)>>& extraRegistrars() {
  static std::vector<std::function<void(ModuleRegistry&)>> list;
  return list;
}

void addExtraFactories(std::function<void(ModuleRegistry&)> registrar) {
  extraRegistrars().push_back(std::move(registrar));
}

void registerBuiltinFactories(ModuleRegistry& registry) {
  for (auto& extra : extraRegistrars()) extra(registry);
  registry.registerFactory("Server Socket", [] { return std::make_unique<core::ServerSocketModule>(); });
  registry.registerFactory("MQTT Server", [] { return std::make_unique<core::MqttServerModule>(); });
  registry.registerFactory("WebHook Control", [] { return std::make_unique<core::WebHookControlModule>(); });
  registry.registerFactory("Client Socket", [] { return std::make_unique<core::ClientSocketModule>(); });
  registry.registerFactory("MQTT Client", [] { return std::make_unique<core::MqttClientModule>(); });
#ifdef SYMEMU_HAS_SMARTMETERING
  smartmetering::registerSmartMeteringFactories(registry);
#endif
}

}  // namespace symemu

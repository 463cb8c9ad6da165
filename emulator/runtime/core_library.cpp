// The symemu Core library (emulator/core): Symcon's core I/O modules as a library plug-in.
#include "symemu/runtime/core_library.h"

#include "symemu/core/client_socket/client_socket_module.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/core/mqtt_client/mqtt_client_module.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/server_socket/server_socket_module.h"
#include "symemu/core/webhook/control/webhook_control_module.h"

namespace symemu {

LibraryPlugin coreLibrary() {
  LibraryPlugin p;
  p.id = "{7B3B4C3E-9E1A-4F58-A7C3-5D2E1B0F6A01}";  // emulator/core/library.json "id"
  p.name = "symemu Core";
  p.directory = "core";
  p.registerFactories = [](ModuleRegistry& registry) {
    registry.registerFactory("Server Socket", [] { return std::make_unique<core::ServerSocketModule>(); });
    registry.registerFactory("MQTT Server", [] { return std::make_unique<core::MqttServerModule>(); });
    registry.registerFactory("WebHook Control", [] { return std::make_unique<core::WebHookControlModule>(); });
    registry.registerFactory("Client Socket", [] { return std::make_unique<core::ClientSocketModule>(); });
    registry.registerFactory("MQTT Client", [] { return std::make_unique<core::MqttClientModule>(); });
  };
  return p;
}

}  // namespace symemu

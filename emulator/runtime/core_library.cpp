// The symemu Core library (emulator/core): Symcon's core I/O modules as a library plug-in.
#include "core_library.h"

#include "kernel/module_registry.h"
#include "mqtt_server_module.h"
#include "server_socket_module.h"
#include "webhook_control_module.h"

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
  };
  return p;
}

}  // namespace symemu

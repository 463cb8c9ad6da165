#pragma once
// A test device that uses the MQTT Server and WebHook Control like a real module would:
// it receives every PUBLISH on echo/#, stores the payload in variables and publishes it back on
// reply/<topic> (QoS from SYMEMU_ECHO_REPLY_QOS, default 0); it serves /hook/echo (Basic auth when its User property is set).
#include "symemu/kernel/module.h"
#include "symemu/kernel/module_registry.h"

namespace symemu::testing {

inline const char* const kEchoDeviceId = "{3C1D5E7F-0000-4000-8000-0000000000E1}";

class EchoDevice : public Module {
 public:
  void create() override;
  void applyChanges() override;
  std::string receiveData(const std::string& json) override;
  void messageSink(std::int64_t, int sender, int message, const std::vector<Value>& data) override;
  HookResponse processHookData(const HookRequest& request) override;

 private:
  void registerHook();
};

void registerEchoDevice(ModuleRegistry& registry);

}  // namespace symemu::testing

#pragma once
// SmartLogHTTPS: the gateway of one SE-LOG that POSTs its JSON report to a WebHook
// (Report Mode TLS). Registers /hook/smartlog/<SmartLogID> in WebHook Control's "Hooks"
// (classic pattern: at KR_READY) and enforces Basic auth when a user name is set.
#include "symemu/smartmetering/libs/gateway_module.h"

namespace symemu::smartmetering {

class SmartLogHttps : public GatewayModule {
 public:
  void create() override;
  void applyChanges() override;
  void destroy() override;
  void messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) override;
  HookResponse processHookData(const HookRequest& request) override;
  std::string getConfigurationForm() override;

  std::string hookPath() const;  // "" while no SmartLogID is set

 private:
  // Puts this instance's hook into the first WebHook Control (creating one if none exists)
  // and removes hooks of this instance with another path. `remove` drops them all.
  void updateHooks(bool remove);
  int webHookControl(bool createIfMissing);
  std::string reportAddress();
};

}  // namespace symemu::smartmetering

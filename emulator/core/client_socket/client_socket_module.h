#pragma once
// Symcon's Client Socket I/O (docs/mqtt-client.md): one outgoing TCP/TLS connection to
// Host:Port while Open. What arrives reaches the children as Simple RX {018EF6B5-…} packets
// ({"Buffer"}); children send with Simple TX {79827379-…}. Status 102 while connected, 104
// when closed, 200 while it cannot connect (it keeps retrying with a doubling back-off).
// Network events arrive on the connection thread and are posted to the kernel thread.
#include <memory>
#include <optional>
#include <string>

#include "symemu/kernel/module.h"
#include "symemu/core/client_socket/tcp_client_connection.h"

namespace symemu::core {

inline const char* const kClientSocketModuleId = "{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}";
inline const char* const kSimpleToChildren = "{018EF6B5-AB94-40C6-AA53-46943E824ACF}";
inline const char* const kSimpleToParent = "{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}";

namespace clientsocket {
constexpr int StatusConnectFailed = 200;  // IS_EBASE: "instance has errors", as Symcon shows it
}

class ClientSocketModule : public Module, public TcpClientEvents {
 public:
  ~ClientSocketModule() override;
  void create() override;
  void applyChanges() override;
  void destroy() override;
  std::string forwardData(const std::string& json) override;

  // Closes the current connection and reconnects after the back-off (a child found the
  // stream unusable, e.g. the MQTT Client got garbage). Kernel thread.
  void reconnect(const std::string& why);

  // TcpClientEvents (connection thread): each posts the event to the kernel thread.
  void onConnected() override;
  void onData(std::string bytes) override;
  void onDisconnected(const std::string& reason) override;

 private:
  template <class F>
  void onKernel(F task);
  void stopConnection();

  std::unique_ptr<TcpClientConnection> connection_;
  std::optional<TcpClientConfig> active_;
  std::string lastError_;  // kernel thread: the last failure logged, so a retry loop logs once
};

}  // namespace symemu::core

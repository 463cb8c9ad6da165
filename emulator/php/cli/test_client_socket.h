#pragma once
// The real Client Socket module with the test helpers of the official stubs' IOStubs (PushText,
// HasText, PeekText, PopText as CSCK_ functions): with the network off, what children send is
// queued instead of being written to a connection, PushText delivers to the children as received
// bytes do, and the socket is active from the start whatever Open, Host and Port say, as the
// stubs' sockets are (docs/phpunit-stubs.md). With SYMEMU_NETWORK=1 it is the plain module.
// Threads: the kernel thread (php-cli's main thread). Errors: KernelError to the caller.
#include "symemu/core/client_socket/client_socket_module.h"

namespace symemu::php {

class TestClientSocket : public core::ClientSocketModule {
 public:
  void create() override;
  void applyChanges() override;
  std::string forwardData(const std::string& json) override;

 private:
  void pushText(const std::string& bytes);
};

}  // namespace symemu::php

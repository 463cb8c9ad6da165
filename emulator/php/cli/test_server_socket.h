#pragma once
// The real Server Socket module with the test helpers of the official stubs' IOStubs: with the
// network off, what children send is queued for HasPacket/PeekPacket/PopPacket instead of being
// written to a client, and the socket is active from the start as the stubs' sockets are (there
// is no listener that could fail; docs/phpunit-stubs.md). Threads: the kernel thread (php-cli's main thread).
#include "symemu/core/server_socket/server_socket_module.h"

namespace symemu::php {

class TestServerSocket : public core::ServerSocketModule {
 public:
  void applyChanges() override;
  std::string forwardData(const std::string& json) override;
};

}  // namespace symemu::php

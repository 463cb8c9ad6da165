#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "symemu/core/net/log_level.h"

namespace symemu::net {

// Unique per accepted connection, never reused within a process (starts at 1).
using ClientId = std::uint64_t;

struct TcpListenerConfig {
  std::string bindAddress = "0.0.0.0";
  std::uint16_t port = 0;                        // 0 = ephemeral, see TcpListener::port()
  std::size_t maxClients = 0;                    // 0 = unlimited; extra clients are accepted and closed at once
  std::size_t maxOutputBytes = 8 * 1024 * 1024;  // per client; a client that does not read
                                                 // and exceeds it is disconnected
  int closeFlushTimeoutMs = 5000;                // close(id) waits at most this long for pending output
  int listenBacklog = 1024;
};

// Callbacks arrive on the listener's single reactor thread, one at a time. They must not block
// (post to a queue instead) and must not call TcpListener::stop(); send() and close() are fine.
// For one client the order is always: onClientConnected, onClientData..., onClientDisconnected.
class TcpListenerEvents {
 public:
  virtual ~TcpListenerEvents() = default;
  virtual void onClientConnected(ClientId id, const std::string& ip, std::uint16_t port) = 0;
  virtual void onClientData(ClientId id, std::string bytes) = 0;  // in order per client
  virtual void onClientDisconnected(ClientId id) = 0;             // exactly once per connected client
  virtual void onLog(int level, const std::string& text) = 0;     // level: symemu::net::LogLevel
};

// A TCP server for many long-lived connections: one reactor thread with epoll and non-blocking
// sockets, no thread per client. Output is buffered per client and written as the peer reads.
class TcpListener {
 public:
  TcpListener(TcpListenerConfig config, TcpListenerEvents& events);
  ~TcpListener();  // calls stop()
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // Binds and starts the reactor thread. Throws std::runtime_error naming address and port,
  // e.g. "cannot listen on 0.0.0.0:1883: Address already in use". Throws std::logic_error
  // when already started.
  void start();

  // Closes every client (each gets onClientDisconnected, on the reactor thread), closes the
  // listening socket and joins the thread. Idempotent; may be restarted with start().
  // Throws std::logic_error when called from one of the callbacks.
  void stop();

  // The bound port (the ephemeral one resolved); 0 before start.
  std::uint16_t port() const;

  // Queues bytes for a client; thread-safe and non-blocking. Returns false when the client is
  // unknown, already closing, or was just disconnected for exceeding maxOutputBytes.
  bool send(ClientId id, std::string_view bytes);

  // Thread-safe. Stops reading from the client, writes its pending output (at most
  // closeFlushTimeoutMs), then closes it; onClientDisconnected follows. Unknown ids are ignored.
  void close(ClientId id);

  // Clients currently connected (refused clients never count).
  std::size_t clientCount() const;

 private:
  class Reactor;
  TcpListenerConfig config_;
  TcpListenerEvents& events_;
  std::unique_ptr<Reactor> reactor_;
};

}  // namespace symemu::net

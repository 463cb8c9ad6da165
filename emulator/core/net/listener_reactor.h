#pragma once

// The engine behind TcpListener: one thread, one epoll set, non-blocking sockets.
// Poco::Net::PollSet (1.11) was not used: it has no wake-up call and returns a freshly built
// std::map of ready sockets on every poll, which costs O(n log n) per wake-up at 1,000 clients.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "symemu/core/net/rate_limited_log.h"
#include "symemu/core/net/reserve_fd.h"
#include "symemu/core/net/tcp_listener.h"

namespace symemu::net {

class TcpListener::Reactor {
 public:
  Reactor(const TcpListenerConfig& config, TcpListenerEvents& events);
  ~Reactor();

  void start();
  void stop();
  std::uint16_t port() const { return port_.load(); }
  bool send(ClientId id, std::string_view bytes);
  void close(ClientId id);
  std::size_t clientCount() const;

 private:
  using Clock = std::chrono::steady_clock;

  struct Client {
    ClientId id = 0;
    Poco::Net::StreamSocket socket;  // owns the descriptor
    int fd = -1;
    std::string peer;  // "ip:port", for log lines
    std::string out;   // pending output, from outOffset on
    std::size_t outOffset = 0;
    bool watchingWrite = false;
    bool closeRequested = false;
    Clock::time_point closeDeadline{};
    std::string dropReason;  // set when the client must go at once (overflow, write error)
  };

  void run();
  void acceptReady();
  void handleAcceptError(int err);
  void admitClient(int fd, const std::string& ip, std::uint16_t port);
  void handleClientEvent(ClientId id, std::uint32_t events);
  void processRequests();
  void disconnect(ClientId id, bool graceful);
  void disconnectAll();
  int nextTimeoutMs() const;
  void wake();
  void log(int level, const std::string& text);

  // Called with mutex_ held.
  bool flushLocked(Client& client);  // false on a write error
  void watchWriteLocked(Client& client, bool on);
  void requestLocked(ClientId id);

  const TcpListenerConfig& config_;
  TcpListenerEvents& events_;
  std::string name_;  // "server socket <address>:<port>"

  Poco::Net::ServerSocket listener_;
  int listenFd_ = -1;
  int epollFd_ = -1;
  int wakeFd_ = -1;
  ReserveFd reserveFd_;
  std::atomic<std::uint16_t> port_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::thread::id threadId_;
  bool running_ = false;
  std::mutex lifecycleMutex_;  // start/stop

  bool acceptPaused_ = false;
  Clock::time_point acceptResumeAt_{};
  RateLimitedLog fdExhaustedLog_{std::chrono::seconds(10)};
  RateLimitedLog refusedLog_{std::chrono::seconds(1)};
  // Reactor thread only: recv() lands here, so a read costs no fresh, zero-filled 64 KiB
  // string (and its page faults); the data handed on is sized to what arrived.
  std::vector<char> readBuffer_;

  // mutex_ guards every Client's fields and the map's structure. Only the reactor thread
  // inserts or erases, so the reactor may look clients up without the lock.
  mutable std::mutex mutex_;
  std::unordered_map<ClientId, std::unique_ptr<Client>> clients_;
  std::vector<ClientId> requests_;        // close()/drop requests for the reactor
  std::unordered_set<ClientId> closing_;  // reactor-only: waiting for output to drain
};

}  // namespace symemu::net

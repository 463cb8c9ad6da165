#pragma once

// Test double for TcpListenerEvents: records every callback and lets a test wait for a state.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "symemu/core/net/tcp_listener.h"

namespace symemu::net::test {

class RecordingEvents : public TcpListenerEvents {
 public:
  struct Peer {
    std::string ip;
    std::uint16_t port = 0;
    std::string data;
    int disconnects = 0;
    bool dataAfterDisconnect = false;
  };

  // Optional hooks run on the reactor thread, e.g. to echo data back.
  std::function<void(ClientId, const std::string&)> onData;
  std::function<void(ClientId)> onConnect;

  void onClientConnected(ClientId id, const std::string& ip, std::uint16_t port) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Peer& p = peers_[id];
      p.ip = ip;
      p.port = port;
      order_.push_back(id);
    }
    if (onConnect) onConnect(id);
    changed_.notify_all();
  }
  void onClientData(ClientId id, std::string bytes) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Peer& p = peers_[id];
      if (p.disconnects > 0) p.dataAfterDisconnect = true;
      p.data += bytes;
    }
    if (onData) onData(id, bytes);
    changed_.notify_all();
  }
  void onClientDisconnected(ClientId id) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      peers_[id].disconnects++;
    }
    changed_.notify_all();
  }
  void onLog(int level, const std::string& text) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      logs_.push_back(text);
    }
    changed_.notify_all();
  }

  // Waits until pred() (called with the lock held) is true; false on timeout.
  bool waitUntil(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, pred);
  }

  // Accessors for use inside waitUntil predicates (lock already held) or after waiting.
  std::map<ClientId, Peer>& peers() { return peers_; }
  std::vector<ClientId>& connectOrder() { return order_; }
  std::vector<std::string>& logs() { return logs_; }

  std::size_t connectedCount() {
    std::size_t n = 0;
    for (auto& [id, p] : peers_) n += p.disconnects == 0 ? 1 : 0;
    return n;
  }
  std::size_t disconnectedCount() {
    std::size_t n = 0;
    for (auto& [id, p] : peers_) n += p.disconnects;
    return n;
  }
  bool logContains(const std::string& needle) {
    for (auto& l : logs_)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  }
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<ClientId, Peer> peers_;
  std::vector<ClientId> order_;
  std::vector<std::string> logs_;
};

}  // namespace symemu::net::test

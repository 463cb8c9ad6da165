#pragma once
// One outgoing TCP (optionally TLS) connection kept open by its own thread: it connects,
// reads, writes what send() queued, and after a failure or a drop reconnects with a doubling
// back-off. Threads: start/stop/send/drop are called from any thread (the kernel's); the
// events run on the connection thread and must not block for long. stop() joins the thread,
// so no event runs after it returns. Errors never throw out of the thread: they become
// onDisconnected/onLog events.
#include <Poco/Net/StreamSocket.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace symemu::core {

struct TcpClientConfig {
  std::string host;
  std::uint16_t port = 0;
  bool tls = false;
  std::string caFile;        // PEM bundle; empty: the system's CAs
  bool verifyPeer = true;    // certificate chain and host name
  int minBackoffMs = 500;    // first retry after a failure
  int maxBackoffMs = 10000;  // cap of the doubling
};

class TcpClientEvents {
 public:
  virtual ~TcpClientEvents() = default;
  virtual void onConnected() = 0;
  virtual void onData(std::string bytes) = 0;
  // `reason` names what happened ("connection refused", "closed by the peer", ...).
  virtual void onDisconnected(const std::string& reason) = 0;
};

class TcpClientConnection {
 public:
  TcpClientConnection(TcpClientConfig config, TcpClientEvents& events);
  ~TcpClientConnection();
  void start();
  void stop();
  // Queued and written by the connection thread; dropped when not connected.
  void send(std::string bytes);
  // Closes the current connection (the peer sent garbage, say); it reconnects after the back-off.
  void drop();

 private:
  void run();
  bool connectOnce(std::string& error);
  void serve();  // connected: read and write until the connection ends
  void closeSocket();

  TcpClientConfig config_;
  TcpClientEvents& events_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false, dropRequested_ = false, connected_ = false;
  std::string outbox_;
  int wakePipe_[2] = {-1, -1};  // a byte written here wakes the poll for new output
  std::unique_ptr<Poco::Net::StreamSocket> socket_;
};

}  // namespace symemu::core

#include "symemu/core/client_socket/tcp_client_connection.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "symemu/kernel/thread_name.h"

namespace symemu::core {

TcpClientConnection::TcpClientConnection(TcpClientConfig config, TcpClientEvents& events)
    : config_(std::move(config)), events_(events) {
  if (pipe(wakePipe_) != 0) throw std::runtime_error("Client Socket: cannot create a pipe");
  fcntl(wakePipe_[0], F_SETFL, O_NONBLOCK);
  fcntl(wakePipe_[1], F_SETFL, O_NONBLOCK);
}

TcpClientConnection::~TcpClientConnection() {
  stop();
  close(wakePipe_[0]);
  close(wakePipe_[1]);
}

void TcpClientConnection::start() {
  thread_ = std::thread([this] { run(); });
}

void TcpClientConnection::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  char b = 1;
  (void)!write(wakePipe_[1], &b, 1);
  if (thread_.joinable()) thread_.join();
}

void TcpClientConnection::send(std::string bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!connected_) return;
    outbox_ += bytes;
  }
  char b = 1;
  (void)!write(wakePipe_[1], &b, 1);
}

void TcpClientConnection::drop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropRequested_ = true;
  }
  char b = 1;
  (void)!write(wakePipe_[1], &b, 1);
}

bool TcpClientConnection::connectOnce(std::string& error) {
  try {
    Poco::Net::SocketAddress address(config_.host, config_.port);
    if (config_.tls) {
      static std::once_flag sslInit;
      std::call_once(sslInit, [] { Poco::Net::initializeSSL(); });  // OpenSSL set-up, once per process
      auto mode = config_.verifyPeer ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", config_.caFile, mode, 9,
                                 config_.caFile.empty(), "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
      auto tls = std::make_unique<Poco::Net::SecureStreamSocket>(context);
      tls->setPeerHostName(config_.host);
      tls->connect(address, Poco::Timespan(10, 0));
      if (config_.verifyPeer) tls->verifyPeerCertificate();  // host name against the certificate
      // A readable descriptor may carry only TLS records without data (TLS 1.3 session tickets):
      // a short read timeout keeps such a read from blocking the writes behind it.
      tls->setReceiveTimeout(Poco::Timespan(0, 50000));
      socket_ = std::move(tls);
    } else {
      auto plain = std::make_unique<Poco::Net::StreamSocket>();
      plain->connect(address, Poco::Timespan(10, 0));
      socket_ = std::move(plain);
    }
    socket_->setNoDelay(true);
    return true;
  } catch (const Poco::Exception& e) {
    error = e.displayText();
  } catch (const std::exception& e) {
    error = e.what();
  }
  socket_.reset();
  return false;
}

void TcpClientConnection::closeSocket() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connected_ = false;
    outbox_.clear();
  }
  if (socket_) {
    try {
      socket_->close();
    } catch (...) {
    }
  }
  socket_.reset();
}

void TcpClientConnection::run() {
  nameThisThread("client-socket");
  int backoff = config_.minBackoffMs;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      dropRequested_ = false;
    }
    std::string error;
    if (connectOnce(error)) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        connected_ = true;
      }
      events_.onConnected();
      auto started = std::chrono::steady_clock::now();
      serve();
      // A connection that lasted resets the back-off; one dropped at once keeps doubling it.
      if (std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) backoff = config_.minBackoffMs;
    } else {
      events_.onDisconnected("cannot connect to " + config_.host + ":" + std::to_string(config_.port) + ": " + error);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::milliseconds(backoff), [this] { return stopping_; })) return;
    backoff = std::min(backoff * 2, config_.maxBackoffMs);
  }
}

void TcpClientConnection::serve() {
  std::string reason;
  char buffer[16384];
  try {
    for (;;) {
      std::string out;
      bool stop = false, drop = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stop = stopping_;
        drop = dropRequested_;
        out.swap(outbox_);
      }
      // What was queued before a stop or drop still goes out (the MQTT Client's DISCONNECT).
      if (!out.empty()) socket_->sendBytes(out.data(), static_cast<int>(out.size()));
      if (stop || drop) {
        reason = stop ? "closed (instance stopped)" : "closed by the instance";
        break;
      }
      // TLS may hold decrypted bytes the descriptor no longer shows as readable.
      if (socket_->available() <= 0) {
        pollfd fds[2] = {{socket_->impl()->sockfd(), POLLIN, 0}, {wakePipe_[0], POLLIN, 0}};
        if (poll(fds, 2, 1000) < 0) continue;
        if (fds[1].revents) {
          char drain[64];
          while (read(wakePipe_[0], drain, sizeof drain) > 0) {
          }
        }
        if (!fds[0].revents) continue;
      }
      int n = 0;
      try {
        n = socket_->receiveBytes(buffer, sizeof buffer);
      } catch (const Poco::TimeoutException&) {
        continue;  // TLS records without application data
      }
      if (n <= 0) {
        reason = "closed by the peer";
        break;
      }
      events_.onData(std::string(buffer, static_cast<std::size_t>(n)));
    }
  } catch (const Poco::Exception& e) {
    reason = e.displayText();
  } catch (const std::exception& e) {
    reason = e.what();
  }
  closeSocket();
  events_.onDisconnected("connection to " + config_.host + ":" + std::to_string(config_.port) + " lost: " + reason);
}

}  // namespace symemu::core

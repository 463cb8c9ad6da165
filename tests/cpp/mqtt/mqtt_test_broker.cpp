// TEST-ONLY: serves symemu::mqtt::Broker over real TCP on 127.0.0.1 so real
// clients (mosquitto_pub/sub, paho) can be pointed at it. One thread per
// connection (Poco TCPServer), one mutex around the broker, confirm() at once.
//
//   mqtt_test_broker [--port N] [--user U --password P] [--max-packet-size N]
// Prints "ready PORT" on stdout when listening; stops on SIGINT/SIGTERM.
#include "symemu/core/mqtt/broker/broker.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

namespace {

using namespace symemu::mqtt;

class SocketHost : public BrokerHost {
 public:
  std::mutex mutex;  // guards the broker and `sockets`; held during every broker call
  Broker* broker = nullptr;
  std::map<ClientKey, Poco::Net::StreamSocket> sockets;

  void sendBytes(ClientKey key, std::string bytes) override {
    auto it = sockets.find(key);
    if (it == sockets.end()) return;
    try {
      std::size_t sent = 0;
      while (sent < bytes.size()) {
        int n = it->second.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception& e) {
      std::cerr << "send to " << key << " failed: " << e.displayText() << std::endl;
    }
  }
  void closeClient(ClientKey key, const std::string&) override {
    auto it = sockets.find(key);
    if (it == sockets.end()) return;
    try {
      it->second.shutdown();  // the reader thread sees EOF and reports clientDisconnected
    } catch (const Poco::Exception&) {
    }
  }
  void onClientPublish(const Message&, const std::string&, AckToken token) override {
    if (token) broker->confirm(token);  // no database here: durable at once
  }
  void log(int level, const std::string& text) override {
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::cerr << "[" << names[level & 3] << "] " << text << std::endl;
  }
};

SocketHost* gHost = nullptr;
std::atomic<ClientKey> gNextKey{1};

class MqttConnection : public Poco::Net::TCPServerConnection {
 public:
  using Poco::Net::TCPServerConnection::TCPServerConnection;
  void run() override {
    const ClientKey key = gNextKey++;
    Poco::Net::StreamSocket& s = socket();
    s.setNoDelay(true);
    {
      std::lock_guard<std::mutex> lock(gHost->mutex);
      gHost->sockets[key] = s;
      gHost->broker->clientConnected(key, s.peerAddress().host().toString(), s.peerAddress().port());
    }
    char buffer[16384];
    try {
      for (;;) {
        int n = s.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        std::lock_guard<std::mutex> lock(gHost->mutex);
        gHost->broker->bytesReceived(key, std::string_view(buffer, static_cast<std::size_t>(n)));
      }
    } catch (const Poco::Exception&) {
      // connection reset: same as a close
    }
    std::lock_guard<std::mutex> lock(gHost->mutex);
    gHost->broker->clientDisconnected(key);
    gHost->sockets.erase(key);
  }
};

}  // namespace

int main(int argc, char** argv) {
  BrokerConfig config;
  Poco::UInt16 port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    const std::string val = argv[i + 1];
    if (opt == "--port")
      port = static_cast<Poco::UInt16>(std::stoi(val));
    else if (opt == "--user")
      config.userName = val;
    else if (opt == "--password")
      config.password = val;
    else if (opt == "--max-packet-size")
      config.maxPacketSize = static_cast<std::uint32_t>(std::stoul(val));
    else {
      std::cerr << "unknown option " << opt << std::endl;
      return 2;
    }
  }

  // Block the stop signals in every thread; main waits for them with sigwait.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const auto start = std::chrono::steady_clock::now();
  SocketHost host;
  Broker broker(config, host,
                [start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); });
  host.broker = &broker;
  gHost = &host;

  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", port));
  Poco::ThreadPool pool(4, 128);
  auto* params = new Poco::Net::TCPServerParams;
  params->setMaxThreads(128);
  params->setMaxQueued(64);
  Poco::Net::TCPServer server(new Poco::Net::TCPServerConnectionFactoryImpl<MqttConnection>(), pool, listener, params);
  server.start();

  std::atomic<bool> running{true};
  std::thread ticker([&] {
    while (running) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      std::lock_guard<std::mutex> lock(host.mutex);
      broker.tick();
    }
  });

  std::cout << "ready " << listener.address().port() << std::endl;
  int sig = 0;
  sigwait(&stopSignals, &sig);
  running = false;
  ticker.join();
  {
    std::lock_guard<std::mutex> lock(host.mutex);
    for (auto& [key, s] : host.sockets) {
      try {
        s.shutdown();
      } catch (const Poco::Exception&) {
      }
    }
  }
  server.stop();
  pool.joinAll();
  return 0;
}

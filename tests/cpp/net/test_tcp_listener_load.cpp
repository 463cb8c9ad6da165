// TcpListener with many concurrent long-lived clients on one reactor thread.

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include "process_counts.h"
#include "recording_events.h"
#include "test_client.h"
#include "symemu/core/net/tcp_listener.h"

using namespace symemu::net;
using namespace symemu::net::test;
using namespace std::chrono_literals;

namespace {

// Each connection costs two descriptors here (client and server side).
bool ensureDescriptors(rlim_t wanted) {
  rlimit r{};
  ::getrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur >= wanted) return true;
  r.rlim_cur = std::min(wanted, r.rlim_max);
  return ::setrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur >= wanted;
}

void holdManyClients(int count, std::chrono::seconds budget) {
  REQUIRE(ensureDescriptors(static_cast<rlim_t>(count) * 2 + 256));
  RecordingEvents ev;
  TcpListenerConfig config;
  config.bindAddress = "127.0.0.1";
  TcpListener listener(config, ev);
  ev.onData = [&](ClientId id, const std::string& bytes) { listener.send(id, "ack:" + bytes); };
  listener.start();
  const std::size_t threadsWithListener = threadCount();

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Poco::Net::StreamSocket> clients;
  clients.reserve(count);
  for (int i = 0; i < count; ++i) clients.push_back(connectTo(listener.port()));
  REQUIRE(ev.waitUntil([&] { return ev.connectedCount() == static_cast<std::size_t>(count); }));
  CHECK(listener.clientCount() == static_cast<std::size_t>(count));
  CHECK(threadCount() == threadsWithListener);  // no thread per client

  // Every client talks while all stay connected.
  for (int i = 0; i < count; ++i) {
    std::string msg = "m" + std::to_string(i);
    clients[i].sendBytes(msg.data(), static_cast<int>(msg.size()));
  }
  for (int i = 0; i < count; ++i) {
    std::string expected = "ack:m" + std::to_string(i);
    REQUIRE(readBytes(clients[i], expected.size()) == expected);
  }
  CHECK(std::chrono::steady_clock::now() - t0 < budget);

  listener.stop();
  CHECK(ev.disconnectedCount() == static_cast<std::size_t>(count));
  for (auto& c : clients) CHECK(readToEnd(c).empty());
}

}  // namespace

TEST_CASE("TcpListener serves 500 concurrent clients quickly", "[net][load]") { holdManyClients(500, 10s); }

TEST_CASE("TcpListener holds 1,100 concurrent connections", "[net][load]") { holdManyClients(1100, 20s); }

// TcpListener: connect, data both ways, ordering, disconnects, close by the server, errors.

#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "recording_events.h"
#include "test_client.h"
#include "symemu/core/net/tcp_listener.h"

using namespace symemu::net;
using namespace symemu::net::test;
using namespace std::chrono_literals;

namespace {

TcpListenerConfig loopback() {
  TcpListenerConfig c;
  c.bindAddress = "127.0.0.1";
  c.port = 0;
  return c;
}

ClientId onlyClient(RecordingEvents& ev) {
  std::lock_guard<std::mutex> lock(ev.mutex());
  REQUIRE(ev.connectOrder().size() == 1);
  return ev.connectOrder().front();
}

}  // namespace

TEST_CASE("TcpListener reports connect, data both ways and disconnect", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  CHECK(listener.port() == 0);
  listener.start();
  REQUIRE(listener.port() != 0);

  auto client = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));
  ClientId id = onlyClient(ev);
  CHECK(id >= 1);
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    CHECK(ev.peers()[id].ip == "127.0.0.1");
    CHECK(ev.peers()[id].port == client.address().port());
  }
  CHECK(listener.clientCount() == 1);

  client.sendBytes("hello", 5);
  REQUIRE(ev.waitUntil([&] { return ev.peers()[id].data == "hello"; }));

  REQUIRE(listener.send(id, "world"));
  CHECK(readBytes(client, 5) == "world");

  client.close();
  REQUIRE(ev.waitUntil([&] { return ev.peers()[id].disconnects == 1; }));
  CHECK(listener.clientCount() == 0);
  CHECK_FALSE(listener.send(id, "late"));
  listener.stop();
  std::lock_guard<std::mutex> lock(ev.mutex());
  CHECK(ev.peers()[id].disconnects == 1);  // stop() does not report it again
  CHECK_FALSE(ev.peers()[id].dataAfterDisconnect);
}

TEST_CASE("TcpListener delivers each client's bytes in order", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  listener.start();
  auto a = connectTo(listener.port());
  auto b = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 2; }));

  std::string expectA, expectB;
  for (int i = 0; i < 2000; ++i) {
    std::string ma = "a" + std::to_string(i) + ";";
    std::string mb = "b" + std::to_string(i) + ";";
    a.sendBytes(ma.data(), static_cast<int>(ma.size()));
    b.sendBytes(mb.data(), static_cast<int>(mb.size()));
    expectA += ma;
    expectB += mb;
  }
  ClientId idA, idB;
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    // Connection order on the server follows connect order from one thread.
    idA = ev.connectOrder()[0];
    idB = ev.connectOrder()[1];
    CHECK(ev.peers()[idA].port == a.address().port());
  }
  REQUIRE(ev.waitUntil(
      [&] { return ev.peers()[idA].data.size() == expectA.size() && ev.peers()[idB].data.size() == expectB.size(); }));
  std::lock_guard<std::mutex> lock(ev.mutex());
  CHECK(ev.peers()[idA].data == expectA);
  CHECK(ev.peers()[idB].data == expectB);
}

TEST_CASE("TcpListener sends large output completely and in order", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  listener.start();
  auto client = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));
  ClientId id = onlyClient(ev);

  // 4 MiB in 4 KiB pieces, more than the socket buffers hold, so output is queued.
  std::string expected;
  for (int i = 0; i < 1024; ++i) {
    std::string piece(4096, static_cast<char>('A' + i % 26));
    expected += piece;
    REQUIRE(listener.send(id, piece));
  }
  CHECK(readBytes(client, expected.size()) == expected);
}

TEST_CASE("TcpListener close() flushes pending output, then closes", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  listener.start();
  auto client = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));
  ClientId id = onlyClient(ev);

  std::string payload(2 * 1024 * 1024, 'x');
  REQUIRE(listener.send(id, payload));
  listener.close(id);
  CHECK_FALSE(listener.send(id, "after close"));
  listener.close(id);  // twice is harmless
  CHECK(readToEnd(client) == payload);
  REQUIRE(ev.waitUntil([&] { return ev.peers()[id].disconnects == 1; }));
  CHECK(listener.clientCount() == 0);
}

TEST_CASE("TcpListener close() gives up on a client that does not read", "[net][listener]") {
  RecordingEvents ev;
  auto config = loopback();
  config.closeFlushTimeoutMs = 200;
  TcpListener listener(config, ev);
  listener.start();
  auto client = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));
  ClientId id = onlyClient(ev);

  REQUIRE(listener.send(id, std::string(4 * 1024 * 1024, 'y')));  // far more than the socket buffers
  auto t0 = std::chrono::steady_clock::now();
  listener.close(id);
  REQUIRE(ev.waitUntil([&] { return ev.peers()[id].disconnects == 1; }, 3s));
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  std::lock_guard<std::mutex> lock(ev.mutex());
  CHECK(ev.logContains("not taken within 200 ms"));
}

TEST_CASE("TcpListener ignores unknown client ids", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  CHECK_FALSE(listener.send(42, "x"));  // not started
  listener.close(42);
  listener.start();
  CHECK_FALSE(listener.send(42, "x"));
  listener.close(42);
  CHECK(listener.clientCount() == 0);
}

TEST_CASE("TcpListener callbacks may send and close", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  ev.onData = [&](ClientId id, const std::string& bytes) {
    listener.send(id, "echo:" + bytes);
    if (bytes.find("bye") != std::string::npos) listener.close(id);
  };
  listener.start();
  auto client = connectTo(listener.port());
  client.sendBytes("bye", 3);
  CHECK(readToEnd(client) == "echo:bye");
  REQUIRE(ev.waitUntil([&] { return ev.disconnectedCount() == 1; }));
}

TEST_CASE("TcpListener stop() from a callback is refused", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  std::atomic<bool> refused{false};
  ev.onConnect = [&](ClientId) {
    try {
      listener.stop();
    } catch (const std::logic_error&) {
      refused = true;
    }
  };
  listener.start();
  auto client = connectTo(listener.port());
  // The hook runs after the connect is recorded: wait for both, or the check races the hook.
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1 && refused; }));
  CHECK(listener.clientCount() == 1);
}

TEST_CASE("TcpListener stop() disconnects every client once and can restart", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  listener.start();
  std::vector<Poco::Net::StreamSocket> clients;
  for (int i = 0; i < 5; ++i) clients.push_back(connectTo(listener.port()));
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 5; }));

  listener.stop();
  listener.stop();  // idempotent
  CHECK(listener.clientCount() == 0);
  CHECK(listener.port() == 0);
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    for (auto& [id, peer] : ev.peers()) CHECK(peer.disconnects == 1);
  }
  for (auto& c : clients) CHECK(readToEnd(c).empty());  // the server closed them

  listener.start();
  auto again = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 6; }));
  std::lock_guard<std::mutex> lock(ev.mutex());
  ClientId newest = ev.connectOrder().back();
  for (std::size_t i = 0; i + 1 < ev.connectOrder().size(); ++i)
    CHECK(ev.connectOrder()[i] < newest);  // ids are never reused
}

TEST_CASE("TcpListener start() names address and port when the port is taken", "[net][listener]") {
  RecordingEvents ev1, ev2;
  TcpListener first(loopback(), ev1);
  first.start();
  auto config = loopback();
  config.port = first.port();
  TcpListener second(config, ev2);
  const std::string expected = "cannot listen on 127.0.0.1:" + std::to_string(first.port()) + ": ";
  REQUIRE_THROWS_AS(second.start(), std::runtime_error);
  try {
    second.start();
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    CHECK(what.rfind(expected, 0) == 0);
    CHECK(what.find("in use") != std::string::npos);
  }
  CHECK(second.port() == 0);
  second.stop();  // harmless after a failed start
}

TEST_CASE("TcpListener start() rejects a bad bind address with a clear message", "[net][listener]") {
  RecordingEvents ev;
  TcpListenerConfig config;
  config.bindAddress = "300.1.2.3";
  config.port = 0;
  TcpListener listener(config, ev);
  REQUIRE_THROWS_WITH(listener.start(), Catch::Matchers::StartsWith("cannot listen on 300.1.2.3:0: "));
}

TEST_CASE("TcpListener start() twice is a logic error", "[net][listener]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  listener.start();
  CHECK_THROWS_AS(listener.start(), std::logic_error);
}

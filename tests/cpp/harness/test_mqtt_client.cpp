#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <thread>
#include <vector>

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/harness/mqtt_client.h"

using namespace symemu;
using namespace symemu::harness;

namespace {

// A scripted broker for one connection: answers CONNECT with `connackCode` and, when
// `acknowledge`, completes the QoS handshakes. Records what it received.
class FakeBroker {
 public:
  FakeBroker(int connackCode, bool acknowledge) : server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this, connackCode, acknowledge] { run(connackCode, acknowledge); });
  }
  ~FakeBroker() {
    stop_ = true;
    join();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return server_.address().port(); }
  std::vector<mqtt::Packet> received;  // read after join()

 private:
  void send(Poco::Net::StreamSocket& s, const mqtt::Packet& p) {
    std::string b = mqtt::encode(p, mqtt::ProtocolVersion::V311);
    s.sendBytes(b.data(), static_cast<int>(b.size()));
  }
  void run(int connackCode, bool acknowledge) {
    Poco::Net::StreamSocket s;
    try {
      if (!server_.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ)) return;
      s = server_.acceptConnection();
      s.setReceiveTimeout(Poco::Timespan(0, 100000));
    } catch (...) {
      return;
    }
    mqtt::StreamDecoder dec;
    char buf[1024];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      int n = 0;
      try {
        n = s.receiveBytes(buf, sizeof buf);
      } catch (const Poco::TimeoutException&) {
        continue;
      } catch (...) {
        return;
      }
      if (n <= 0) return;
      dec.feed(std::string_view(buf, static_cast<std::size_t>(n)));
      for (auto r = dec.next(); r.ok(); r = dec.next()) {
        received.push_back(r.packet);
        if (std::holds_alternative<mqtt::Connect>(r.packet)) {
          mqtt::Connack ack;
          ack.reasonCode = static_cast<mqtt::ReasonCode>(connackCode);
          send(s, ack);
        } else if (auto* p = std::get_if<mqtt::Publish>(&r.packet); p && acknowledge) {
          if (p->qos == 1) {
            mqtt::Puback a;
            a.packetId = p->packetId;
            send(s, a);
          } else if (p->qos == 2) {
            mqtt::Pubrec a;
            a.packetId = p->packetId;
            send(s, a);
          }
        } else if (auto* rel = std::get_if<mqtt::Pubrel>(&r.packet)) {
          mqtt::Pubcomp c;
          c.packetId = rel->packetId;
          send(s, c);
        } else if (std::holds_alternative<mqtt::Disconnect>(r.packet)) {
          return;
        }
      }
    }
  }
  Poco::Net::ServerSocket server_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

MqttClientOptions options(int port, double timeout = 5) {
  MqttClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.clientId = "replay-test";
  o.userName = "user";
  o.password = "secret";
  o.timeoutSeconds = timeout;
  return o;
}

}  // namespace

TEST_CASE("the client connects, publishes with each QoS and disconnects") {
  FakeBroker broker(0, true);
  {
    MqttClient c(options(broker.port()));
    c.publish("a/0", "zero", 0, false);  // connects on first use
    CHECK(c.connected());
    c.publish("a/1", "one", 1, true);
    c.publish("a/2", "two", 2, false);
  }  // the destructor disconnects
  broker.join();
  const auto& got = broker.received;
  REQUIRE(got.size() == 6);
  auto& connect = std::get<mqtt::Connect>(got[0]);
  CHECK(connect.clientId == "replay-test");
  CHECK(connect.userName == std::optional<std::string>("user"));
  CHECK(connect.password == std::optional<std::string>("secret"));
  CHECK(connect.version == mqtt::ProtocolVersion::V311);
  CHECK(std::get<mqtt::Publish>(got[1]).qos == 0);
  auto& one = std::get<mqtt::Publish>(got[2]);
  CHECK(one.topic == "a/1");
  CHECK(one.payload == "one");
  CHECK(one.retain);
  auto& two = std::get<mqtt::Publish>(got[3]);
  CHECK(two.qos == 2);
  CHECK(two.packetId != one.packetId);
  CHECK(std::get<mqtt::Pubrel>(got[4]).packetId == two.packetId);
  CHECK(std::holds_alternative<mqtt::Disconnect>(got[5]));
}

TEST_CASE("a refused CONNECT names the return code") {
  FakeBroker broker(5, true);
  MqttClient c(options(broker.port()));
  CHECK_THROWS_WITH(c.connect(), Catch::Contains("refused client 'replay-test': 5 not authorized"));
  CHECK_FALSE(c.connected());
}

TEST_CASE("a missing acknowledgement times out") {
  FakeBroker broker(0, false);
  MqttClient c(options(broker.port(), 0.2));
  c.connect();
  CHECK_THROWS_WITH(c.publish("a", "b", 1, false), Catch::Contains("no answer from the broker"));
  CHECK_FALSE(c.connected());
}

TEST_CASE("connecting to a closed port fails with the address") {
  int port;
  {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = s.address().port();
  }
  MqttClient c(options(port, 1));
  CHECK_THROWS_WITH(c.connect(), Catch::Contains("cannot connect to mqtt://127.0.0.1:" + std::to_string(port)));
}

TEST_CASE("connack return codes have names") {
  CHECK(connackText(4) == "4 bad user name or password");
  CHECK(connackText(9) == "9 (unknown return code)");
}

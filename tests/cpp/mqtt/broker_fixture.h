// Test support: a recording BrokerHost, a manual clock, and a scripted client
// that encodes packets into the broker and decodes what it sends back.
#pragma once

#include "symemu/core/mqtt/broker/broker.h"
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace symemu::mqtt::test {

struct RecordingHost : BrokerHost {
  struct Publication {
    Message message;
    std::string clientId;
    AckToken token;
  };
  std::map<ClientKey, std::string> sent;  // bytes not yet read by a TestClient
  std::map<ClientKey, std::string> closed;
  std::vector<Publication> publications;
  std::vector<std::string> logs;
  Broker* broker = nullptr;
  bool autoConfirm = false;
  bool disconnectInsideClose = false;  // host calls clientDisconnected from closeClient

  void sendBytes(ClientKey c, std::string bytes) override { sent[c] += bytes; }
  void closeClient(ClientKey c, const std::string& reason) override {
    closed[c] = reason;
    if (disconnectInsideClose && broker) broker->clientDisconnected(c);
  }
  void onClientPublish(const Message& m, const std::string& clientId, AckToken token) override {
    publications.push_back({m, clientId, token});
    if (autoConfirm && token && broker) broker->confirm(token);
  }
  void log(int, const std::string& text) override { logs.push_back(text); }

  bool logged(const std::string& part) const {
    for (const auto& l : logs)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }
};

struct BrokerTest {
  double clock = 1000.0;
  RecordingHost host;
  std::unique_ptr<Broker> broker;
  ClientKey nextKey = 1;

  explicit BrokerTest(BrokerConfig config = {}) {
    broker = std::make_unique<Broker>(config, host, [this] { return clock; });
    host.broker = broker.get();
  }
  void advance(double seconds) {
    clock += seconds;
    broker->tick();
  }
};

class TestClient {
 public:
  TestClient(BrokerTest& t, ProtocolVersion v) : t_(t), version_(v), key_(t.nextKey++) {
    decoder_.setProtocolVersion(v);
    t_.broker->clientConnected(key_, "10.0.0." + std::to_string(key_), static_cast<std::uint16_t>(50000 + key_));
  }

  ClientKey key() const { return key_; }
  ProtocolVersion version() const { return version_; }

  void send(const Packet& p) { t_.broker->bytesReceived(key_, encode(p, version_)); }
  void sendRaw(const std::string& bytes) { t_.broker->bytesReceived(key_, bytes); }

  // Packets the broker sent since the last call.
  std::vector<Packet> received() {
    std::string& bytes = t_.host.sent[key_];
    decoder_.feed(bytes);
    bytes.clear();
    std::vector<Packet> out;
    for (;;) {
      DecodeResult r = decoder_.next();
      if (r.needMore()) break;
      INFO(r.error.message);
      REQUIRE(r.ok());
      out.push_back(std::move(r.packet));
    }
    return out;
  }

  // Exactly one packet of type T must have arrived.
  template <typename T>
  T expect() {
    auto packets = received();
    REQUIRE(packets.size() == 1);
    INFO("got " << packetTypeName(packetTypeOf(packets[0])));
    REQUIRE(std::holds_alternative<T>(packets[0]));
    return std::get<T>(packets[0]);
  }

  void expectNothing() { CHECK(received().empty()); }

  bool closed() const { return t_.host.closed.count(key_) > 0; }
  std::string closeReason() const {
    auto it = t_.host.closed.find(key_);
    return it == t_.host.closed.end() ? "" : it->second;
  }

  Connack connect(Connect c) {
    c.version = version_;
    c.protocolName = version_ == ProtocolVersion::V31 ? "MQIsdp" : "MQTT";
    send(c);
    return expect<Connack>();
  }
  Connack connect(const std::string& clientId, bool clean = true) {
    Connect c;
    c.clientId = clientId;
    c.cleanStart = clean;
    return connect(c);
  }

  void subscribe(const std::string& filter, int qos, std::uint16_t id = 1) {
    Subscribe s;
    s.packetId = id;
    s.entries.push_back(SubscribeEntry{filter, qos, false, false, 0});
    send(s);
    Suback a = expect<Suback>();
    REQUIRE(a.packetId == id);
    REQUIRE(a.reasonCodes == std::vector<ReasonCode>{static_cast<ReasonCode>(qos)});
  }

  void publish(const std::string& topic, const std::string& payload, int qos = 0, bool retain = false,
               std::uint16_t id = 0) {
    Publish p;
    p.topic = topic;
    p.payload = payload;
    p.qos = qos;
    p.retain = retain;
    p.packetId = qos ? (id ? id : nextId_++) : 0;
    send(p);
  }

  // Socket closed by the peer / network.
  void dropSocket() { t_.broker->clientDisconnected(key_); }
  // Clean DISCONNECT then the socket closes.
  void disconnect(ReasonCode code = ReasonCode::NormalDisconnection) {
    Disconnect d;
    d.reasonCode = code;
    send(d);
    t_.broker->clientDisconnected(key_);
  }

 private:
  BrokerTest& t_;
  ProtocolVersion version_;
  ClientKey key_;
  StreamDecoder decoder_;
  std::uint16_t nextId_ = 100;
};

inline Message message(const std::string& topic, const std::string& payload, int qos = 0, bool retain = false) {
  Message m;
  m.topic = topic;
  m.payload = payload;
  m.qos = qos;
  m.retain = retain;
  return m;
}

}  // namespace symemu::mqtt::test

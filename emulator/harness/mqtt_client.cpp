#include "symemu/harness/mqtt_client.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include "symemu/core/mqtt/codec/encoder.h"

namespace symemu::harness {

namespace {
Poco::Timespan timespan(double seconds) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds * 1e6)); }
}  // namespace

std::string connackText(int code) {
  switch (code) {
    case 0:
      return "0 accepted";
    case 1:
      return "1 unacceptable protocol version";
    case 2:
      return "2 identifier rejected";
    case 3:
      return "3 server unavailable";
    case 4:
      return "4 bad user name or password";
    case 5:
      return "5 not authorized";
  }
  return std::to_string(code) + " (unknown return code)";
}

MqttClient::MqttClient(MqttClientOptions options) : options_(std::move(options)) {}

MqttClient::~MqttClient() { disconnect(); }

void MqttClient::send(const mqtt::Packet& packet) {
  std::string bytes = mqtt::encode(packet, mqtt::ProtocolVersion::V311);
  try {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      int n = socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) throw MqttClientError("the broker closed the connection while sending");
      sent += static_cast<std::size_t>(n);
    }
  } catch (const Poco::Exception& e) {
    connected_ = false;
    throw MqttClientError("cannot send " + std::string(mqtt::packetTypeName(mqtt::packetTypeOf(packet))) + ": " +
                          e.displayText());
  }
}

mqtt::Packet MqttClient::receive() {
  char buf[4096];
  for (;;) {
    auto r = decoder_.next();
    if (r.ok()) return r.packet;
    if (r.failed()) {
      connected_ = false;
      throw MqttClientError("the broker sent a malformed packet: " + r.error.message);
    }
    int n = 0;
    try {
      n = socket_.receiveBytes(buf, sizeof buf);
    } catch (const Poco::TimeoutException&) {
      connected_ = false;  // a late answer would confuse the next exchange: start afresh
      socket_.close();
      throw MqttClientError("no answer from the broker within " + std::to_string(options_.timeoutSeconds) + " s");
    } catch (const Poco::Exception& e) {
      connected_ = false;
      throw MqttClientError("connection to the broker failed: " + e.displayText());
    }
    if (n <= 0) {
      connected_ = false;
      throw MqttClientError("the broker closed the connection");
    }
    decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
  }
}

template <class P>
P MqttClient::expect(std::uint16_t packetId, const char* what) {
  for (;;) {
    mqtt::Packet p = receive();
    if (auto* ack = std::get_if<P>(&p)) {
      if (ack->packetId == packetId) return *ack;
      continue;  // an acknowledgement of an earlier packet: not ours
    }
    if (std::holds_alternative<mqtt::Disconnect>(p)) {
      connected_ = false;
      throw MqttClientError(std::string("the broker disconnected instead of sending ") + what);
    }
    // Anything else (PINGRESP, a PUBLISH of a subscription) is not what we wait for.
  }
}

void MqttClient::connect() {
  disconnect();
  decoder_ = mqtt::StreamDecoder();
  try {
    socket_ = Poco::Net::StreamSocket();
    socket_.connect(Poco::Net::SocketAddress(options_.host, static_cast<Poco::UInt16>(options_.port)),
                    timespan(options_.timeoutSeconds));
    socket_.setReceiveTimeout(timespan(options_.timeoutSeconds));
    socket_.setSendTimeout(timespan(options_.timeoutSeconds));
    socket_.setNoDelay(true);
  } catch (const Poco::Exception& e) {
    throw MqttClientError("cannot connect to mqtt://" + options_.host + ":" + std::to_string(options_.port) + ": " +
                          e.displayText());
  }
  mqtt::Connect c;
  c.clientId = options_.clientId;
  c.cleanStart = true;
  c.keepAlive = 0;  // replays may pause longer than any keep-alive; the broker must not drop us
  c.userName = options_.userName;
  c.password = options_.password;
  send(c);
  mqtt::Packet p = receive();
  auto* ack = std::get_if<mqtt::Connack>(&p);
  if (!ack)
    throw MqttClientError("the broker answered CONNECT with " +
                          std::string(mqtt::packetTypeName(mqtt::packetTypeOf(p))));
  int code = static_cast<int>(ack->reasonCode);
  if (code != 0) {
    socket_.close();
    throw MqttClientError("the broker refused client '" + options_.clientId + "': " + connackText(code));
  }
  connected_ = true;
}

void MqttClient::publish(const std::string& topic, const std::string& payload, int qos, bool retain) {
  if (!connected_) connect();
  mqtt::Publish p;
  p.topic = topic;
  p.payload = payload;
  p.qos = qos;
  p.retain = retain;
  if (qos > 0) {
    p.packetId = nextPacketId_++;
    if (nextPacketId_ == 0) nextPacketId_ = 1;
  }
  send(p);
  if (qos == 1) {
    expect<mqtt::Puback>(p.packetId, "PUBACK");
  } else if (qos == 2) {
    expect<mqtt::Pubrec>(p.packetId, "PUBREC");
    mqtt::Pubrel rel;
    rel.packetId = p.packetId;
    send(rel);
    expect<mqtt::Pubcomp>(p.packetId, "PUBCOMP");
  }
}

void MqttClient::disconnect() {
  if (!connected_) return;
  connected_ = false;
  try {
    std::string bytes = mqtt::encode(mqtt::Disconnect{}, mqtt::ProtocolVersion::V311);
    socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    socket_.shutdownSend();
    socket_.close();
  } catch (const Poco::Exception&) {
  }
}

}  // namespace symemu::harness

#pragma once
// A small blocking MQTT 3.1.1 client for `symemu replay --target mqtt://…`: CONNECT, PUBLISH
// with the QoS handshakes (PUBACK; PUBREC/PUBREL/PUBCOMP), DISCONNECT. Built on the project's
// codec and a Poco StreamSocket; every wait has a timeout.
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/packet.h"

namespace symemu::harness {

class MqttClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MqttClientOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string clientId;
  std::optional<std::string> userName, password;
  double timeoutSeconds = 10;
};

class MqttClient {
 public:
  explicit MqttClient(MqttClientOptions options);
  ~MqttClient();
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  // Connects and waits for CONNACK; a refusal names the return code.
  void connect();
  bool connected() const { return connected_; }
  // Returns once the broker acknowledged the message (QoS 1/2) or it was sent (QoS 0).
  void publish(const std::string& topic, const std::string& payload, int qos, bool retain);
  // Sends DISCONNECT and closes; never throws.
  void disconnect();

 private:
  void send(const mqtt::Packet& packet);
  mqtt::Packet receive();  // next packet, or MqttClientError on timeout/close/garbage
  template <class P>
  P expect(std::uint16_t packetId, const char* what);

  MqttClientOptions options_;
  Poco::Net::StreamSocket socket_;
  mqtt::StreamDecoder decoder_;
  bool connected_ = false;
  std::uint16_t nextPacketId_ = 1;
};

// Text of a 3.1.1 CONNACK return code ("1 unacceptable protocol version", ...).
std::string connackText(int code);

}  // namespace symemu::harness

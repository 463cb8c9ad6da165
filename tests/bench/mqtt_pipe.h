#pragma once
// One MQTT 3.1.1 client connection for the load generators: a blocking CONNECT/CONNACK, then a
// non-blocking socket that pipelines whatever is queued (many PUBLISHes in flight) and decodes
// whatever arrives with the project's codec. Driven by poll() from the caller's loop.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/packet.h"

namespace symemu::bench {

class MqttPipeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MqttPipeOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string clientId;
  std::optional<std::string> userName, password;
  double timeoutSeconds = 10;
};

class MqttPipe {
 public:
  explicit MqttPipe(const MqttPipeOptions& options);  // connects; throws MqttPipeError
  ~MqttPipe();
  MqttPipe(const MqttPipe&) = delete;
  MqttPipe& operator=(const MqttPipe&) = delete;

  int fd() const { return fd_; }
  void queue(const std::string& bytes) { out_.append(bytes); }
  void queue(const mqtt::Packet& packet);
  std::size_t pendingBytes() const { return out_.size() - sent_; }
  // Writes what the socket takes now; true when nothing is left.
  bool flush();
  // Reads what is available and hands each decoded packet to `onPacket`. Throws when the peer
  // closed the connection or sent something undecodable.
  void receive(const std::function<void(mqtt::Packet&)>& onPacket);
  // Reads what is available and hands each packet's fixed-header byte and body to `onPacket`
  // without decoding it (a subscriber that only counts must not be the bottleneck). Do not mix
  // with receive() on the same connection once data flows.
  void receiveFramed(const std::function<void(std::uint8_t, std::string_view)>& onPacket);
  // Blocks until one packet arrives (set-up steps such as SUBACK).
  mqtt::Packet waitPacket(double timeoutSeconds);
  // Sends DISCONNECT (best effort) and closes.
  void close();

 private:
  int fd_ = -1;
  std::string out_;
  std::size_t sent_ = 0;
  mqtt::StreamDecoder decoder_;
  std::string framed_;  // receiveFramed's unparsed bytes
};

double monotonicSeconds();

}  // namespace symemu::bench

#include "mqtt_pipe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "symemu/core/mqtt/codec/encoder.h"

namespace symemu::bench {

double monotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

namespace {
void waitFd(int fd, short events, double timeoutSeconds, const char* what) {
  pollfd p{fd, events, 0};
  int n = ::poll(&p, 1, static_cast<int>(timeoutSeconds * 1000));
  if (n == 0) throw MqttPipeError(std::string("timed out waiting for ") + what);
  if (n < 0) throw MqttPipeError(std::string("poll failed: ") + std::strerror(errno));
}
}  // namespace

MqttPipe::MqttPipe(const MqttPipeOptions& o) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw MqttPipeError(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd_);
    throw MqttPipeError("not an IPv4 address: " + o.host);
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw MqttPipeError("cannot connect to " + o.host + ":" + std::to_string(o.port) + ": " + why);
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  mqtt::Connect c;
  c.clientId = o.clientId;
  c.keepAlive = 0;  // a benchmark may stall longer than a keep-alive while the server catches up
  c.userName = o.userName;
  c.password = o.password;
  queue(c);
  while (!flush()) waitFd(fd_, POLLOUT, o.timeoutSeconds, "the socket to take CONNECT");
  mqtt::Packet p = waitPacket(o.timeoutSeconds);
  auto* ack = std::get_if<mqtt::Connack>(&p);
  if (!ack || ack->reasonCode != mqtt::ReasonCode::Success) {
    ::close(fd_);
    fd_ = -1;
    throw MqttPipeError("the broker refused client '" + o.clientId + "'");
  }
}

MqttPipe::~MqttPipe() {
  if (fd_ >= 0) ::close(fd_);
}

void MqttPipe::queue(const mqtt::Packet& packet) { out_.append(mqtt::encode(packet, mqtt::ProtocolVersion::V311)); }

bool MqttPipe::flush() {
  while (sent_ < out_.size()) {
    ssize_t n = ::send(fd_, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      throw MqttPipeError(std::string("send failed: ") + std::strerror(errno));
    }
    sent_ += static_cast<std::size_t>(n);
  }
  if (sent_ == out_.size()) {
    out_.clear();
    sent_ = 0;
    return true;
  }
  if (sent_ > (1u << 20)) {  // drop what went out so the buffer does not grow without end
    out_.erase(0, sent_);
    sent_ = 0;
  }
  return false;
}

void MqttPipe::receive(const std::function<void(mqtt::Packet&)>& onPacket) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) throw MqttPipeError("the broker closed the connection");
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      throw MqttPipeError(std::string("recv failed: ") + std::strerror(errno));
    }
    decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    for (auto r = decoder_.next(); !r.needMore(); r = decoder_.next()) {
      if (r.failed()) throw MqttPipeError("undecodable packet from the broker: " + r.error.message);
      onPacket(r.packet);
    }
  }
}

void MqttPipe::receiveFramed(const std::function<void(std::uint8_t, std::string_view)>& onPacket) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) throw MqttPipeError("the broker closed the connection");
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR) continue;
      throw MqttPipeError(std::string("recv failed: ") + std::strerror(errno));
    }
    framed_.append(buf, static_cast<std::size_t>(n));
    std::size_t at = 0;
    for (;;) {
      // Fixed header: one type byte, then the remaining length in 1..4 bytes of 7 bits.
      std::size_t length = 0, i = 1;
      int shift = 0;
      bool complete = false;
      while (at + i < framed_.size() && i <= 4) {
        const auto b = static_cast<unsigned char>(framed_[at + i]);
        length |= static_cast<std::size_t>(b & 0x7F) << shift;
        shift += 7;
        ++i;
        if (!(b & 0x80)) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (i > 4) throw MqttPipeError("malformed remaining length from the broker");
        break;
      }
      if (at + i + length > framed_.size()) break;
      onPacket(static_cast<std::uint8_t>(framed_[at]), std::string_view(framed_.data() + at + i, length));
      at += i + length;
    }
    framed_.erase(0, at);
  }
}

mqtt::Packet MqttPipe::waitPacket(double timeoutSeconds) {
  const double deadline = monotonicSeconds() + timeoutSeconds;
  for (;;) {
    auto r = decoder_.next();
    if (r.ok()) return r.packet;
    if (r.failed()) throw MqttPipeError("undecodable packet from the broker: " + r.error.message);
    double left = deadline - monotonicSeconds();
    if (left <= 0) throw MqttPipeError("timed out waiting for the broker's answer");
    waitFd(fd_, POLLIN, left, "the broker's answer");
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0) throw MqttPipeError("the broker closed the connection");
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      throw MqttPipeError(std::string("recv failed: ") + std::strerror(errno));
    if (n > 0) decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
  }
}

void MqttPipe::close() {
  if (fd_ < 0) return;
  out_.clear();
  sent_ = 0;
  queue(mqtt::Disconnect{});
  flush();
  ::shutdown(fd_, SHUT_WR);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace symemu::bench

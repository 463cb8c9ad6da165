// Entry points: connection events, server publishes, confirmations, timers.
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/topic.h"
#include "symemu/core/mqtt/codec/utf8.h"

#include <algorithm>

namespace symemu::mqtt {

BrokerCore::CallGuard::CallGuard(BrokerCore& c) : core(c) { ++core.depth_; }

BrokerCore::CallGuard::~CallGuard() {
  if (--core.depth_ == 0) {
    core.deadConnections_.clear();
    core.deadSessions_.clear();
  }
}

BrokerCore::BrokerCore(BrokerConfig config, BrokerHost& host, std::function<double()> clock)
    : config_(std::move(config)), host_(host), clock_(std::move(clock)) {}

Session* BrokerCore::findSession(const std::string& clientId) {
  auto it = sessions_.find(clientId);
  return it == sessions_.end() ? nullptr : it->second.get();
}

Connection* BrokerCore::findConnection(ClientKey key) {
  auto it = connections_.find(key);
  return it == connections_.end() ? nullptr : it->second.get();
}

void BrokerCore::clientConnected(ClientKey key, const std::string& ip, std::uint16_t port) {
  CallGuard guard(*this);
  if (connections_.count(key)) {
    log(LogLevel::Warning, "connection key " + std::to_string(key) + " reused before clientDisconnected");
    clientDisconnected(key);
  }
  auto c = std::make_unique<Connection>();
  c->key = key;
  c->serial = nextSerial_++;
  c->ip = ip;
  c->port = port;
  c->decoder.setMaxPacketSize(config_.maxPacketSize);
  c->openedAt = c->lastReceived = now();
  connections_[key] = std::move(c);
}

void BrokerCore::bytesReceived(ClientKey key, std::string_view bytes) {
  CallGuard guard(*this);
  Connection* c = findConnection(key);
  if (!c || c->state == Connection::State::Closed) return;
  c->lastReceived = now();
  c->decoder.feedInPlace(bytes);  // `bytes` stay valid until keepRest below
  while (c->state != Connection::State::Closed) {
    DecodeResult r = c->decoder.next();
    if (r.needMore()) break;
    if (r.failed()) {
      handleDecodeError(*c, r.error);
      break;
    }
    handlePacket(*c, r.packet);
  }
  c->decoder.keepRest();
}

void BrokerCore::clientDisconnected(ClientKey key) {
  CallGuard guard(*this);
  auto it = connections_.find(key);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  if (c.state == Connection::State::Connected) {
    log(LogLevel::Info, describe(c) + " connection lost");
    c.state = Connection::State::Closed;
    detach(c, true);
  }
  c.state = Connection::State::Closed;
  deadConnections_.push_back(std::move(it->second));
  connections_.erase(it);
}

void BrokerCore::publish(const Message& message) {
  CallGuard guard(*this);
  if (!isValidTopicName(message.topic) || !isValidUtf8(message.topic)) {
    log(LogLevel::Warning, "server publish refused: invalid topic name '" + message.topic + "'");
    return;
  }
  Message m = message;
  m.qos = std::clamp(m.qos, 0, 2);
  if (m.retain && !config_.retainAvailable) m.retain = false;
  MessagePtr stored = makeStored(std::move(m), "");
  if (stored->message.retain) storeRetained(stored);
  route(stored);
}

void BrokerCore::confirm(AckToken token) {
  CallGuard guard(*this);
  auto it = pendingAcks_.find(token);
  if (it == pendingAcks_.end()) return;
  PendingAck ack = it->second;
  pendingAcks_.erase(it);
  if (ack.qos == 1) {
    Connection* c = findConnection(ack.key);
    if (!c || c->serial != ack.connectionSerial) return;  // that connection is gone
    if (c->pendingQos1 > 0) --c->pendingQos1;
    if (c->state == Connection::State::Connected) {
      Puback p;
      p.packetId = ack.packetId;
      send(*c, p);
    }
    return;
  }
  Session* s = findSession(ack.clientId);
  if (!s || s->serial != ack.sessionSerial) return;
  auto q = s->incomingQos2.find(ack.packetId);
  if (q == s->incomingQos2.end() || q->second.token != token) return;
  q->second.confirmed = true;
  const bool released = q->second.released;
  if (released) s->incomingQos2.erase(q);
  if (s->connection && s->connection->state == Connection::State::Connected) {
    if (released) {
      Pubcomp p;
      p.packetId = ack.packetId;
      send(*s->connection, p);
    } else {
      Pubrec p;
      p.packetId = ack.packetId;
      send(*s->connection, p);
    }
  }
}

void BrokerCore::tick() {
  CallGuard guard(*this);
  const double t = now();
  std::vector<ClientKey> keys;
  for (const auto& [key, c] : connections_) keys.push_back(key);
  for (ClientKey key : keys) {
    Connection* c = findConnection(key);
    if (!c) continue;
    if (c->state == Connection::State::AwaitingConnect && t - c->openedAt > config_.connectTimeout) {
      log(LogLevel::Info,
          describe(*c) + " sent no CONNECT within " + std::to_string(static_cast<int>(config_.connectTimeout)) + " s");
      drop(*c, "no CONNECT in time", false);
    } else if (c->state == Connection::State::Connected && c->keepAlive > 0 &&
               t - c->lastReceived > 1.5 * c->keepAlive) {
      log(LogLevel::Info, describe(*c) + " keep alive timeout (" + std::to_string(c->keepAlive) + " s)");
      if (c->v5()) {
        Disconnect d;
        d.reasonCode = ReasonCode::KeepAliveTimeout;
        send(*c, d);
      }
      drop(*c, "keep alive timeout", true);
    }
  }
  // Delayed wills that are due.
  std::vector<DelayedWill> due;
  for (auto it = delayedWills_.begin(); it != delayedWills_.end();) {
    if (it->due <= t) {
      due.push_back(std::move(*it));
      it = delayedWills_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& w : due) publishWillNow(w.message, w.clientId);
  // Expired offline sessions.
  std::vector<std::string> expired;
  for (const auto& [id, s] : sessions_)
    if (s->expiredAt(t)) expired.push_back(id);
  for (const auto& id : expired) {
    log(LogLevel::Info, "session of client '" + id + "' expired");
    destroySession(id);
  }
  for (const auto& topic : retained_.purgeExpired(t)) persistRetained(topic, nullptr);
}

}  // namespace symemu::mqtt

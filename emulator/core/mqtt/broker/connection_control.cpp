// Sending, refusing, closing and detaching connections; wills; session end.
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/encoder.h"

#include <algorithm>
#include <type_traits>

namespace symemu::mqtt {

std::string BrokerCore::describe(const Connection& c) const {
  std::string where = c.ip + ":" + std::to_string(c.port);
  if (c.clientId.empty()) return "connection " + where;
  return "client '" + c.clientId + "' (" + where + ")";
}

void BrokerCore::send(Connection& c, const Packet& packet) {
  if (c.state == Connection::State::Closed) return;
  std::string bytes = encode(packet, c.version);
  if (bytes.size() > c.maxPacketSizeOut) {
    // §3.x: leave out Reason String and User Properties rather than exceed the client's limit.
    Packet slim = packet;
    std::visit(
        [](auto& p) {
          if constexpr (std::is_base_of_v<AckPacket, std::decay_t<decltype(p)>> ||
                        std::is_same_v<std::decay_t<decltype(p)>, Connack> ||
                        std::is_same_v<std::decay_t<decltype(p)>, Disconnect> ||
                        std::is_same_v<std::decay_t<decltype(p)>, Suback> ||
                        std::is_same_v<std::decay_t<decltype(p)>, Unsuback>) {
            p.properties.reasonString.reset();
            p.properties.userProperties.clear();
          }
        },
        slim);
    bytes = encode(slim, c.version);
    if (bytes.size() > c.maxPacketSizeOut) {
      log(LogLevel::Warning, std::string(packetTypeName(packetTypeOf(packet))) + " to " + describe(c) +
                                 " not sent: " + std::to_string(bytes.size()) +
                                 " bytes exceed its maximum packet size " + std::to_string(c.maxPacketSizeOut));
      return;
    }
  }
  host_.sendBytes(c.key, std::move(bytes));
}

void BrokerCore::protocolViolation(Connection& c, ReasonCode code, const std::string& why) {
  if (c.state == Connection::State::Closed) return;
  log(LogLevel::Warning, describe(c) + " disconnected: " + why + " (" + reasonCodeName(code) + ")");
  if (c.state == Connection::State::Connected && c.v5()) {
    Disconnect d;
    d.reasonCode = code;
    d.properties.reasonString = why;
    send(c, d);
  }
  drop(c, why, true);
}

void BrokerCore::drop(Connection& c, const std::string& why, bool publishWill) {
  if (c.state == Connection::State::Closed) return;
  const bool wasConnected = c.state == Connection::State::Connected;
  c.state = Connection::State::Closed;
  if (wasConnected) detach(c, publishWill);
  host_.closeClient(c.key, why);
}

void BrokerCore::detach(Connection& c, bool publishWill) {
  Session* s = c.session;
  c.session = nullptr;
  if (s) {
    s->connection = nullptr;
    s->disconnectedAt = now();
  }
  if (publishWill && c.will) {
    const std::uint32_t sessionLeft = s ? s->expiryInterval : 0;
    const std::uint32_t delay = std::min(c.willDelay, sessionLeft);
    if (delay == 0) {
      publishWillNow(*c.will, c.clientId);
    } else {
      delayedWills_.push_back(DelayedWill{c.clientId, s->serial, *c.will, now() + delay});
      log(LogLevel::Debug, "will of client '" + c.clientId + "' delayed by " + std::to_string(delay) + " s");
    }
  }
  c.will.reset();
  if (s && s->expiryInterval == 0) destroySession(s->clientId);
}

void BrokerCore::publishWillNow(const Message& will, const std::string& clientId) {
  log(LogLevel::Info, "publishing will of client '" + clientId + "' on '" + will.topic + "'");
  MessagePtr stored = makeStored(will, clientId);
  if (stored->message.retain && config_.retainAvailable) storeRetained(stored);
  route(stored);
}

void BrokerCore::destroySession(const std::string& clientId) {
  auto it = sessions_.find(clientId);
  if (it == sessions_.end()) return;
  Session& s = *it->second;
  // A will still waiting for its delay is published when the session ends.
  std::vector<Message> wills;
  for (auto w = delayedWills_.begin(); w != delayedWills_.end();) {
    if (w->clientId == clientId && w->sessionSerial == s.serial) {
      wills.push_back(std::move(w->message));
      w = delayedWills_.erase(w);
    } else {
      ++w;
    }
  }
  forgetSession(s);
  for (const auto& [filter, sub] : s.subscriptions) subscriptions_.remove(filter, clientId);
  deadSessions_.push_back(std::move(it->second));
  sessions_.erase(it);
  for (const auto& w : wills) publishWillNow(w, clientId);
}

}  // namespace symemu::mqtt

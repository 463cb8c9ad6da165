// Outgoing messages: routing to subscribers, in-flight window, queueing for
// offline sessions, resend on resume, and the PUBLISH a client receives.
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/encoder.h"

#include <algorithm>
#include <cmath>

namespace symemu::mqtt {

MessagePtr BrokerCore::makeStored(Message message, const std::string& publisherId) {
  auto stored = std::make_shared<StoredMessage>();
  if (message.messageExpiry) stored->expiresAt = now() + *message.messageExpiry;
  stored->message = std::move(message);
  stored->publisherId = publisherId;
  return stored;
}

void BrokerCore::route(const MessagePtr& message) {
  if (subscriptions_.size() == 0) return;  // no subscriber (e.g. only the server's instances read)
  // Overlapping subscriptions of one client give one delivery with the highest QoS (§3.3.4).
  std::map<std::string, Delivery> targets;
  auto addTarget = [&](const std::string& clientId, const std::string& filter) {
    Session* s = findSession(clientId);
    if (!s) return;
    auto sub = s->subscriptions.find(filter);
    if (sub == s->subscriptions.end()) return;
    if (sub->second.noLocal && clientId == message->publisherId) return;
    auto [it, fresh] = targets.try_emplace(clientId);
    Delivery& d = it->second;
    if (fresh) {
      d.message = message;
      d.qos = -1;
    }
    d.qos = std::max(d.qos, std::min(sub->second.qos, message->message.qos));
    d.retain = d.retain || (sub->second.retainAsPublished && message->message.retain);
    if (sub->second.identifier) d.subscriptionIds.push_back(*sub->second.identifier);
  };
  subscriptions_.match(message->message.topic, addTarget,
                       [&](const std::string& filter, const std::set<std::string>& members) {
                         if (const std::string* member = pickShareMember(filter, members)) addTarget(*member, filter);
                       });
  for (auto& [clientId, d] : targets) {
    if (Session* s = findSession(clientId)) deliver(*s, std::move(d));
  }
}

const std::string* BrokerCore::pickShareMember(const std::string& filter, const std::set<std::string>& members) {
  // Round robin over the group, skipping members that are offline while another is online (§4.8.2).
  if (members.empty()) return nullptr;
  std::size_t& cursor = shareCursor_[filter];
  const std::size_t start = cursor++ % members.size();
  auto first = std::next(members.begin(), static_cast<std::ptrdiff_t>(start));
  auto it = first;
  do {
    const Session* s = findSession(*it);
    if (s && s->connection && s->connection->state == Connection::State::Connected) return &*it;
    if (++it == members.end()) it = members.begin();
  } while (it != first);
  return &*first;  // nobody online: the session queues it as for any offline subscriber
}

std::size_t BrokerCore::window(const Session& s) const {
  std::size_t w = config_.maxInflightMessages;
  if (s.connection) w = std::min<std::size_t>(w, s.connection->receiveMaximumOut);
  return std::max<std::size_t>(w, 1);
}

void BrokerCore::deliver(Session& s, Delivery d) {
  if (d.message->expired(now())) return;
  const bool online = s.connection && s.connection->state == Connection::State::Connected;
  if (online && d.qos == 0 && s.queue.empty()) {
    sendPublish(*s.connection, d, 0, false);
    return;
  }
  d.seq = s.nextSeq++;
  if (online && s.queue.empty() && s.inflight.size() < window(s)) {
    s.queue.push_back(std::move(d));
    pump(s);  // stores it as in flight
    return;
  }
  if (!online && d.qos == 0 && !config_.queueQos0Offline) return;  // QoS 0 may be dropped (§4.1)
  if (s.queue.size() >= config_.maxQueuedMessages) {
    log(LogLevel::Warning, "queue of client '" + s.clientId + "' full (" + std::to_string(config_.maxQueuedMessages) +
                               "): message on '" + d.message->message.topic + "' dropped");
    return;
  }
  persistMessage(s, d, 0, false);
  s.queue.push_back(std::move(d));
}

void BrokerCore::pump(Session& s) {
  while (!s.queue.empty()) {
    Connection* c = s.connection;
    if (!c || c->state != Connection::State::Connected) return;
    Delivery& front = s.queue.front();
    if (front.message->expired(now())) {
      forgetMessage(s, front);
      s.queue.pop_front();
      continue;
    }
    if (front.qos == 0) {
      forgetMessage(s, front);
      Delivery d = std::move(front);
      s.queue.pop_front();
      sendPublish(*c, d, 0, false);
      continue;
    }
    if (s.inflight.size() >= window(s)) return;
    const std::uint16_t id = s.allocatePacketId();
    if (id == 0) return;
    s.inflight.push_back(InflightMessage{id, std::move(front), false});
    s.queue.pop_front();
    const Delivery& sent = s.inflight.back().delivery;
    if (sendPublish(*c, sent, id, false)) {
      persistMessage(s, sent, id, false);
    } else {  // too big: counts as done
      forgetMessage(s, sent);
      s.eraseInflight(id);
    }
  }
}

void BrokerCore::resume(Session& s) {
  // Unacknowledged messages are sent again, PUBLISH with DUP or PUBREL (§4.4).
  std::vector<std::uint16_t> tooBig;  // counts as done
  for (auto& m : s.inflight) {
    Connection* c = s.connection;
    if (!c || c->state != Connection::State::Connected) return;
    if (m.awaitingPubcomp) {
      Pubrel rel;
      rel.packetId = m.packetId;
      send(*c, rel);
    } else if (!sendPublish(*c, m.delivery, m.packetId, true)) {
      forgetMessage(s, m.delivery);
      tooBig.push_back(m.packetId);
    }
  }
  for (auto id : tooBig) s.eraseInflight(id);
  pump(s);
}

bool BrokerCore::sendPublish(Connection& c, const Delivery& d, std::uint16_t packetId, bool dup) {
  const Message& m = d.message->message;
  Publish p;
  p.topic = m.topic;
  p.payload = m.payload;
  p.qos = d.qos;
  p.retain = d.retain;
  p.dup = dup && d.qos > 0;
  p.packetId = d.qos > 0 ? packetId : 0;
  if (c.v5()) {
    Properties& props = p.properties;
    props.payloadFormatIndicator = m.payloadFormat;
    if (d.message->expiresAt >= 0) {
      // The remaining lifetime, not the original interval (§3.3.2.3.3).
      const double left = std::max(0.0, d.message->expiresAt - now());
      props.messageExpiryInterval = static_cast<std::uint32_t>(std::ceil(left));
    }
    props.contentType = m.contentType;
    props.responseTopic = m.responseTopic;
    props.correlationData = m.correlationData;
    props.userProperties = m.userProperties;
    props.subscriptionIdentifiers = d.subscriptionIds;
  }
  // Outgoing topic alias (§3.3.2.3.4): a known topic goes as an empty name plus its alias; a new
  // one takes the next free alias while the client's Topic Alias Maximum allows.
  bool newAlias = false;
  if (c.topicAliasMaximumOut > 0) {
    auto known = c.outgoingAliases.find(m.topic);
    if (known != c.outgoingAliases.end()) {
      p.topic.clear();
      p.properties.topicAlias = known->second;
    } else if (c.outgoingAliases.size() < c.topicAliasMaximumOut) {
      p.properties.topicAlias = static_cast<std::uint16_t>(c.outgoingAliases.size() + 1);
      newAlias = true;
    }
  }
  std::string bytes = encode(p, c.version);
  if (bytes.size() > c.maxPacketSizeOut) {
    // Not sent: as if delivered, the session goes on (§3.1.2.11.4, [MQTT-3.1.2-25]).
    log(LogLevel::Warning, "message on '" + m.topic + "' not sent to " + describe(c) + ": " +
                               std::to_string(bytes.size()) + " bytes exceed its maximum packet size " +
                               std::to_string(c.maxPacketSizeOut));
    return false;
  }
  if (newAlias) c.outgoingAliases.emplace(m.topic, *p.properties.topicAlias);
  host_.sendBytes(c.key, std::move(bytes));
  return true;
}

}  // namespace symemu::mqtt

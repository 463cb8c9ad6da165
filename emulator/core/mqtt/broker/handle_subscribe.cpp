// SUBSCRIBE and UNSUBSCRIBE: filter checks, subscription options, retained delivery.
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/topic.h"

#include <algorithm>

namespace symemu::mqtt {

void BrokerCore::handleSubscribe(Connection& c, const Subscribe& p) {
  Session& s = *c.session;
  std::optional<std::uint32_t> identifier;
  if (!p.properties.subscriptionIdentifiers.empty()) identifier = p.properties.subscriptionIdentifiers.front();

  for (const auto& e : p.entries) {
    if (e.noLocal && parseSharedFilter(e.filter)) {  // [MQTT-3.8.3-4]
      protocolViolation(c, ReasonCode::ProtocolError, "No Local on shared subscription '" + e.filter + "'");
      return;
    }
  }

  Suback ack;
  ack.packetId = p.packetId;
  std::vector<std::pair<Subscription, bool>> added;  // subscription, existed before
  for (const auto& e : p.entries) {
    if (!isValidTopicFilter(e.filter)) {
      log(LogLevel::Warning, describe(c) + " invalid topic filter '" + e.filter + "'");
      ack.reasonCodes.push_back(c.v5() ? ReasonCode::TopicFilterInvalid : ReasonCode::UnspecifiedError);
      continue;
    }
    Subscription sub;
    sub.filter = e.filter;
    sub.qos = std::min(e.qos, 2);
    sub.noLocal = e.noLocal;
    sub.retainAsPublished = e.retainAsPublished;
    sub.retainHandling = e.retainHandling;
    sub.identifier = identifier;
    const bool existed = s.subscriptions.count(e.filter) > 0;
    s.subscriptions[e.filter] = sub;
    subscriptions_.add(e.filter, s.clientId);
    ack.reasonCodes.push_back(static_cast<ReasonCode>(sub.qos));
    added.emplace_back(std::move(sub), existed);
  }
  if (!added.empty()) persistSession(s);
  send(c, ack);

  // Retained messages follow the SUBACK (§3.3.1.3, v5 Retain Handling).
  for (const auto& [sub, existed] : added) {
    if (sub.retainHandling == 2 || (sub.retainHandling == 1 && existed)) continue;
    if (parseSharedFilter(sub.filter)) continue;  // none for shared subscriptions (§4.8.2)
    for (const auto& m : retained_.matching(sub.filter, now())) {
      if (!c.session) return;  // connection dropped meanwhile
      Delivery d;
      d.message = m;
      d.qos = std::min(sub.qos, m->message.qos);
      d.retain = true;
      if (sub.identifier) d.subscriptionIds.push_back(*sub.identifier);
      deliver(s, std::move(d));
    }
  }
}

void BrokerCore::handleUnsubscribe(Connection& c, const Unsubscribe& p) {
  Session& s = *c.session;
  Unsuback ack;
  ack.packetId = p.packetId;
  for (const auto& filter : p.filters) {
    auto it = s.subscriptions.find(filter);
    if (it != s.subscriptions.end()) {
      s.subscriptions.erase(it);
      subscriptions_.remove(filter, s.clientId);
      ack.reasonCodes.push_back(ReasonCode::Success);
      persistSession(s);
    } else {
      ack.reasonCodes.push_back(isValidTopicFilter(filter) ? ReasonCode::NoSubscriptionExisted
                                                           : ReasonCode::TopicFilterInvalid);
    }
  }
  send(c, ack);
}

}  // namespace symemu::mqtt

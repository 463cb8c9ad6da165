// Durable broker state through BrokerHost::storeState, and restoreState at start-up.
//
// Keys (one row each, so a change writes one row, not a whole session):
//   "s/<client id>"          a session whose expiry is > 0: expiry interval, subscriptions
//   "m/<client id>/<seq>"    a message of that session, queued (packet id 0) or in flight
//   "r/<topic>"              a retained message
// A message is kept as the v5 PUBLISH the broker would send (topic, payload, QoS, retain and
// every publish property, so the codec does the work), after a small header of our own.
#include "symemu/core/mqtt/broker/broker_core.h"

#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/codec/wire.h"

#include <cinttypes>
#include <cstdio>

namespace symemu::mqtt {

namespace {

constexpr std::uint8_t kFormat = 1;  // first byte of every value; bump when the layout changes

std::string messageKey(const std::string& clientId, std::uint64_t seq) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "/%016" PRIx64, seq);  // fixed width: key order = queue order
  return "m/" + clientId + buf;
}

// Header: expiry (clock seconds as text, "" = none) and publisher, then the PUBLISH bytes.
void writeMessage(WireWriter& w, const StoredMessage& stored) {
  w.utf8(stored.expiresAt < 0 ? std::string() : std::to_string(stored.expiresAt));
  w.binary(stored.publisherId);
  Publish p;
  const Message& m = stored.message;
  p.topic = m.topic;
  p.payload = m.payload;
  p.qos = m.qos;
  p.retain = m.retain;
  p.packetId = m.qos > 0 ? 1 : 0;
  p.properties.payloadFormatIndicator = m.payloadFormat;
  p.properties.messageExpiryInterval = m.messageExpiry;
  p.properties.contentType = m.contentType;
  p.properties.responseTopic = m.responseTopic;
  p.properties.correlationData = m.correlationData;
  p.properties.userProperties = m.userProperties;
  const std::string bytes = encode(p, ProtocolVersion::V5);
  w.u32(static_cast<std::uint32_t>(bytes.size()));
  w.raw(bytes);
}

MessagePtr readMessage(WireReader& r) {
  auto stored = std::make_shared<StoredMessage>();
  const std::string expiry = r.binary("expiry");
  stored->expiresAt = expiry.empty() ? -1 : std::stod(expiry);
  stored->publisherId = r.binary("publisher");
  const std::uint32_t size = r.u32("publish size");
  StreamDecoder decoder;
  decoder.setProtocolVersion(ProtocolVersion::V5);
  decoder.feed(r.take(size, "publish"));
  DecodeResult d = decoder.next();
  if (!d.ok() || !std::holds_alternative<Publish>(d.packet)) throwMalformed("stored PUBLISH: " + d.error.message);
  stored->message = messageOf(std::get<Publish>(d.packet));
  return stored;
}

}  // namespace

void BrokerCore::persistSession(const Session& s) {
  if (!s.persistent()) return;
  WireWriter w;
  w.u8(kFormat);
  w.u32(s.expiryInterval);
  w.u32(static_cast<std::uint32_t>(s.subscriptions.size()));
  for (const auto& [filter, sub] : s.subscriptions) {
    w.utf8(filter);
    w.u8(static_cast<std::uint8_t>(sub.qos | (sub.noLocal ? 0x04 : 0) | (sub.retainAsPublished ? 0x08 : 0) |
                                   (sub.retainHandling << 4)));
    w.u32(sub.identifier.value_or(0));
  }
  host_.storeState("s/" + s.clientId, w.str());
}

void BrokerCore::setSessionExpiry(Session& s, std::uint32_t expiry) {
  if (s.persistent() && expiry == 0) forgetSession(s);  // it now ends with its connection
  s.expiryInterval = expiry;
  persistSession(s);
}

void BrokerCore::forgetSession(const Session& s) {
  if (!s.persistent()) return;
  for (const auto& m : s.inflight) host_.storeState(messageKey(s.clientId, m.delivery.seq), std::nullopt);
  for (const auto& d : s.queue) host_.storeState(messageKey(s.clientId, d.seq), std::nullopt);
  host_.storeState("s/" + s.clientId, std::nullopt);
}

void BrokerCore::persistMessage(const Session& s, const Delivery& d, std::uint16_t packetId, bool awaitingPubcomp) {
  if (!s.persistent()) return;
  WireWriter w;
  w.u8(kFormat);
  w.u16(packetId);
  w.u8(static_cast<std::uint8_t>(d.qos | (d.retain ? 0x04 : 0) | (awaitingPubcomp ? 0x08 : 0)));
  w.u32(static_cast<std::uint32_t>(d.subscriptionIds.size()));
  for (auto id : d.subscriptionIds) w.u32(id);
  writeMessage(w, *d.message);
  host_.storeState(messageKey(s.clientId, d.seq), w.str());
}

void BrokerCore::forgetMessage(const Session& s, const Delivery& d) {
  if (s.persistent()) host_.storeState(messageKey(s.clientId, d.seq), std::nullopt);
}

void BrokerCore::persistRetained(const std::string& topic, const MessagePtr& message) {
  if (!message || message->message.payload.empty()) {
    host_.storeState("r/" + topic, std::nullopt);
    return;
  }
  WireWriter w;
  w.u8(kFormat);
  writeMessage(w, *message);
  host_.storeState("r/" + topic, w.str());
}

void BrokerCore::storeRetained(const MessagePtr& message) {
  retained_.store(message);
  persistRetained(message->message.topic, message);
}

void BrokerCore::restoreState(const std::vector<std::pair<std::string, std::string>>& rows) {
  CallGuard guard(*this);
  const double t = now();
  std::size_t sessions = 0, messages = 0, retained = 0;
  auto skip = [&](const std::string& key, const std::string& why) {
    log(LogLevel::Warning, "stored MQTT state '" + key + "' skipped: " + why);
    host_.storeState(key, std::nullopt);
  };
  // Sessions first, so their messages find them; rows come in key order ("m/" < "r/" < "s/").
  for (const auto& [key, value] : rows) {
    if (key.rfind("s/", 0) != 0) continue;
    try {
      WireReader r(value);
      if (r.u8("format") != kFormat) throwMalformed("unknown format");
      auto s = std::make_unique<Session>();
      s->clientId = key.substr(2);
      s->serial = nextSerial_++;
      s->expiryInterval = r.u32("expiry");
      s->disconnectedAt = t;  // the restart counts as the disconnection
      for (std::uint32_t n = r.u32("subscriptions"); n > 0; --n) {
        Subscription sub;
        sub.filter = r.utf8("filter");
        const std::uint8_t opts = r.u8("options");
        sub.qos = opts & 0x03;
        sub.noLocal = opts & 0x04;
        sub.retainAsPublished = opts & 0x08;
        sub.retainHandling = (opts >> 4) & 0x03;
        if (std::uint32_t id = r.u32("identifier")) sub.identifier = id;
        subscriptions_.add(sub.filter, s->clientId);
        s->subscriptions[sub.filter] = std::move(sub);
      }
      sessions_[s->clientId] = std::move(s);
      ++sessions;
    } catch (const DecodeFailure& e) {
      skip(key, e.message);
    }
  }
  for (const auto& [key, value] : rows) {
    try {
      if (key.rfind("m/", 0) == 0) {
        const std::size_t slash = key.rfind('/');
        Session* s = slash > 2 ? findSession(key.substr(2, slash - 2)) : nullptr;
        if (!s) {
          skip(key, "its session is gone");
          continue;
        }
        WireReader r(value);
        if (r.u8("format") != kFormat) throwMalformed("unknown format");
        const std::uint16_t packetId = r.u16("packet id");
        const std::uint8_t flags = r.u8("flags");
        Delivery d;
        d.qos = flags & 0x03;
        d.retain = flags & 0x04;
        for (std::uint32_t n = r.u32("subscription ids"); n > 0; --n) d.subscriptionIds.push_back(r.u32("id"));
        d.message = readMessage(r);
        d.seq = std::stoull(key.substr(slash + 1), nullptr, 16);
        s->nextSeq = std::max(s->nextSeq, d.seq + 1);
        if (packetId)
          s->inflight.push_back(InflightMessage{packetId, std::move(d), (flags & 0x08) != 0});
        else
          s->queue.push_back(std::move(d));
        ++messages;
      } else if (key.rfind("r/", 0) == 0) {
        WireReader r(value);
        if (r.u8("format") != kFormat) throwMalformed("unknown format");
        MessagePtr m = readMessage(r);
        if (m->expired(t)) {
          host_.storeState(key, std::nullopt);
          continue;
        }
        retained_.store(m);
        ++retained;
      }
    } catch (const DecodeFailure& e) {
      skip(key, e.message);
    } catch (const std::exception& e) {
      skip(key, e.what());
    }
  }
  if (sessions + messages + retained > 0)
    log(LogLevel::Info, "restored " + std::to_string(sessions) + " MQTT sessions, " + std::to_string(messages) +
                            " queued messages and " + std::to_string(retained) + " retained messages");
}

}  // namespace symemu::mqtt

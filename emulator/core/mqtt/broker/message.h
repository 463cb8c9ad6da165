// An application message as the broker routes it.
#pragma once

#include "symemu/core/mqtt/codec/properties.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace symemu::mqtt {

struct Message {
  std::string topic;
  std::string payload;  // raw bytes
  int qos = 0;
  bool retain = false;
  // MQTT 5 publish properties, passed through to v5 subscribers unchanged
  // (message expiry is counted down while the message waits in the broker).
  std::optional<std::uint8_t> payloadFormat;   // 0 bytes, 1 UTF-8
  std::optional<std::uint32_t> messageExpiry;  // seconds
  std::optional<std::string> contentType;
  std::optional<std::string> responseTopic;
  std::optional<std::string> correlationData;
  UserProperties userProperties;  // ordered, repeated keys allowed
};

// The application message a PUBLISH or a Will carries (both have topic, payload, qos, retain and
// the same publish properties).
template <class Packet>
Message messageOf(const Packet& p) {
  Message m;
  m.topic = p.topic;
  m.payload = p.payload;
  m.qos = p.qos;
  m.retain = p.retain;
  m.payloadFormat = p.properties.payloadFormatIndicator;
  m.messageExpiry = p.properties.messageExpiryInterval;
  m.contentType = p.properties.contentType;
  m.responseTopic = p.properties.responseTopic;
  m.correlationData = p.properties.correlationData;
  m.userProperties = p.properties.userProperties;
  return m;
}

// As messageOf, but the message takes the packet's texts (a payload is kilobytes): for a
// packet that is not read again.
template <class Packet>
Message messageFrom(Packet&& p) {
  Message m;
  m.topic = std::move(p.topic);
  m.payload = std::move(p.payload);
  m.qos = p.qos;
  m.retain = p.retain;
  m.payloadFormat = p.properties.payloadFormatIndicator;
  m.messageExpiry = p.properties.messageExpiryInterval;
  m.contentType = std::move(p.properties.contentType);
  m.responseTopic = std::move(p.properties.responseTopic);
  m.correlationData = std::move(p.properties.correlationData);
  m.userProperties = std::move(p.properties.userProperties);
  return m;
}

}  // namespace symemu::mqtt

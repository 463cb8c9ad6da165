#include "symemu/core/mqtt/codec/properties.h"

#include "symemu/core/mqtt/codec/wire.h"

#include <string>

namespace symemu::mqtt {

namespace {

enum class Kind { Byte, Two, Four, Varint, Utf8, Binary, Pair };

constexpr unsigned bit(PropertyContext c) { return 1u << static_cast<unsigned>(c); }
constexpr unsigned kPublishish = bit(PropertyContext::Publish) | bit(PropertyContext::Will);
constexpr unsigned kAllContexts = 0x7FF;

struct PropertyInfo {
  Kind kind;
  unsigned contexts;
  const char* name;
};

// MQTT 5.0 §2.2.2.2 table: data type and the packets each identifier may appear in.
const PropertyInfo* infoFor(std::uint8_t id) {
  using C = PropertyContext;
  static const PropertyInfo payloadFormat{Kind::Byte, kPublishish, "Payload Format Indicator"};
  static const PropertyInfo messageExpiry{Kind::Four, kPublishish, "Message Expiry Interval"};
  static const PropertyInfo contentType{Kind::Utf8, kPublishish, "Content Type"};
  static const PropertyInfo responseTopic{Kind::Utf8, kPublishish, "Response Topic"};
  static const PropertyInfo correlation{Kind::Binary, kPublishish, "Correlation Data"};
  static const PropertyInfo subId{Kind::Varint, bit(C::Publish) | bit(C::Subscribe), "Subscription Identifier"};
  static const PropertyInfo sessionExpiry{Kind::Four, bit(C::Connect) | bit(C::Connack) | bit(C::Disconnect),
                                          "Session Expiry Interval"};
  static const PropertyInfo assignedId{Kind::Utf8, bit(C::Connack), "Assigned Client Identifier"};
  static const PropertyInfo serverKeepAlive{Kind::Two, bit(C::Connack), "Server Keep Alive"};
  static const PropertyInfo authMethod{Kind::Utf8, bit(C::Connect) | bit(C::Connack) | bit(C::Auth),
                                       "Authentication Method"};
  static const PropertyInfo authData{Kind::Binary, bit(C::Connect) | bit(C::Connack) | bit(C::Auth),
                                     "Authentication Data"};
  static const PropertyInfo reqProblem{Kind::Byte, bit(C::Connect), "Request Problem Information"};
  static const PropertyInfo willDelay{Kind::Four, bit(C::Will), "Will Delay Interval"};
  static const PropertyInfo reqResponse{Kind::Byte, bit(C::Connect), "Request Response Information"};
  static const PropertyInfo responseInfo{Kind::Utf8, bit(C::Connack), "Response Information"};
  static const PropertyInfo serverRef{Kind::Utf8, bit(C::Connack) | bit(C::Disconnect), "Server Reference"};
  static const PropertyInfo reasonString{
      Kind::Utf8,
      bit(C::Connack) | bit(C::PubAck) | bit(C::Suback) | bit(C::Unsuback) | bit(C::Disconnect) | bit(C::Auth),
      "Reason String"};
  static const PropertyInfo receiveMax{Kind::Two, bit(C::Connect) | bit(C::Connack), "Receive Maximum"};
  static const PropertyInfo aliasMax{Kind::Two, bit(C::Connect) | bit(C::Connack), "Topic Alias Maximum"};
  static const PropertyInfo alias{Kind::Two, bit(C::Publish), "Topic Alias"};
  static const PropertyInfo maxQos{Kind::Byte, bit(C::Connack), "Maximum QoS"};
  static const PropertyInfo retainAvail{Kind::Byte, bit(C::Connack), "Retain Available"};
  static const PropertyInfo userProp{Kind::Pair, kAllContexts, "User Property"};
  static const PropertyInfo maxPacket{Kind::Four, bit(C::Connect) | bit(C::Connack), "Maximum Packet Size"};
  static const PropertyInfo wildcardAvail{Kind::Byte, bit(C::Connack), "Wildcard Subscription Available"};
  static const PropertyInfo subIdAvail{Kind::Byte, bit(C::Connack), "Subscription Identifier Available"};
  static const PropertyInfo sharedAvail{Kind::Byte, bit(C::Connack), "Shared Subscription Available"};
  switch (id) {
    case 0x01:
      return &payloadFormat;
    case 0x02:
      return &messageExpiry;
    case 0x03:
      return &contentType;
    case 0x08:
      return &responseTopic;
    case 0x09:
      return &correlation;
    case 0x0B:
      return &subId;
    case 0x11:
      return &sessionExpiry;
    case 0x12:
      return &assignedId;
    case 0x13:
      return &serverKeepAlive;
    case 0x15:
      return &authMethod;
    case 0x16:
      return &authData;
    case 0x17:
      return &reqProblem;
    case 0x18:
      return &willDelay;
    case 0x19:
      return &reqResponse;
    case 0x1A:
      return &responseInfo;
    case 0x1C:
      return &serverRef;
    case 0x1F:
      return &reasonString;
    case 0x21:
      return &receiveMax;
    case 0x22:
      return &aliasMax;
    case 0x23:
      return &alias;
    case 0x24:
      return &maxQos;
    case 0x25:
      return &retainAvail;
    case 0x26:
      return &userProp;
    case 0x27:
      return &maxPacket;
    case 0x28:
      return &wildcardAvail;
    case 0x29:
      return &subIdAvail;
    case 0x2A:
      return &sharedAvail;
    default:
      return nullptr;
  }
}

template <typename T>
void setOnce(std::optional<T>& slot, T value, const char* name) {
  if (slot) throwProtocolError(std::string("duplicate property ") + name);
  slot = std::move(value);
}

void requireBoolean(std::uint8_t v, const char* name) {
  if (v > 1) throwProtocolError(std::string("property ") + name + " must be 0 or 1, got " + std::to_string(v));
}

std::string hex(std::uint8_t v) {
  static const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[v >> 4] + digits[v & 0xF];
}

}  // namespace

Properties readProperties(WireReader& in, PropertyContext ctx) {
  const std::uint32_t length = in.varint("property length");
  if (length > in.remaining()) throwMalformed("property length exceeds packet");
  WireReader block(in.take(length, "properties"));
  Properties p;
  while (!block.atEnd()) {
    const std::uint32_t rawId = block.varint("property identifier");
    const std::uint8_t id = static_cast<std::uint8_t>(rawId);
    const PropertyInfo* info = rawId <= 0x7F ? infoFor(id) : nullptr;
    if (!info) throwMalformed("unknown property identifier " + (rawId <= 0xFF ? hex(id) : std::to_string(rawId)));
    if (!(info->contexts & bit(ctx))) throwMalformed(std::string("property ") + info->name + " not allowed here");
    const char* name = info->name;
    switch (static_cast<PropertyId>(id)) {
      case PropertyId::PayloadFormatIndicator: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.payloadFormatIndicator, v, name);
        break;
      }
      case PropertyId::MessageExpiryInterval:
        setOnce(p.messageExpiryInterval, block.u32(name), name);
        break;
      case PropertyId::ContentType:
        setOnce(p.contentType, block.utf8(name), name);
        break;
      case PropertyId::ResponseTopic: {
        std::string t = block.utf8(name);
        if (t.empty() || t.find_first_of("+#") != std::string::npos)
          throwProtocolError("Response Topic is not a valid topic name");
        setOnce(p.responseTopic, std::move(t), name);
        break;
      }
      case PropertyId::CorrelationData:
        setOnce(p.correlationData, block.binary(name), name);
        break;
      case PropertyId::SubscriptionIdentifier: {
        std::uint32_t v = block.varint(name);
        if (v == 0) throwProtocolError("Subscription Identifier 0");
        if (ctx != PropertyContext::Publish && !p.subscriptionIdentifiers.empty())
          throwProtocolError("duplicate property Subscription Identifier");
        p.subscriptionIdentifiers.push_back(v);
        break;
      }
      case PropertyId::SessionExpiryInterval:
        setOnce(p.sessionExpiryInterval, block.u32(name), name);
        break;
      case PropertyId::AssignedClientIdentifier:
        setOnce(p.assignedClientIdentifier, block.utf8(name), name);
        break;
      case PropertyId::ServerKeepAlive:
        setOnce(p.serverKeepAlive, block.u16(name), name);
        break;
      case PropertyId::AuthenticationMethod:
        setOnce(p.authenticationMethod, block.utf8(name), name);
        break;
      case PropertyId::AuthenticationData:
        setOnce(p.authenticationData, block.binary(name), name);
        break;
      case PropertyId::RequestProblemInformation: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.requestProblemInformation, v, name);
        break;
      }
      case PropertyId::WillDelayInterval:
        setOnce(p.willDelayInterval, block.u32(name), name);
        break;
      case PropertyId::RequestResponseInformation: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.requestResponseInformation, v, name);
        break;
      }
      case PropertyId::ResponseInformation:
        setOnce(p.responseInformation, block.utf8(name), name);
        break;
      case PropertyId::ServerReference:
        setOnce(p.serverReference, block.utf8(name), name);
        break;
      case PropertyId::ReasonString:
        setOnce(p.reasonString, block.utf8(name), name);
        break;
      case PropertyId::ReceiveMaximum: {
        auto v = block.u16(name);
        if (v == 0) throwProtocolError("Receive Maximum 0");
        setOnce(p.receiveMaximum, v, name);
        break;
      }
      case PropertyId::TopicAliasMaximum:
        setOnce(p.topicAliasMaximum, block.u16(name), name);
        break;
      case PropertyId::TopicAlias:
        setOnce(p.topicAlias, block.u16(name), name);
        break;
      case PropertyId::MaximumQoS: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.maximumQoS, v, name);
        break;
      }
      case PropertyId::RetainAvailable: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.retainAvailable, v, name);
        break;
      }
      case PropertyId::UserProperty: {
        std::string key = block.utf8(name);
        std::string value = block.utf8(name);
        p.userProperties.emplace_back(std::move(key), std::move(value));
        break;
      }
      case PropertyId::MaximumPacketSize: {
        auto v = block.u32(name);
        if (v == 0) throwProtocolError("Maximum Packet Size 0");
        setOnce(p.maximumPacketSize, v, name);
        break;
      }
      case PropertyId::WildcardSubscriptionAvailable: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.wildcardSubscriptionAvailable, v, name);
        break;
      }
      case PropertyId::SubscriptionIdentifierAvailable: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.subscriptionIdentifierAvailable, v, name);
        break;
      }
      case PropertyId::SharedSubscriptionAvailable: {
        auto v = block.u8(name);
        requireBoolean(v, name);
        setOnce(p.sharedSubscriptionAvailable, v, name);
        break;
      }
    }
  }
  return p;
}

namespace {

// Writes the property body (without the length prefix).
void writeBody(WireWriter& w, const Properties& p) {
  auto id = [&](PropertyId i) { w.varint(static_cast<std::uint8_t>(i)); };
  if (p.payloadFormatIndicator) {
    id(PropertyId::PayloadFormatIndicator);
    w.u8(*p.payloadFormatIndicator);
  }
  if (p.messageExpiryInterval) {
    id(PropertyId::MessageExpiryInterval);
    w.u32(*p.messageExpiryInterval);
  }
  if (p.contentType) {
    id(PropertyId::ContentType);
    w.utf8(*p.contentType);
  }
  if (p.responseTopic) {
    id(PropertyId::ResponseTopic);
    w.utf8(*p.responseTopic);
  }
  if (p.correlationData) {
    id(PropertyId::CorrelationData);
    w.binary(*p.correlationData);
  }
  for (auto s : p.subscriptionIdentifiers) {
    id(PropertyId::SubscriptionIdentifier);
    w.varint(s);
  }
  if (p.sessionExpiryInterval) {
    id(PropertyId::SessionExpiryInterval);
    w.u32(*p.sessionExpiryInterval);
  }
  if (p.assignedClientIdentifier) {
    id(PropertyId::AssignedClientIdentifier);
    w.utf8(*p.assignedClientIdentifier);
  }
  if (p.serverKeepAlive) {
    id(PropertyId::ServerKeepAlive);
    w.u16(*p.serverKeepAlive);
  }
  if (p.authenticationMethod) {
    id(PropertyId::AuthenticationMethod);
    w.utf8(*p.authenticationMethod);
  }
  if (p.authenticationData) {
    id(PropertyId::AuthenticationData);
    w.binary(*p.authenticationData);
  }
  if (p.requestProblemInformation) {
    id(PropertyId::RequestProblemInformation);
    w.u8(*p.requestProblemInformation);
  }
  if (p.willDelayInterval) {
    id(PropertyId::WillDelayInterval);
    w.u32(*p.willDelayInterval);
  }
  if (p.requestResponseInformation) {
    id(PropertyId::RequestResponseInformation);
    w.u8(*p.requestResponseInformation);
  }
  if (p.responseInformation) {
    id(PropertyId::ResponseInformation);
    w.utf8(*p.responseInformation);
  }
  if (p.serverReference) {
    id(PropertyId::ServerReference);
    w.utf8(*p.serverReference);
  }
  if (p.reasonString) {
    id(PropertyId::ReasonString);
    w.utf8(*p.reasonString);
  }
  if (p.receiveMaximum) {
    id(PropertyId::ReceiveMaximum);
    w.u16(*p.receiveMaximum);
  }
  if (p.topicAliasMaximum) {
    id(PropertyId::TopicAliasMaximum);
    w.u16(*p.topicAliasMaximum);
  }
  if (p.topicAlias) {
    id(PropertyId::TopicAlias);
    w.u16(*p.topicAlias);
  }
  if (p.maximumQoS) {
    id(PropertyId::MaximumQoS);
    w.u8(*p.maximumQoS);
  }
  if (p.retainAvailable) {
    id(PropertyId::RetainAvailable);
    w.u8(*p.retainAvailable);
  }
  for (const auto& kv : p.userProperties) {
    id(PropertyId::UserProperty);
    w.utf8(kv.first);
    w.utf8(kv.second);
  }
  if (p.maximumPacketSize) {
    id(PropertyId::MaximumPacketSize);
    w.u32(*p.maximumPacketSize);
  }
  if (p.wildcardSubscriptionAvailable) {
    id(PropertyId::WildcardSubscriptionAvailable);
    w.u8(*p.wildcardSubscriptionAvailable);
  }
  if (p.subscriptionIdentifierAvailable) {
    id(PropertyId::SubscriptionIdentifierAvailable);
    w.u8(*p.subscriptionIdentifierAvailable);
  }
  if (p.sharedSubscriptionAvailable) {
    id(PropertyId::SharedSubscriptionAvailable);
    w.u8(*p.sharedSubscriptionAvailable);
  }
}

}  // namespace

void writeProperties(WireWriter& out, const Properties& props) {
  WireWriter body;
  writeBody(body, props);
  out.varint(static_cast<std::uint32_t>(body.size()));
  out.raw(body.str());
}

std::size_t propertiesWireSize(const Properties& props) {
  WireWriter body;
  writeBody(body, props);
  return varintSize(static_cast<std::uint32_t>(body.size())) + body.size();
}

bool Properties::operator==(const Properties& o) const {
  return payloadFormatIndicator == o.payloadFormatIndicator && messageExpiryInterval == o.messageExpiryInterval &&
         contentType == o.contentType && responseTopic == o.responseTopic && correlationData == o.correlationData &&
         subscriptionIdentifiers == o.subscriptionIdentifiers && sessionExpiryInterval == o.sessionExpiryInterval &&
         assignedClientIdentifier == o.assignedClientIdentifier && serverKeepAlive == o.serverKeepAlive &&
         authenticationMethod == o.authenticationMethod && authenticationData == o.authenticationData &&
         requestProblemInformation == o.requestProblemInformation && willDelayInterval == o.willDelayInterval &&
         requestResponseInformation == o.requestResponseInformation && responseInformation == o.responseInformation &&
         serverReference == o.serverReference && reasonString == o.reasonString && receiveMaximum == o.receiveMaximum &&
         topicAliasMaximum == o.topicAliasMaximum && topicAlias == o.topicAlias && maximumQoS == o.maximumQoS &&
         retainAvailable == o.retainAvailable && userProperties == o.userProperties &&
         maximumPacketSize == o.maximumPacketSize && wildcardSubscriptionAvailable == o.wildcardSubscriptionAvailable &&
         subscriptionIdentifierAvailable == o.subscriptionIdentifierAvailable &&
         sharedSubscriptionAvailable == o.sharedSubscriptionAvailable;
}

}  // namespace symemu::mqtt

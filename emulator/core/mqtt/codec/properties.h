// MQTT 5.0 properties (§2.2.2): one typed field per property identifier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace symemu::mqtt {

class WireReader;
class WireWriter;

// Property identifiers, MQTT 5.0 §2.2.2.2.
enum class PropertyId : std::uint8_t {
  PayloadFormatIndicator = 0x01,
  MessageExpiryInterval = 0x02,
  ContentType = 0x03,
  ResponseTopic = 0x08,
  CorrelationData = 0x09,
  SubscriptionIdentifier = 0x0B,
  SessionExpiryInterval = 0x11,
  AssignedClientIdentifier = 0x12,
  ServerKeepAlive = 0x13,
  AuthenticationMethod = 0x15,
  AuthenticationData = 0x16,
  RequestProblemInformation = 0x17,
  WillDelayInterval = 0x18,
  RequestResponseInformation = 0x19,
  ResponseInformation = 0x1A,
  ServerReference = 0x1C,
  ReasonString = 0x1F,
  ReceiveMaximum = 0x21,
  TopicAliasMaximum = 0x22,
  TopicAlias = 0x23,
  MaximumQoS = 0x24,
  RetainAvailable = 0x25,
  UserProperty = 0x26,
  MaximumPacketSize = 0x27,
  WildcardSubscriptionAvailable = 0x28,
  SubscriptionIdentifierAvailable = 0x29,
  SharedSubscriptionAvailable = 0x2A,
};

// Where a property block sits; decides which identifiers are allowed.
enum class PropertyContext {
  Connect,
  Will,
  Connack,
  Publish,
  PubAck /* PUBACK PUBREC PUBREL PUBCOMP */,
  Subscribe,
  Suback,
  Unsubscribe,
  Unsuback,
  Disconnect,
  Auth
};

using UserProperties = std::vector<std::pair<std::string, std::string>>;

// Binary data (correlation data, authentication data) is kept in std::string.
struct Properties {
  std::optional<std::uint8_t> payloadFormatIndicator;
  std::optional<std::uint32_t> messageExpiryInterval;
  std::optional<std::string> contentType;
  std::optional<std::string> responseTopic;
  std::optional<std::string> correlationData;
  std::vector<std::uint32_t> subscriptionIdentifiers;  // several only in server->client PUBLISH
  std::optional<std::uint32_t> sessionExpiryInterval;
  std::optional<std::string> assignedClientIdentifier;
  std::optional<std::uint16_t> serverKeepAlive;
  std::optional<std::string> authenticationMethod;
  std::optional<std::string> authenticationData;
  std::optional<std::uint8_t> requestProblemInformation;
  std::optional<std::uint32_t> willDelayInterval;
  std::optional<std::uint8_t> requestResponseInformation;
  std::optional<std::string> responseInformation;
  std::optional<std::string> serverReference;
  std::optional<std::string> reasonString;
  std::optional<std::uint16_t> receiveMaximum;
  std::optional<std::uint16_t> topicAliasMaximum;
  std::optional<std::uint16_t> topicAlias;
  std::optional<std::uint8_t> maximumQoS;
  std::optional<std::uint8_t> retainAvailable;
  UserProperties userProperties;  // repeated, order kept
  std::optional<std::uint32_t> maximumPacketSize;
  std::optional<std::uint8_t> wildcardSubscriptionAvailable;
  std::optional<std::uint8_t> subscriptionIdentifierAvailable;
  std::optional<std::uint8_t> sharedSubscriptionAvailable;

  bool operator==(const Properties& o) const;
  bool operator!=(const Properties& o) const { return !(*this == o); }
};

// Reads "property length + properties"; throws DecodeFailure on a bad block:
// unknown or misplaced identifier -> Malformed Packet, duplicate or bad value
// -> Protocol Error (MQTT 5.0 §2.2.2.2, §3.x property rules).
Properties readProperties(WireReader& in, PropertyContext ctx);

// Writes "property length + properties" in identifier order.
void writeProperties(WireWriter& out, const Properties& props);

// Size in bytes of writeProperties' output (length prefix included).
std::size_t propertiesWireSize(const Properties& props);

}  // namespace symemu::mqtt

// Broker settings; may be replaced at run time with Broker::setConfig.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace symemu::mqtt {

struct BrokerConfig {
  // Empty userName: anonymous clients allowed (credentials, if sent, are ignored).
  std::string userName;
  std::string password;
  // Largest packet accepted from a client (whole packet, fixed header included).
  std::uint32_t maxPacketSize = 256 * 1024 * 1024;
  // v5 Receive Maximum announced to clients; also caps unacknowledged
  // incoming QoS 1/2 PUBLISHes of 3.1.1 clients.
  std::uint16_t receiveMaximum = 65535;
  // Highest Topic Alias a v5 client may use (0 disables incoming aliases).
  std::uint16_t topicAliasMaximum = 10;
  // Outgoing QoS 1/2 messages in flight per client (also bounded by the client's Receive Maximum).
  std::uint16_t maxInflightMessages = 20;
  // Messages waiting per session (offline or window full); newer ones are dropped beyond it.
  std::size_t maxQueuedMessages = 1000;
  // Queue QoS 0 messages for offline persistent sessions (MQTT allows dropping them).
  bool queueQos0Offline = false;
  // Upper bound for session expiry (seconds); 0xFFFFFFFF = sessions may live forever.
  // 3.1.1 persistent sessions (cleanSession=0) use this value.
  std::uint32_t maxSessionExpiry = 0xFFFFFFFF;
  bool retainAvailable = true;
  // v5 Server Keep Alive: 0 = accept the client's value; otherwise announce and use this one.
  std::uint16_t serverKeepAlive = 0;
  // Longest keep alive (seconds) a v5 client may use; a v5 client asking for more, or for 0
  // (none), is told this value as Server Keep Alive (§3.2.2.3.14). 0 = no limit. 3.1.1 has no
  // way to tell the client, so its keep alive is taken as sent. 65535 as mosquitto's
  // max_keepalive: only a v5 keep alive of 0 changes (to 65535 s).
  std::uint16_t maxKeepAlive = 65535;
  // Response Information for a v5 client that sets Request Response Information (§3.1.2.11.7):
  // this prefix followed by the client identifier. Empty = none is given.
  std::string responseInformationPrefix = "response/";
  // Seconds a new connection may take to send CONNECT.
  double connectTimeout = 10.0;
};

}  // namespace symemu::mqtt

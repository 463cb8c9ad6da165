// What the broker needs from its host (the MQTT Server module, or a test).
#pragma once

#include "symemu/core/mqtt/broker/message.h"

#include <cstdint>
#include <optional>
#include <string>

namespace symemu::mqtt {

using ClientKey = std::uint64_t;  // one network connection, chosen by the host
using AckToken = std::uint64_t;   // identifies an acknowledgement waiting for Broker::confirm

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

class BrokerHost {
 public:
  virtual ~BrokerHost() = default;
  // Bytes to write to that client's socket, in order.
  virtual void sendBytes(ClientKey client, std::string bytes) = 0;
  // Close the socket. The host calls Broker::clientDisconnected(client) later
  // (it may also do so from inside this call). The broker has already
  // forgotten the connection's session state when this is called.
  virtual void closeClient(ClientKey client, const std::string& reason) = 0;
  // A PUBLISH from a client was accepted (after QoS 2 duplicate suppression
  // and after it was routed to subscribers). For QoS 1/2 the broker sends
  // PUBACK/PUBREC only once the host calls Broker::confirm(token), e.g. after
  // its database commit; calling confirm from inside this callback is fine.
  // For QoS 0 the token is 0.
  virtual void onClientPublish(const Message& message, const std::string& clientId, AckToken token) = 0;
  // One clear line, e.g. why a client was refused or dropped. `level` is a LogLevel.
  virtual void log(int level, const std::string& text) = 0;
  // Durable state: sessions with an expiry > 0, their queued and in-flight messages, retained
  // messages, as key -> bytes (nullopt deletes the key). Called while the change happens, so a
  // host that writes it in the same commit as the data PUBACK/PUBREC wait for keeps everything
  // it acknowledged. Give the rows back with Broker::restoreState. Default: kept nowhere.
  virtual void storeState(const std::string& key, const std::optional<std::string>& bytes) {
    (void)key;
    (void)bytes;
  }
};

}  // namespace symemu::mqtt

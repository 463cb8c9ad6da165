// MQTT broker core (3.1, 3.1.1 and 5.0): sessions, subscriptions, retained
// messages, QoS flows, wills. No sockets, no threads, no system time: the
// host feeds bytes and events in from one thread and gets bytes out through
// BrokerHost.
//
// Usage (host side):
//   Broker broker(config, host, [&]{ return clock.now(); });
//   broker.restoreState(rows);                  // what host.storeState kept before a restart
//   broker.clientConnected(key, ip, port);      // new TCP connection
//   broker.bytesReceived(key, bytes);           // data from that socket
//   broker.clientDisconnected(key);             // socket closed / failed
//   broker.tick();                              // about once a second
//   broker.confirm(token);                      // after commit of an onClientPublish
//   broker.publish(message);                    // server-side publish
#pragma once

#include "symemu/core/mqtt/broker/broker_config.h"
#include "symemu/core/mqtt/broker/broker_host.h"
#include "symemu/core/mqtt/broker/message.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symemu::mqtt {

class BrokerCore;

// A snapshot of one connected client, for status displays.
struct ClientInfo {
  ClientKey key = 0;
  std::string clientId;  // empty until CONNECT was accepted
  std::string ip;
  std::uint16_t port = 0;
  int protocolLevel = 0;  // 3, 4 or 5 once connected
};

class Broker {
 public:
  // `clock` returns seconds (any epoch, monotonic); it is the broker's only time source.
  Broker(BrokerConfig config, BrokerHost& host, std::function<double()> clock);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // A new network connection. A key already in use is first treated as disconnected.
  void clientConnected(ClientKey client, const std::string& ip, std::uint16_t port);
  // Bytes from the client, any chunking. Bad input drops only this client.
  void bytesReceived(ClientKey client, std::string_view bytes);
  // The socket is gone. Without a prior DISCONNECT (reason 0x00) the will is published.
  void clientDisconnected(ClientKey client);

  // Server-side publish (from Symcon child modules): routed to subscribers;
  // retain=true stores it (empty payload clears the topic). Not reported back
  // through onClientPublish.
  void publish(const Message& message);

  // Durability reached for an onClientPublish token: sends PUBACK / PUBREC.
  // Unknown or stale tokens (client gone) are ignored.
  void confirm(AckToken token);

  // Keep-alive (drop after 1.5 x keep-alive), CONNECT timeout, session and
  // message expiry, delayed wills. Call about once a second.
  void tick();

  // Rebuilds sessions (offline; the restart counts as their disconnection), their messages and
  // retained messages from rows BrokerHost::storeState wrote. Call once before any client
  // connects. Unreadable rows are logged, deleted and skipped.
  void restoreState(const std::vector<std::pair<std::string, std::string>>& rows);

  // Replace settings (credentials, limits). Connected clients keep their
  // session; new limits apply to new packets.
  void setConfig(BrokerConfig config);
  const BrokerConfig& config() const;

  std::vector<std::string> retainedTopics() const;  // sorted
  std::optional<Message> retained(const std::string& topic) const;
  std::size_t connectedClients() const;  // connections that completed CONNECT
  std::size_t sessionCount() const;      // live and offline persistent sessions
  std::vector<ClientInfo> clients() const;

  // While BrokerHost::onClientPublish runs: the bytes the PUBLISH's payload was decoded from,
  // a view into what bytesReceived was given, so that a host can tell which bytes it came from
  // without comparing them. Empty when the payload came from bytes of an earlier call (a packet
  // cut between two calls) and outside onClientPublish.
  std::string_view payloadOnWire() const;

 private:
  std::unique_ptr<BrokerCore> core_;
};

}  // namespace symemu::mqtt

// Internal state and handlers behind Broker (one handler per packet type,
// each in its own handle_*.cpp file, like mosquitto's handle_connect etc.).
#pragma once

#include "symemu/core/mqtt/codec/packet.h"
#include "symemu/core/mqtt/broker/broker_config.h"
#include "symemu/core/mqtt/broker/broker_host.h"
#include "symemu/core/mqtt/broker/connection.h"
#include "symemu/core/mqtt/broker/retained_store.h"
#include "symemu/core/mqtt/broker/session.h"
#include "symemu/core/mqtt/broker/topic_tree.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace symemu::mqtt {

// An acknowledgement the host still has to confirm.
struct PendingAck {
  int qos = 1;
  std::uint16_t packetId = 0;
  ClientKey key = 0;
  std::uint64_t connectionSerial = 0;  // QoS 1: bound to the connection
  std::string clientId;
  std::uint64_t sessionSerial = 0;  // QoS 2: bound to the session
};

struct DelayedWill {
  std::string clientId;
  std::uint64_t sessionSerial = 0;
  Message message;
  double due = 0;
};

class BrokerCore {
 public:
  BrokerCore(BrokerConfig config, BrokerHost& host, std::function<double()> clock);

  // Entry points (Broker forwards to these).
  void clientConnected(ClientKey key, const std::string& ip, std::uint16_t port);
  void bytesReceived(ClientKey key, std::string_view bytes);
  void clientDisconnected(ClientKey key);
  void publish(const Message& message);
  void confirm(AckToken token);
  void tick();

  // Handlers (handle_*.cpp).
  void handlePacket(Connection& c, Packet& packet);
  void handleConnect(Connection& c, Connect& p);
  void handlePublish(Connection& c, Publish& p);
  void handlePuback(Connection& c, const Puback& p);
  void handlePubrec(Connection& c, const Pubrec& p);
  void handlePubrel(Connection& c, const Pubrel& p);
  void handlePubcomp(Connection& c, const Pubcomp& p);
  void handleSubscribe(Connection& c, const Subscribe& p);
  void handleUnsubscribe(Connection& c, const Unsubscribe& p);
  void handlePingreq(Connection& c);
  void handleDisconnect(Connection& c, const Disconnect& p);
  void handleAuth(Connection& c, const Auth& p);
  void handleDecodeError(Connection& c, const DecodeError& e);

  // Connection helpers (connection_control.cpp).
  void send(Connection& c, const Packet& packet);
  // Logs, tells a v5 client why (DISCONNECT), closes; the will is published.
  void protocolViolation(Connection& c, ReasonCode code, const std::string& why);
  // Closes the connection; detaches its session first.
  void drop(Connection& c, const std::string& why, bool publishWill);
  void detach(Connection& c, bool publishWill);
  void publishWillNow(const Message& will, const std::string& clientId);
  void destroySession(const std::string& clientId);
  std::string describe(const Connection& c) const;

  // Durable state (persistence.cpp); no-ops for sessions that end with their connection.
  void restoreState(const std::vector<std::pair<std::string, std::string>>& rows);
  void persistSession(const Session& s);
  void setSessionExpiry(Session& s, std::uint32_t expiry);  // and stores or forgets the session
  void forgetSession(const Session& s);                     // the session row and all its message rows
  void persistMessage(const Session& s, const Delivery& d, std::uint16_t packetId, bool awaitingPubcomp);
  void forgetMessage(const Session& s, const Delivery& d);
  void persistRetained(const std::string& topic, const MessagePtr& message);  // null or empty payload: deleted
  void storeRetained(const MessagePtr& message);                              // retained_.store + persistRetained

  // Delivery (delivery.cpp).
  MessagePtr makeStored(Message message, const std::string& publisherId);
  void route(const MessagePtr& message);
  // One member of a shared subscription for the next message, nullptr if it has none.
  const std::string* pickShareMember(const std::string& filter, const std::set<std::string>& members);
  void deliver(Session& s, Delivery d);
  void pump(Session& s);
  void resume(Session& s);
  bool sendPublish(Connection& c, const Delivery& d, std::uint16_t packetId, bool dup);
  std::size_t window(const Session& s) const;

  double now() const { return clock_(); }
  void log(LogLevel level, const std::string& text) { host_.log(static_cast<int>(level), text); }
  Session* findSession(const std::string& clientId);
  Connection* findConnection(ClientKey key);

  // Keeps objects alive while a host callback re-enters the broker; the
  // graveyards are emptied when the outermost call returns.
  struct CallGuard {
    explicit CallGuard(BrokerCore& core);
    ~CallGuard();
    BrokerCore& core;
  };

  BrokerConfig config_;
  BrokerHost& host_;
  std::function<double()> clock_;
  std::map<ClientKey, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::vector<std::unique_ptr<Connection>> deadConnections_;
  std::vector<std::unique_ptr<Session>> deadSessions_;
  TopicTree subscriptions_;
  RetainedStore retained_;
  std::unordered_map<AckToken, PendingAck> pendingAcks_;
  std::vector<DelayedWill> delayedWills_;
  std::map<std::string, std::size_t> shareCursor_;  // shared subscription filter -> round-robin position
  std::uint64_t nextSerial_ = 1;
  AckToken nextToken_ = 1;
  int depth_ = 0;
  std::string_view payloadOnWire_;  // Broker::payloadOnWire (set by handlePublish)
};

}  // namespace symemu::mqtt

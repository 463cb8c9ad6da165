// CONNECT: version, client id, credentials, takeover, session start/resume, CONNACK.
#include "symemu/core/mqtt/broker/broker_core.h"

#include <algorithm>
#include <cstdio>

namespace symemu::mqtt {

namespace {

const char* versionName(ProtocolVersion v) {
  switch (v) {
    case ProtocolVersion::V31:
      return "MQTT 3.1";
    case ProtocolVersion::V311:
      return "MQTT 3.1.1";
    case ProtocolVersion::V5:
      return "MQTT 5.0";
  }
  return "MQTT ?";
}

// Constant-time comparison, so the password check does not leak a prefix length.
bool sameSecret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= x ^ y;
  }
  return diff == 0;
}

}  // namespace

void BrokerCore::handleConnect(Connection& c, Connect& p) {
  if (c.state == Connection::State::Connected) {
    protocolViolation(c, ReasonCode::ProtocolError, "second CONNECT");
    return;
  }
  c.version = p.version;
  c.decoder.setProtocolVersion(p.version);
  const bool v5 = c.v5();

  auto refuse = [&](ReasonCode v5Code, ConnectReturnCode v3Code, const std::string& why) {
    log(LogLevel::Warning,
        "connection " + c.ip + ":" + std::to_string(c.port) + " refused (client id '" + p.clientId + "'): " + why);
    Connack ack;
    ack.reasonCode = v5 ? v5Code : static_cast<ReasonCode>(v3Code);
    if (v5) ack.properties.reasonString = why;
    send(c, ack);
    drop(c, why, false);
  };

  if (v5 && p.properties.authenticationMethod) {
    refuse(ReasonCode::BadAuthenticationMethod, ConnectReturnCode::NotAuthorized,
           "authentication method '" + *p.properties.authenticationMethod + "' not supported");
    return;
  }

  bool assignedId = false;
  if (p.clientId.empty()) {
    if (p.version == ProtocolVersion::V31) {
      refuse(ReasonCode::ClientIdentifierNotValid, ConnectReturnCode::IdentifierRejected,
             "empty client identifier (MQTT 3.1)");
      return;
    }
    if (!v5 && !p.cleanStart) {
      refuse(ReasonCode::ClientIdentifierNotValid, ConnectReturnCode::IdentifierRejected,
             "empty client identifier with cleanSession=0");
      return;
    }
    do {
      char buf[40];
      std::snprintf(buf, sizeof buf, "symemu-%llx", static_cast<unsigned long long>(nextSerial_++));
      p.clientId = buf;
    } while (sessions_.count(p.clientId));
    assignedId = true;
  }

  if (!config_.userName.empty()) {
    if (!p.userName) {
      refuse(ReasonCode::NotAuthorized, ConnectReturnCode::NotAuthorized, "user name required but none given");
      return;
    }
    if (!sameSecret(*p.userName, config_.userName) || !sameSecret(p.password.value_or(""), config_.password)) {
      refuse(ReasonCode::BadUserNameOrPassword, ConnectReturnCode::BadUserNameOrPassword,
             "bad user name or password for user '" + *p.userName + "'");
      return;
    }
  }

  if (p.will && p.will->retain && !config_.retainAvailable) {
    if (v5) {
      refuse(ReasonCode::RetainNotSupported, ConnectReturnCode::NotAuthorized,
             "retained will but retain not available");
      return;
    }
    p.will->retain = false;
  }

  // What the client told us about itself.
  if (v5) {
    c.receiveMaximumOut = p.properties.receiveMaximum.value_or(65535);
    c.maxPacketSizeOut = p.properties.maximumPacketSize.value_or(0xFFFFFFFF);
    c.topicAliasMaximumOut = p.properties.topicAliasMaximum.value_or(0);
  }
  c.keepAlive = p.keepAlive;
  bool keepAliveChanged = false;
  if (v5 && config_.serverKeepAlive) {
    c.keepAlive = config_.serverKeepAlive;
    keepAliveChanged = true;
  } else if (v5 && config_.maxKeepAlive && (c.keepAlive == 0 || c.keepAlive > config_.maxKeepAlive)) {
    c.keepAlive = config_.maxKeepAlive;
    keepAliveChanged = true;
  }

  const std::uint32_t requestedExpiry =
      v5 ? p.properties.sessionExpiryInterval.value_or(0) : (p.cleanStart ? 0 : 0xFFFFFFFF);
  const std::uint32_t expiry = std::min(requestedExpiry, config_.maxSessionExpiry);
  c.requestedSessionExpiry = requestedExpiry;

  // Session takeover: the older connection with this client id goes first.
  if (Session* existing = findSession(p.clientId); existing && existing->connection) {
    Connection& old = *existing->connection;
    log(LogLevel::Info, describe(old) + " taken over by a new connection from " + c.ip + ":" + std::to_string(c.port));
    if (old.v5()) {
      Disconnect d;
      d.reasonCode = ReasonCode::SessionTakenOver;
      send(old, d);
    }
    drop(old, "session taken over", true);
  }

  Session* s = findSession(p.clientId);
  if (s && p.cleanStart) {
    destroySession(p.clientId);
    s = nullptr;
  }
  const bool sessionPresent = s != nullptr;
  if (s) {
    // Reconnected in time: a delayed will of this session is not sent (§3.1.3.2.2).
    delayedWills_.erase(std::remove_if(delayedWills_.begin(), delayedWills_.end(),
                                       [&](const DelayedWill& w) { return w.sessionSerial == s->serial; }),
                        delayedWills_.end());
  } else {
    auto fresh = std::make_unique<Session>();
    fresh->clientId = p.clientId;
    fresh->serial = nextSerial_++;
    s = fresh.get();
    sessions_[p.clientId] = std::move(fresh);
  }
  setSessionExpiry(*s, expiry);
  s->connection = &c;
  c.session = s;
  c.clientId = p.clientId;
  c.state = Connection::State::Connected;
  if (p.will) {
    c.will = messageOf(*p.will);
    c.willDelay = p.will->properties.willDelayInterval.value_or(0);
  }

  Connack ack;
  ack.sessionPresent = sessionPresent;
  if (v5) {
    Properties& props = ack.properties;
    if (expiry != requestedExpiry) props.sessionExpiryInterval = expiry;
    if (config_.receiveMaximum != 65535) props.receiveMaximum = config_.receiveMaximum;
    // Announced only when it limits anything; capped at 268435455, the most
    // clients accept (paho refuses larger values although the field has 4 bytes).
    if (config_.maxPacketSize < kMaxRemainingLength + 5)
      props.maximumPacketSize = std::min(config_.maxPacketSize, kMaxRemainingLength);
    if (config_.topicAliasMaximum > 0) props.topicAliasMaximum = config_.topicAliasMaximum;
    if (!config_.retainAvailable) props.retainAvailable = 0;
    if (assignedId) props.assignedClientIdentifier = p.clientId;
    if (keepAliveChanged) props.serverKeepAlive = c.keepAlive;  // the client MUST use it [MQTT-3.2.2-21]
    if (p.properties.requestResponseInformation == 1 && !config_.responseInformationPrefix.empty())
      props.responseInformation = config_.responseInformationPrefix + p.clientId;
    // Shared subscriptions, wildcards and subscription identifiers are all available: the
    // properties are left out, which means 1 (§3.2.2.3.11 - §3.2.2.3.13).
  }
  send(c, ack);
  log(LogLevel::Info, describe(c) + " connected (" + versionName(p.version) + (p.cleanStart ? ", clean" : "") +
                          (sessionPresent ? ", session resumed" : "") + ", keep alive " + std::to_string(c.keepAlive) +
                          " s)");
  if (sessionPresent) resume(*s);
}

void BrokerCore::handleDisconnect(Connection& c, const Disconnect& d) {
  if (c.v5() && d.properties.sessionExpiryInterval) {
    if (c.requestedSessionExpiry == 0 && *d.properties.sessionExpiryInterval != 0) {
      protocolViolation(c, ReasonCode::ProtocolError, "session expiry set in DISCONNECT after 0 in CONNECT");
      return;
    }
    if (c.session)
      setSessionExpiry(*c.session, std::min(*d.properties.sessionExpiryInterval, config_.maxSessionExpiry));
  }
  // Only a normal disconnection (0x00) discards the will (§3.14.4).
  const bool withWill = c.v5() && d.reasonCode != ReasonCode::NormalDisconnection;
  log(LogLevel::Info, describe(c) + " disconnected (" +
                          (!c.v5() || d.reasonCode == ReasonCode::NormalDisconnection ? "normal disconnection"
                                                                                      : reasonCodeName(d.reasonCode)) +
                          ")");
  drop(c, "client sent DISCONNECT", withWill);
}

}  // namespace symemu::mqtt

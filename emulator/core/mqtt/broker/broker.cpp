#include "symemu/core/mqtt/broker/broker.h"

#include "symemu/core/mqtt/broker/broker_core.h"

namespace symemu::mqtt {

Broker::Broker(BrokerConfig config, BrokerHost& host, std::function<double()> clock)
    : core_(std::make_unique<BrokerCore>(std::move(config), host, std::move(clock))) {}

Broker::~Broker() = default;

void Broker::clientConnected(ClientKey client, const std::string& ip, std::uint16_t port) {
  core_->clientConnected(client, ip, port);
}
void Broker::bytesReceived(ClientKey client, std::string_view bytes) { core_->bytesReceived(client, bytes); }
void Broker::clientDisconnected(ClientKey client) { core_->clientDisconnected(client); }
void Broker::publish(const Message& message) { core_->publish(message); }
void Broker::confirm(AckToken token) { core_->confirm(token); }
void Broker::tick() { core_->tick(); }
void Broker::restoreState(const std::vector<std::pair<std::string, std::string>>& rows) { core_->restoreState(rows); }

void Broker::setConfig(BrokerConfig config) {
  BrokerCore::CallGuard guard(*core_);
  core_->config_ = std::move(config);
  for (auto& [key, c] : core_->connections_) c->decoder.setMaxPacketSize(core_->config_.maxPacketSize);
}

const BrokerConfig& Broker::config() const { return core_->config_; }

std::string_view Broker::payloadOnWire() const { return core_->payloadOnWire_; }
std::vector<std::string> Broker::retainedTopics() const { return core_->retained_.topics(core_->now()); }

std::optional<Message> Broker::retained(const std::string& topic) const {
  MessagePtr m = core_->retained_.get(topic, core_->now());
  if (!m) return std::nullopt;
  return m->message;
}

std::size_t Broker::connectedClients() const {
  std::size_t n = 0;
  for (const auto& [key, c] : core_->connections_)
    if (c->state == Connection::State::Connected) ++n;
  return n;
}

std::size_t Broker::sessionCount() const { return core_->sessions_.size(); }

std::vector<ClientInfo> Broker::clients() const {
  std::vector<ClientInfo> out;
  for (const auto& [key, c] : core_->connections_) {
    ClientInfo info;
    info.key = key;
    info.clientId = c->clientId;
    info.ip = c->ip;
    info.port = c->port;
    if (c->state == Connection::State::Connected) info.protocolLevel = static_cast<int>(c->version);
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace symemu::mqtt

#pragma once
// Replay against running servers: mqtt events through real MQTT 3.1.1 connections (one per
// client_id), http events through Poco's HTTP(S) client with Basic auth. Actions other than
// `advance` have no network form and are skipped.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "symemu/harness/mqtt_client.h"
#include "symemu/harness/replay_player.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace symemu::harness {

struct NetworkTarget {
  std::string scheme, host;  // scheme: mqtt, http or https
  int port = 0;
  std::optional<std::string> user, password;  // mqtt://user:password@host:port
};

struct NetworkSettings {
  std::optional<NetworkTarget> mqtt, http;
  std::string password;   // Basic-auth password for http events with a user
  std::string caFile;     // trusted certificates for https (PEM)
  bool insecure = false;  // https without certificate verification
  double speed = 0;       // 0: as fast as possible; N: N times real time between events
  double timeoutSeconds = 10;
};

class NetworkPlayer : public ReplayPlayer {
 public:
  explicit NetworkPlayer(NetworkSettings settings);
  ~NetworkPlayer() override;
  void moveTo(double offset) override;
  PlayResult play(const FixtureEvent& event) override;
  void finish() override;

 private:
  PlayResult playMqtt(const FixtureEvent& e);
  PlayResult playHttp(const FixtureEvent& e);
  Poco::Net::HTTPClientSession& session();

  NetworkSettings settings_;
  std::map<std::string, std::unique_ptr<MqttClient>> clients_;  // by client_id
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::optional<double> firstOffset_;
  std::chrono::steady_clock::time_point realStart_;
};

}  // namespace symemu::harness

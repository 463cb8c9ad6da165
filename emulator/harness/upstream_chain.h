#pragma once
// `serve --upstream URL` (ServeSettings::upstream): a Client Socket -> MQTT Client chain attached
// to an existing broker.
// Kernel set-up only (runs before the kernel thread starts). Errors: parseUpstreamUrl throws
// std::invalid_argument naming what is wrong with the URL.
#include <string>

#include "symemu/kernel/kernel.h"

namespace symemu::harness {

struct UpstreamSettings {
  std::string host;
  int port = 1883;
  bool tls = false;
  std::string user, password;
  std::string clientId;     // empty: symemu-<instance id>
  std::string topic;        // the subscription; empty: derived from the children's receive filters
  int qos = 1;              // of the subscription
  int protocolVersion = 4;  // 4 = 3.1.1, 5 = 5.0
  bool cleanSession = true;
  std::string caFile;  // TLS: PEM bundle to verify the broker against
  bool verifyPeer = true;
  int keepAlive = 60;
  int sessionExpiry = -1;              // MQTT 5.0 seconds; -1: 86400 with clean=0, else 0
  int shardIndex = 0, shardCount = 1;  // --shard I/N
  bool readOnly = true;                // readonly=0: children may publish to the broker
  std::string willTopic, willPayload;  // will_topic=..&will_payload=.. (needs readonly=0)
  int willQos = 0;
  bool willRetain = false;
};

// "I/N" with 0 <= I < N; throws std::invalid_argument naming the problem.
void parseShard(const std::string& text, UpstreamSettings& settings);

// mqtt[s]://[USER:PASS@]HOST[:PORT][?client_id=..&topic=..&qos=..&version=5&clean=0&ca=FILE&verify=0&keepalive=N&session_expiry=S
//   &readonly=0&will_topic=T&will_payload=P&will_qos=Q&will_retain=1]
UpstreamSettings parseUpstreamUrl(const std::string& url);

struct UpstreamChain {
  int mqttClient = 0, clientSocket = 0;
};
// Creates (or reuses) the chain, writes the settings into it and returns its IDs. The MQTT
// Client is read-only: recording from a production broker never publishes there.
UpstreamChain ensureUpstreamChain(Kernel& kernel, const UpstreamSettings& settings);

}  // namespace symemu::harness

#include "symemu/harness/replay_network.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <thread>

namespace symemu::harness {

NetworkPlayer::NetworkPlayer(NetworkSettings settings) : settings_(std::move(settings)) {}

NetworkPlayer::~NetworkPlayer() { finish(); }

void NetworkPlayer::moveTo(double offset) {
  if (!firstOffset_) {
    firstOffset_ = offset;
    realStart_ = std::chrono::steady_clock::now();
  }
  if (settings_.speed <= 0 || offset <= *firstOffset_) return;
  auto due = realStart_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>((offset - *firstOffset_) / settings_.speed));
  std::this_thread::sleep_until(due);
}

PlayResult NetworkPlayer::play(const FixtureEvent& e) {
  try {
    switch (e.type) {
      case EventType::Mqtt:
        return playMqtt(e);
      case EventType::Http:
        return playHttp(e);
      case EventType::Action:
        // Pacing already follows the offsets; there is no remote clock to move.
        if (e.action == "advance") return PlayResult::played();
        return PlayResult::skipped("the " + e.action + " action cannot be sent over the network");
    }
  } catch (const std::exception& ex) {
    return PlayResult::failed(ex.what());
  }
  return PlayResult::failed("unknown event type");
}

PlayResult NetworkPlayer::playMqtt(const FixtureEvent& e) {
  if (!settings_.mqtt) return PlayResult::skipped("no mqtt:// target");
  auto& client = clients_[e.clientId];
  if (!client) {
    MqttClientOptions o;
    o.host = settings_.mqtt->host;
    o.port = settings_.mqtt->port;
    o.clientId = e.clientId;
    o.userName = settings_.mqtt->user;
    o.password = settings_.mqtt->password;
    o.timeoutSeconds = settings_.timeoutSeconds;
    client = std::make_unique<MqttClient>(o);
  }
  client->publish(e.topic, e.data, e.qos, e.retain);
  return PlayResult::played();
}

Poco::Net::HTTPClientSession& NetworkPlayer::session() {
  if (session_) return *session_;
  const auto& t = *settings_.http;
  if (t.scheme == "https") {
    auto mode = settings_.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
    // With --cacert only that file is trusted; otherwise the system's CAs.
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", settings_.caFile,
                                                         mode, 9, settings_.caFile.empty() && !settings_.insecure);
    // A certificate that fails verification is rejected (never a prompt or a config lookup).
    static bool sslReady = false;
    if (!sslReady) {
      Poco::Net::initializeSSL();
      sslReady = true;
    }
    Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), ctx);
    session_ = std::make_unique<Poco::Net::HTTPSClientSession>(t.host, static_cast<Poco::UInt16>(t.port), ctx);
  } else {
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(t.host, static_cast<Poco::UInt16>(t.port));
  }
  session_->setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(settings_.timeoutSeconds * 1e6)));
  session_->setKeepAlive(true);
  return *session_;
}

PlayResult NetworkPlayer::playHttp(const FixtureEvent& e) {
  if (!settings_.http) return PlayResult::skipped("no http:// or https:// target");
  auto& s = session();
  Poco::Net::HTTPRequest req(e.method, e.path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : e.headers) req.set(name, value);
  if (e.user) Poco::Net::HTTPBasicCredentials(*e.user, settings_.password).authenticate(req);
  req.setContentLength(static_cast<std::streamsize>(e.data.size()));
  req.setKeepAlive(true);
  Poco::Net::HTTPResponse resp;
  std::string body;
  try {
    s.sendRequest(req) << e.data;
    std::istream& in = s.receiveResponse(resp);
    Poco::StreamCopier::copyToString(in, body);
  } catch (const Poco::Exception& ex) {
    s.reset();
    return PlayResult::failed(settings_.http->scheme + "://" + settings_.http->host + ":" +
                              std::to_string(settings_.http->port) + e.path + ": " + ex.displayText());
  }
  int status = static_cast<int>(resp.getStatus());
  bool ok = e.expectStatus ? status == *e.expectStatus : status >= 200 && status < 300;
  if (ok) return PlayResult::played();
  if (body.size() > 200) body = body.substr(0, 200) + "…";
  return PlayResult::failed("HTTP " + std::to_string(status) +
                            (e.expectStatus ? " (expected " + std::to_string(*e.expectStatus) + ")" : "") + ": " +
                            body);
}

void NetworkPlayer::finish() {
  for (auto& [id, client] : clients_) client->disconnect();
  clients_.clear();
  if (session_) session_->reset();
}

}  // namespace symemu::harness

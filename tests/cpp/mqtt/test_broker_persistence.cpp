// Durable broker state: what BrokerHost::storeState receives, and a second broker rebuilt from
// it with restoreState (a restart of `serve`, issue 16 point 8).
#include "broker_fixture.h"

using namespace symemu::mqtt;
using namespace symemu::mqtt::test;

namespace {

// A host that keeps the rows as a database would (after every call, i.e. always committed).
struct StoringHost : RecordingHost {
  std::map<std::string, std::string> rows;
  void storeState(const std::string& key, const std::optional<std::string>& bytes) override {
    if (bytes)
      rows[key] = *bytes;
    else
      rows.erase(key);
  }
  std::vector<std::pair<std::string, std::string>> snapshot() const { return {rows.begin(), rows.end()}; }
  std::size_t count(const std::string& prefix) const {
    std::size_t n = 0;
    for (const auto& [k, v] : rows) n += k.rfind(prefix, 0) == 0;
    return n;
  }
};

struct Restartable {
  double clock = 1000.0;
  StoringHost host;
  std::unique_ptr<Broker> broker;

  Restartable() { start(); }
  void start(const std::vector<std::pair<std::string, std::string>>& rows = {}) {
    broker = std::make_unique<Broker>(BrokerConfig{}, host, [this] { return clock; });
    host.broker = broker.get();
    broker->restoreState(rows);
  }
  void restart() {
    auto rows = host.snapshot();
    host.sent.clear();
    host.closed.clear();
    start(rows);
  }
};

// Like TestClient, but for a broker that is replaced by a restart.
class Client {
 public:
  Client(Restartable& r, ProtocolVersion v, ClientKey key) : r_(r), v_(v), key_(key) {
    decoder_.setProtocolVersion(v);
    r_.broker->clientConnected(key_, "10.0.0.9", 1);
  }
  void send(const Packet& p) { r_.broker->bytesReceived(key_, encode(p, v_)); }
  std::vector<Packet> received() {
    decoder_.feed(r_.host.sent[key_]);
    r_.host.sent[key_].clear();
    std::vector<Packet> out = std::move(pending_);
    pending_.clear();
    for (DecodeResult d = decoder_.next(); d.ok(); d = decoder_.next()) out.push_back(std::move(d.packet));
    return out;
  }
  Connack connect(const std::string& id, bool clean, std::uint32_t expiry = 0) {
    Connect c;
    c.version = v_;
    c.clientId = id;
    c.cleanStart = clean;
    if (expiry) c.properties.sessionExpiryInterval = expiry;
    send(c);
    auto p = received();
    REQUIRE(!p.empty());
    pending_.assign(p.begin() + 1, p.end());  // what follows the CONNACK
    return std::get<Connack>(p[0]);
  }
  void gone() { r_.broker->clientDisconnected(key_); }

 private:
  Restartable& r_;
  ProtocolVersion v_;
  ClientKey key_;
  StreamDecoder decoder_;
  std::vector<Packet> pending_;
};

}  // namespace

TEST_CASE("persistent sessions and their queued messages survive a restart") {
  Restartable r;
  r.host.autoConfirm = true;
  auto v = GENERATE(ProtocolVersion::V311, ProtocolVersion::V5);
  {
    Client sub(r, v, 1);
    sub.connect("meter-sub", false, 3600);
    Subscribe s;
    s.packetId = 1;
    s.entries = {{"m/#", 2}};
    sub.send(s);
    sub.received();
    sub.gone();
  }
  CHECK(r.host.count("s/") == 1);
  Client pub(r, ProtocolVersion::V5, 2);
  pub.connect("pub", true);
  for (int i = 0; i < 3; ++i) {
    Publish p;
    p.topic = "m/" + std::to_string(i);
    p.payload = "v" + std::to_string(i);
    p.qos = 1 + i % 2;
    p.packetId = static_cast<std::uint16_t>(10 + i);
    p.properties.contentType = "text/plain";
    pub.send(p);
  }
  CHECK(r.host.count("m/meter-sub/") == 3);
  Message kept = message("state/x", "on", 1, true);
  kept.userProperties = {{"a", "b"}};
  r.broker->publish(kept);
  CHECK(r.host.count("r/") == 1);

  r.restart();
  CHECK(r.broker->sessionCount() == 1);
  REQUIRE(r.broker->retained("state/x"));
  CHECK(r.broker->retained("state/x")->userProperties == kept.userProperties);
  Client back(r, v, 3);
  CHECK(back.connect("meter-sub", false, 3600).sessionPresent);
  auto packets = back.received();
  REQUIRE(packets.size() == 3);  // the three queued messages, in order
  std::vector<std::string> payloads;
  for (const auto& p : packets) {
    if (v == ProtocolVersion::V5)  // publish properties are kept too
      CHECK(std::get<Publish>(p).properties.contentType == std::optional<std::string>("text/plain"));
    payloads.push_back(std::get<Publish>(p).payload);
  }
  CHECK(payloads == std::vector<std::string>{"v0", "v1", "v2"});
}

TEST_CASE("in-flight messages are resent with their packet id after a restart, acknowledged ones are gone") {
  Restartable r;
  Client sub(r, ProtocolVersion::V5, 1);
  sub.connect("s", false, 600);
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"t/#", 2}};
  sub.send(s);
  sub.received();
  r.broker->publish(message("t/1", "one", 1));
  r.broker->publish(message("t/2", "two", 2));
  r.broker->publish(message("t/3", "three", 1));
  auto out = sub.received();
  REQUIRE(out.size() == 3);
  const auto id1 = std::get<Publish>(out[0]).packetId;
  const auto id2 = std::get<Publish>(out[1]).packetId;
  Puback ack;  // t/1 done
  ack.packetId = id1;
  sub.send(ack);
  Pubrec rec;  // t/2 half way: PUBREL owed
  rec.packetId = id2;
  sub.send(rec);
  sub.received();
  CHECK(r.host.count("m/s/") == 2);

  r.restart();
  Client back(r, ProtocolVersion::V5, 2);
  Connect c;
  c.version = ProtocolVersion::V5;
  c.clientId = "s";
  c.cleanStart = false;
  c.properties.sessionExpiryInterval = 600;
  back.send(c);
  auto again = back.received();
  REQUIRE(again.size() == 3);
  CHECK(std::get<Connack>(again[0]).sessionPresent);
  CHECK(std::get<Pubrel>(again[1]).packetId == id2);
  Publish p3 = std::get<Publish>(again[2]);
  CHECK(p3.payload == "three");
  CHECK(p3.dup);
}

TEST_CASE("ended sessions, cleared and expired retained messages leave no rows") {
  Restartable r;
  {
    Client sub(r, ProtocolVersion::V5, 1);
    sub.connect("s", false, 10);
    Subscribe s;
    s.packetId = 1;
    s.entries = {{"t/#", 1}};
    sub.send(s);
    sub.received();
    sub.gone();
  }
  r.broker->publish(message("t/x", "queued", 1));
  Message shortLived = message("r/short", "soon gone", 0, true);
  shortLived.messageExpiry = 5;
  r.broker->publish(shortLived);
  r.broker->publish(message("r/cleared", "x", 0, true));
  r.broker->publish(message("r/cleared", "", 0, true));
  CHECK(r.host.rows.size() == 3);  // session, its message, r/short
  r.clock += 20;
  r.broker->tick();  // the session expires, the retained message too
  CHECK(r.host.rows.empty());

  Client clean(r, ProtocolVersion::V311, 2);  // clean session: never stored
  clean.connect("c", true);
  CHECK(r.host.rows.empty());
  Client persistent(r, ProtocolVersion::V311, 3);
  persistent.connect("p", false);
  CHECK(r.host.rows.size() == 1);
  Client takeover(r, ProtocolVersion::V311, 4);  // a clean start ends it
  takeover.connect("p", true);
  CHECK(r.host.rows.empty());
}

TEST_CASE("unreadable stored rows are skipped, logged and deleted") {
  Restartable r;
  r.host.rows = {{"s/ok", std::string("\x01\x00\x00\x00\x3c\x00\x00\x00\x00", 9)}, {"s/bad", "\x07"}, {"r/bad", ""}};
  r.restart();
  CHECK(r.broker->sessionCount() == 1);
  CHECK(r.host.logged("stored MQTT state 's/bad' skipped"));
  CHECK(r.host.rows.count("s/bad") == 0);
  CHECK(r.host.rows.count("r/bad") == 0);
}

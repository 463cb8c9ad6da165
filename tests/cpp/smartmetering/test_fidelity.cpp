// Issue 16 on the real modules: variables the user moved, the install flow's open Server Socket
// with a real mosquitto_pub, SmartLogHTTPS's report address checked with curl, hex payloads of
// an IPSModuleStrict child through a real Server Socket, and the orphaned SmartLog after a
// gateway switch.
#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <future>

#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/mqtt/server/publish_read_ahead.h"
#include "symemu/core/server_socket/server_socket_module.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/runtime/library_plugin.h"
#include "sm_support.h"

using namespace smtest;
using symemu::Value;

namespace {

const std::string kStrictChild = "{5E1F0A77-0001-4D8E-9F10-A1B2C3D4E5F6}";
const std::string kServerSocket = "{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}";

// An IPSModuleStrict child of a Server Socket: binary fields arrive and leave hex-encoded.
// Answers each data packet with "pong:" + the bytes; SSC_SendRaw sends a Buffer text as given.
class StrictSocketChild : public symemu::Module {
 public:
  symemu::DataEncoding dataEncoding() const override { return symemu::DataEncoding::Hex; }
  void create() override {
    registerFunction("SendRaw", [this](const std::vector<Value>& a) -> Value {
      send(symemu::valueToString(a.at(0)));
      return true;
    });
  }
  std::string receiveData(const std::string& json) override {
    Poco::JSON::Parser parser;
    auto p = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    setBuffer("ClientIP", p->getValue<std::string>("ClientIP"));
    setBuffer("ClientPort", std::to_string(p->getValue<int>("ClientPort")));
    if (p->getValue<int>("Type") != 0) return "";
    const std::string hex = p->getValue<std::string>("Buffer");
    setBuffer("Last", hex);
    send(symemu::hexEncode("pong:" + symemu::hexDecode(hex)));
    return "";
  }

 private:
  void send(const std::string& bufferText) {
    sendDataToParent(symemu::toJsonText({{"DataID", std::string("{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}")},
                                         {"Type", std::int64_t{0}},
                                         {"Buffer", bufferText},
                                         {"ClientIP", getBuffer("ClientIP")},
                                         {"ClientPort", std::int64_t{std::stoi(getBuffer("ClientPort"))}}}));
  }
};

// An IPSModuleStrict child of the MQTT Server: keeps the Payload text it receives; SMC_Publish
// sends a Payload text as given (hex, as symcon/MQTTPush does with bin2hex).
class StrictMqttChild : public symemu::Module {
 public:
  symemu::DataEncoding dataEncoding() const override { return symemu::DataEncoding::Hex; }
  void create() override {
    registerFunction("Publish", [this](const std::vector<Value>& a) -> Value {
      sendDataToParent(symemu::toJsonText({{"DataID", std::string("{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}")},
                                           {"PacketType", std::int64_t{3}},
                                           {"QualityOfService", std::int64_t{0}},
                                           {"Retain", true},
                                           {"Topic", symemu::valueToString(a.at(0))},
                                           {"Payload", symemu::valueToString(a.at(1))}}));
      return true;
    });
  }
  std::string receiveData(const std::string& json) override {
    Poco::JSON::Parser parser;
    setBuffer("Payload", parser.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("Payload"));
    return "";
  }
};

// What the test's PublishReader made of a PUBLISH on "readahead-test/...": its payload.
struct TestAhead {
  std::string payload;
};
symemu::forms::ReadAhead readTestAhead(std::string_view topic, std::string_view payload) {
  if (topic.rfind("readahead-test/", 0) != 0) return {};
  return symemu::forms::ReadAhead::of(std::make_shared<const TestAhead>(TestAhead{std::string(payload)}));
}

// A child of the MQTT Server that notes, for each PUBLISH, its payload (typed form, and its
// text) and what was read ahead for it: "payload=text payload=read-ahead payload;".
class ReadAheadMqttChild : public symemu::Module {
 public:
  std::string receivePacket(const symemu::Packet& packet) override {
    const auto* form = packet.attached<symemu::forms::MqttPublish>();
    const auto* ahead = form ? form->ahead.get<TestAhead>() : nullptr;
    Poco::JSON::Parser parser;
    const std::string text = symemu::utf8Decode(
        parser.parse(packet.text()).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("Payload"));
    setBuffer("Seen", getBuffer("Seen") + (form ? form->payload : std::string("(no form)")) + "=" + text + "=" +
                          (ahead ? ahead->payload : std::string("-")) + ";");
    return "";
  }
};

symemu::KernelOptions networkOptions(const std::string& db = ":memory:") {
  symemu::KernelOptions o = options(db);
  o.clock = "real";
  o.libraries.push_back(SM_TESTLIB_DIR);
  o.registerFactories = [](symemu::ModuleRegistry& r) {
    symemu::builtinLibraries().registerFactories(r);
    r.registerFactory("Strict Socket Child", [] { return std::make_unique<StrictSocketChild>(); });
    r.registerFactory("Strict MQTT Child", [] { return std::make_unique<StrictMqttChild>(); });
    r.registerFactory("Read-ahead MQTT Child", [] { return std::make_unique<ReadAheadMqttChild>(); });
  };
  return o;  // network still off: instances are configured before anything listens
}

// Runs the kernel's posted work and commits (what the kernel thread does) until `done`.
bool pump(symemu::Kernel& k, const std::function<bool()>& done, double seconds = 10) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    k.runPosted();
    k.commit();
    if (done()) return true;
    ::usleep(2000);
  }
  return false;
}

// A shell command run on another thread while the test pumps the kernel; its stdout.
std::future<std::string> runAsync(const std::string& command) {
  return std::async(std::launch::async, [command] {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      ::pclose(p);
    }
    return out;
  });
}

std::string pumpUntilDone(symemu::Kernel& k, std::future<std::string>& f) {
  pump(
      k, [&] { return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 30);
  return f.get();
}

std::string tempPath(const std::string& name) {
  return "/tmp/symemu_fidelity_" + std::to_string(::getpid()) + "_" + name;
}

std::string meterReport(const std::string& meterId, const std::string& val, const std::string& unit = "m^3") {
  return "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[{\"METER_ID\":\"" + meterId +
         "\",\"INTERFACE\":\"05\",\"MANUFACTURER\":\"BMT\",\"MEDIUM\":\"Water\",\"data\":[{\"DESCRIPTION\":\"Volume\","
         "\"UNIT\":\"" +
         unit + "\",\"SCALE\":\"0.001\",\"entry\":[{\"T_MUC\":1741947202,\"VAL\":\"" + val + "\"}]}]}]}}";
}

int makeMeter(symemu::Kernel& k, int gateway, const std::string& meterId, bool autoCreate) {
  int id = k.createInstance(guid::kSmartMeter);
  k.setConfiguration(id, symemu::toJsonText({{"SmartMeterID", meterId}, {"AutoCreateVariables", autoCreate}}));
  k.applyChanges(id);
  k.connectInstance(id, gateway);
  return id;
}

int countIdent(const symemu::Kernel& k, const std::string& ident) {
  int n = 0;
  for (int id : k.getObjectList()) n += k.getObject(id).ident == ident;
  return n;
}

}  // namespace

TEST_CASE("a moved variable keeps updating and gets no duplicate", "[smartmetering][variables][moved]") {
  const std::string db = tempPath("moved.db");
  std::remove(db.c_str());
  MqttSetup s;
  int meter = 0, moved = 0, room = 0;
  {
    symemu::Kernel k(options(db));
    s = installMqtt(k);
    meter = makeMeter(k, s.smartLog, "42", true);
    publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "1000"));
    moved = var(k, meter, "Volume");
    room = k.createCategory();
    k.setName(room, "Bathroom");
    k.setParent(moved, room);
    k.setName(moved, "Water meter reading");
    publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "2000"));
    CHECK(k.getValue(moved) == Value(2.0));
    CHECK_FALSE(k.getObjectIdByIdent("Volume", meter));  // no duplicate under the instance
    CHECK(countIdent(k, "Volume") == 1);
    k.close();
  }
  symemu::Kernel k(options(db));  // the link survives a restart
  publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "3000"));
  CHECK(k.getValue(moved) == Value(3.0));
  CHECK(k.getObject(moved).parentId == room);
  CHECK(k.getObject(moved).name == "Water meter reading");
  CHECK(countIdent(k, "Volume") == 1);

  SECTION("a value of another type replaces it where the user put it") {
    publish(k, s.server, "SmartLog/SL-000123/42",
            "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[{\"METER_ID\":\"42\",\"MEDIUM\":\"Water\",\"data\":["
            "{\"DESCRIPTION\":\"Volume\",\"UNIT\":\"None\",\"SCALE\":\"1\",\"entry\":[{\"VAL\":\"open\"}]}]}]}}");
    auto replaced = k.getObjectIdByIdent("Volume", room);
    REQUIRE(replaced);
    CHECK(k.getValue(*replaced) == Value(std::string("open")));
    CHECK(k.getObject(*replaced).name == "Water meter reading");
    CHECK(countIdent(k, "Volume") == 1);
  }
  SECTION("deleted with AutoCreateVariables on: created again under the instance") {
    k.deleteVariable(moved);
    publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "4000"));
    CHECK(value(k, meter, "Volume") == Value(4.0));
    CHECK(countIdent(k, "Volume") == 1);
  }
  SECTION("AutoCreateVariables off: the moved one still updates, a deleted one stays deleted") {
    k.setProperty(meter, "AutoCreateVariables", false);
    k.applyChanges(meter);
    publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "5000"));
    CHECK(k.getValue(moved) == Value(5.0));
    k.deleteVariable(moved);
    publish(k, s.server, "SmartLog/SL-000123/42", meterReport("42", "6000"));
    CHECK(countIdent(k, "Volume") == 0);
  }
  k.close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}

TEST_CASE("gateway switch: the orphaned SmartLog is named, or deleted like the console offers",
          "[smartmetering][orphan]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  int https = k.createInstance(guid::kSmartLogHttps);
  const int lastMessage = var(k, s.smartLog, "LastMessageTime");

  SECTION("kept: a notice names it") {
    CHECK(k.changeParent(s.configurator, https, false) == s.smartLog);
    CHECK(k.instanceExists(s.smartLog));
    CHECK(logContains(k, "Former parent #" + std::to_string(s.smartLog) + " (SmartLog)"));
    CHECK(k.getInstance(s.configurator).connectionId == https);
  }
  SECTION("deleted on request: the SmartLog and its variables go, the MQTT Server stays") {
    CHECK(k.changeParent(s.configurator, https, true) == s.smartLog);
    CHECK_FALSE(k.instanceExists(s.smartLog));
    CHECK_FALSE(k.objectExists(lastMessage));
    CHECK(k.instanceExists(s.server));
    CHECK(k.getInstance(s.configurator).connectionId == https);
    CHECK(rows(k, s.configurator)->size() == 0);
  }
  SECTION("a SmartLog that still has meters is no orphan") {
    makeMeter(k, s.smartLog, "42", true);
    CHECK(k.changeParent(s.configurator, https, true) == 0);
    CHECK(k.instanceExists(s.smartLog));
  }
}

TEST_CASE("install flow: the Server Socket is open and a real mosquitto_pub reaches the SmartLog",
          "[smartmetering][mqtt][network]") {
  symemu::Kernel k(networkOptions());
  auto s = installMqtt(k);
  const int socket = k.getInstance(s.server).connectionId;
  REQUIRE(k.getProperty(socket, "Open") == Value(true));  // from the MQTT Server, not from us
  // As `serve --bind 127.0.0.1 --mqtt-port 0` does: loopback and a free port for the test.
  k.setProperty(socket, "BindAddress", std::string("127.0.0.1"));
  k.setProperty(socket, "Port", std::int64_t{0});
  k.applyChanges(socket);
  k.setNetworkEnabled(true);
  k.applyChanges(socket);
  const auto port = std::get<std::int64_t>(k.callFunction("SSCK_GetListenPort", socket, {}));
  REQUIRE(port > 0);

  const std::string payloadFile = tempPath("example1.json");
  {
    std::FILE* f = std::fopen(payloadFile.c_str(), "wb");
    const std::string payload = example(1);
    std::fwrite(payload.data(), 1, payload.size(), f);
    std::fclose(f);
  }
  auto pub = runAsync("mosquitto_pub -h 127.0.0.1 -p " + std::to_string(port) + " -q 1 -t " + kTopics[1] + " -f " +
                      payloadFile + " 2>&1; echo rc=$?");
  CHECK(pumpUntilDone(k, pub).find("rc=0") != std::string::npos);
  CHECK(row(rows(k, s.configurator), "19032401")->getValue<std::string>("Type") == "Electricity");
  CHECK_FALSE(lastMessageTime(k, s.smartLog).empty());
  std::remove(payloadFile.c_str());
}

TEST_CASE("SmartLogHTTPS shows the HTTPS address that listens, and curl reaches it there",
          "[smartmetering][https][network]") {
  const std::string dir = tempPath("https");
  ::mkdir(dir.c_str(), 0700);
  symemu::Kernel k(networkOptions());
  int control = k.createInstance(guid::kWebHookControl);
  k.setConfiguration(control, symemu::toJsonText({{"BindAddress", std::string("127.0.0.1")},
                                                  {"HTTPPort", std::int64_t{0}},
                                                  {"HTTPSPort", std::int64_t{0}},
                                                  {"CertDir", dir}}));
  k.applyChanges(control);
  int gateway = k.createInstance(guid::kSmartLogHttps);
  k.setProperty(gateway, "SmartLogID", std::string("SL-000123"));
  k.applyChanges(gateway);
  k.setNetworkEnabled(true);
  k.applyChanges(control);
  const auto port = std::get<std::int64_t>(k.callFunction("WC_GetHTTPSPort", control, {}));
  REQUIRE(port > 0);

  Poco::JSON::Parser p;
  auto form = p.parse(k.getConfigurationForm(gateway)).extract<Poco::JSON::Object::Ptr>();
  const std::string caption = form->getArray("actions")->getObject(0)->getValue<std::string>("caption");
  const std::string url = "https://127.0.0.1:" + std::to_string(port);
  CHECK(caption.rfind("Report address: " + url + " ", 0) == 0);  // not ":0", not the configured port
  CHECK(caption.find("only the loopback address is bound") != std::string::npos);

  const std::string address = caption.substr(16, url.size());
  auto curl = runAsync(
      "curl -sk -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' "
      "--data-binary '{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[]}}' " +
      address + "/hook/smartlog/SL-000123");
  CHECK(pumpUntilDone(k, curl) == "200");
  CHECK_FALSE(lastMessageTime(k, gateway).empty());

  SECTION("bound to every address: the host name, no loopback note") {
    k.setProperty(control, "BindAddress", std::string("0.0.0.0"));
    k.applyChanges(control);
    auto again = p.parse(k.getConfigurationForm(gateway)).extract<Poco::JSON::Object::Ptr>();
    const std::string text = again->getArray("actions")->getObject(0)->getValue<std::string>("caption");
    const auto now = std::get<std::int64_t>(k.callFunction("WC_GetHTTPSPort", control, {}));
    CHECK(text.find(":" + std::to_string(now)) != std::string::npos);
    CHECK(text.find("loopback") == std::string::npos);
  }
  k.close();
  std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("an IPSModuleStrict child gets and sends hex through a real Server Socket", "[core][encoding][network]") {
  symemu::Kernel k(networkOptions());
  int socket = k.createInstance(kServerSocket);
  k.setConfiguration(
      socket,
      symemu::toJsonText({{"Open", true}, {"Port", std::int64_t{0}}, {"BindAddress", std::string("127.0.0.1")}}));
  k.applyChanges(socket);
  int child = k.createInstance(kStrictChild);
  k.connectInstance(child, socket);
  k.setNetworkEnabled(true);
  k.applyChanges(socket);
  const auto port = std::get<std::int64_t>(k.callFunction("SSCK_GetListenPort", socket, {}));
  REQUIRE(port > 0);

  Poco::Net::StreamSocket client(Poco::Net::SocketAddress("127.0.0.1", static_cast<std::uint16_t>(port)));
  client.setReceiveTimeout(Poco::Timespan(0, 10000));
  const std::string bytes(
      "\x00\xff"
      "AB\xe4",
      5);
  client.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  REQUIRE(pump(k, [&] { return !k.getBuffer(child, "Last").empty(); }));
  CHECK(k.getBuffer(child, "Last") == "00ff4142e4");  // hex in, not utf8-mapped

  std::string received;
  pump(k, [&] {
    char buf[256];
    try {
      int n = client.receiveBytes(buf, sizeof buf);
      if (n > 0) received.append(buf, static_cast<std::size_t>(n));
    } catch (const Poco::TimeoutException&) {
    }
    return received.size() >= 10;
  });
  CHECK(received == "pong:" + bytes);  // the child's hex became the original bytes

  k.callFunction("SSC_SendRaw", child, {std::string("not hex")});
  CHECK(logContains(k, "Buffer from child #" + std::to_string(child) + " refused"));
  client.close();
}

TEST_CASE("an IPSModuleStrict child of the MQTT Server gets and publishes hex payloads", "[core][encoding][mqtt]") {
  symemu::Kernel k(networkOptions());  // network off: the broker's in-process client session
  int server = k.createInstance(guid::kMqttServer);
  int child = k.createInstance("{5E1F0A77-0002-4D8E-9F10-A1B2C3D4E5F6}");
  k.connectInstance(child, server);
  publish(k, server, "strict/in",
          std::string("\x00\xff"
                      "A",
                      3));
  CHECK(k.getBuffer(child, "Payload") == "00ff41");

  k.callFunction("SMC_Publish", child, {std::string("strict/out"), std::string("00FFe4")});
  Poco::JSON::Parser p;
  auto retained =
      p.parse(symemu::valueToString(k.callFunction("MQTT_GetRetainedMessage", server, {std::string("strict/out")})))
          .extract<Poco::JSON::Object::Ptr>();
  // The broker holds the bytes (shown utf8-mapped), not the hex text.
  CHECK(symemu::utf8Decode(retained->getValue<std::string>("Payload")) == std::string("\x00\xff\xe4", 3));
  CHECK_THROWS_WITH(k.callFunction("SMC_Publish", child, {std::string("strict/out"), std::string("abc")}),
                    Catch::Contains("Payload from child #" + std::to_string(child)));
}

namespace {

// Reads from a scripted broker's connection while the kernel runs, until `bytes` holds a whole
// MQTT packet (fixed header + remaining length); returns and removes it.
std::string nextMqttPacket(symemu::Kernel& k, Poco::Net::StreamSocket& s, std::string& bytes) {
  auto whole = [&]() -> std::size_t {
    std::size_t len = 0, mult = 1, i = 1;
    for (; i < bytes.size() && i < 5; ++i) {
      len += (static_cast<unsigned char>(bytes[i]) & 0x7f) * mult;
      mult *= 128;
      if (!(static_cast<unsigned char>(bytes[i]) & 0x80)) return bytes.size() >= i + 1 + len ? i + 1 + len : 0;
    }
    return 0;
  };
  pump(k, [&] {
    char buf[1024];
    try {
      int n = s.receiveBytes(buf, sizeof buf);
      if (n > 0) bytes.append(buf, static_cast<std::size_t>(n));
    } catch (const Poco::TimeoutException&) {
    }
    return whole() > 0;
  });
  std::size_t n = whole();
  std::string packet = bytes.substr(0, n);
  bytes.erase(0, n);
  return packet;
}

}  // namespace

TEST_CASE("an IPSModuleStrict child of the MQTT Client gets and publishes hex payloads", "[core][encoding][mqtt]") {
  Poco::Net::ServerSocket broker(Poco::Net::SocketAddress("127.0.0.1", 0));  // scripted broker
  symemu::Kernel k(networkOptions());
  int client = k.createInstance("{F7A0DD2E-7684-95C0-64C2-D2A9DC47577B}");  // MQTT Client
  int socket = k.getInstance(client).connectionId;                          // its Client Socket
  REQUIRE(socket > 0);
  k.setProperty(client, "Subscriptions", std::string("[{\"Topic\":\"strict/#\",\"QoS\":0}]"));
  k.applyChanges(client);
  int child = k.createInstance("{5E1F0A77-0002-4D8E-9F10-A1B2C3D4E5F6}");
  k.connectInstance(child, client);
  k.setProperty(socket, "Host", std::string("127.0.0.1"));
  k.setProperty(socket, "Port", std::int64_t{broker.address().port()});
  k.setProperty(socket, "Open", true);
  k.setNetworkEnabled(true);
  k.applyChanges(socket);

  broker.setReceiveTimeout(Poco::Timespan(10, 0));
  Poco::Net::StreamSocket conn = broker.acceptConnection();
  conn.setReceiveTimeout(Poco::Timespan(0, 10000));
  std::string in;
  CHECK((static_cast<unsigned char>(nextMqttPacket(k, conn, in)[0]) >> 4) == 1);  // CONNECT
  conn.sendBytes("\x20\x02\x00\x00", 4);                                          // CONNACK accepted
  std::string subscribe = nextMqttPacket(k, conn, in);
  REQUIRE((static_cast<unsigned char>(subscribe[0]) >> 4) == 8);
  const std::string suback = std::string("\x90\x03", 2) + subscribe.substr(2, 2) + std::string(1, '\0');
  conn.sendBytes(suback.data(), static_cast<int>(suback.size()));
  // PUBLISH QoS 0 "strict/in" with the bytes 00 ff 41.
  const std::string publishIn = std::string("\x30\x0e\x00\x09", 4) + "strict/in" + std::string("\x00\xff\x41", 3);
  conn.sendBytes(publishIn.data(), static_cast<int>(publishIn.size()));
  REQUIRE(pump(k, [&] { return !k.getBuffer(child, "Payload").empty(); }));
  CHECK(k.getBuffer(child, "Payload") == "00ff41");  // hex for the strict child, as under the MQTT Server

  k.callFunction("SMC_Publish", child, {std::string("strict/out"), std::string("00FFe4")});
  std::string out = nextMqttPacket(k, conn, in);
  REQUIRE((static_cast<unsigned char>(out[0]) >> 4) == 3);
  CHECK(out.substr(out.size() - 3) == std::string("\x00\xff\xe4", 3));  // the bytes, not the hex text
  CHECK_THROWS_WITH(k.callFunction("SMC_Publish", child, {std::string("strict/out"), std::string("abc")}),
                    Catch::Contains("Payload from child #" + std::to_string(child)));
  conn.close();
}

// The MQTT Server hands a PUBLISH the item read ahead of its own bytes: an item with the same
// topic and size read from another place of the chunk, or from an earlier chunk with other
// bytes, is not taken; and with the real read-ahead, however the stream is cut, each PUBLISH
// gets its own (mqtt_server_module.cpp, takeReadAhead).
TEST_CASE("a PUBLISH gets only the read-ahead item of its own bytes", "[core][mqtt][readahead]") {
  symemu::forms::registerPublishReader(readTestAhead);
  namespace mqtt = symemu::mqtt;
  using symemu::core::ServerSocketModule;
  mqtt::Connect c;
  c.clientId = "ahead";
  mqtt::Publish a, b;
  a.topic = b.topic = "readahead-test/x";
  a.payload = "AAAA";
  b.payload = "BBBB";
  const std::string connect = mqtt::encode(c, mqtt::ProtocolVersion::V311);
  const std::string chunk =
      connect + mqtt::encode(a, mqtt::ProtocolVersion::V311) + mqtt::encode(b, mqtt::ProtocolVersion::V311);
  const std::size_t offsetOfB = chunk.size() - b.payload.size();
  const std::string both = "AAAA=AAAA=-;BBBB=BBBB=BBBB;";  // a gets no item, b its own

  auto run = [&](const std::vector<std::pair<std::string, symemu::forms::ReadAhead>>& chunks) {
    symemu::Kernel k(networkOptions());
    const int server = k.createInstance(guid::kMqttServer);
    const int socket = k.getInstance(server).connectionId;
    const int child = k.createInstance("{5E1F0A77-0003-4D8E-9F10-A1B2C3D4E5F6}");
    k.connectInstance(child, server);
    const ServerSocketModule::Client client{"127.0.0.1", 40001};
    k.sendDataToChildren(socket, ServerSocketModule::mappedPacket(1, client, ""));
    for (const auto& [bytes, ahead] : chunks)
      k.sendDataToChildren(socket, ServerSocketModule::mappedPacket(0, client, bytes, ahead));
    return k.getBuffer(child, "Seen");
  };
  auto itemOf = [](const mqtt::Publish& p, std::size_t offset) {
    symemu::core::PublishAhead item;
    item.topic = p.topic;
    item.payload = p.payload;
    item.payloadSize = p.payload.size();
    item.topicSize = p.topic.size();
    item.childText = symemu::core::mqttChildPacket({p.topic, p.payload, 0, false}, symemu::DataEncoding::Utf8Mapped);
    item.ahead = readTestAhead(p.topic, p.payload);
    item.payloadOffset = offset;
    return item;
  };
  auto aheadOf = [](std::vector<symemu::core::PublishAhead> items) {
    auto out = std::make_shared<symemu::core::PublishesReadAhead>();
    out->items = std::move(items);
    return symemu::forms::ReadAhead::of(std::shared_ptr<const symemu::core::PublishesReadAhead>(std::move(out)));
  };

  // Only b's item, read from b's place: a (same topic, same size) does not take it.
  CHECK(run({{chunk, aheadOf({itemOf(b, offsetOfB)})}}) == both);
  // The same as the read-ahead makes it (Round 11): with a place, the item keeps no bytes.
  auto placed = itemOf(b, offsetOfB);
  placed.payload.clear();
  CHECK(run({{chunk, aheadOf({placed})}}) == both);
  // b's item as if its PUBLISH began in an earlier chunk (no place): compared, a does not take it.
  CHECK(run({{chunk, aheadOf({itemOf(b, std::string::npos)})}}) == both);
  // Nothing read ahead: both are written on the kernel thread.
  CHECK(run({{chunk, {}}}) == "AAAA=AAAA=-;BBBB=BBBB=-;");
  // The real read-ahead, the stream cut anywhere: each PUBLISH gets its own item.
  for (std::size_t cut = 1; cut < chunk.size(); ++cut) {
    INFO("cut at " << cut << " of " << chunk.size());
    symemu::core::PublishReadAhead reader;
    std::vector<std::pair<std::string, symemu::forms::ReadAhead>> chunks;
    for (const std::string& part : {chunk.substr(0, cut), chunk.substr(cut)})
      chunks.emplace_back(part, reader.read(1, part));
    CHECK(run(chunks) == "AAAA=AAAA=AAAA;BBBB=BBBB=BBBB;");
  }
}

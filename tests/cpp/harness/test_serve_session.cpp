#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include <fstream>
#include <sstream>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/harness/mqtt_client.h"
#include "symemu/runtime/runtime.h"
#include "symemu/harness/serve_session.h"

using namespace symemu;
using namespace symemu::harness;

namespace {

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One served kernel on ephemeral loopback ports, recording to its own file; its database (and
// WebHook Control's self-signed certificate beside it) in a folder of its own.
struct Served {
  Poco::TemporaryFile dir;
  std::string db = dir.path() + "/symemu.db", record = dir.path() + "/record.jsonl";
  LibraryCatalog libraries = builtinLibraries();
  std::unique_ptr<Kernel> kernel;
  std::unique_ptr<KernelThread> thread;
  std::unique_ptr<ServeSession> session;

  Served() {
    dir.createDirectories();
    auto opts = kernelOptionsFor(libraries, db);
    opts.clock = "real";
    opts.networkEnabled = false;
    opts.seed = 1;
    kernel = std::make_unique<Kernel>(opts);
    thread = std::make_unique<KernelThread>(*kernel);
    ServeSettings s;
    s.bind = "127.0.0.1";
    s.mqttPort = s.httpPort = s.httpsPort = 0;
    s.recordFile = record;
    session = std::make_unique<ServeSession>(*kernel, *thread, libraries, s);
    session->start();
  }
  ~Served() {
    session->stop();
    kernel->close();
  }
  void publish(const std::string& topic) {
    MqttClientOptions o;
    o.port = session->listeners().mqttPort;
    o.clientId = "c-" + topic;
    MqttClient client(o);
    client.publish(topic, "payload of " + topic, 1, false);  // PUBACK: the kernel has it
    client.disconnect();
  }
};

}  // namespace

TEST_CASE("two serve sessions in one process listen and record separately") {
  Served a, b;
  REQUIRE(a.session->listeners().mqttPort > 0);
  REQUIRE(b.session->listeners().mqttPort > 0);
  CHECK(a.session->listeners().mqttPort != b.session->listeners().mqttPort);
  CHECK(a.session->listeners().readyText().find(" mqtt=127.0.0.1:") == 0);
  a.publish("to/a");
  b.publish("to/b");
  a.session->stop();
  b.session->stop();
  std::string recordA = readAll(a.record), recordB = readAll(b.record);
  CHECK(recordA.find("{\"symemu_fixture\":1") == 0);
  CHECK(recordA.find("\"topic\":\"to/a\"") != std::string::npos);
  CHECK(recordA.find("to/b") == std::string::npos);
  CHECK(recordB.find("\"topic\":\"to/b\"") != std::string::npos);
  CHECK(recordB.find("to/a") == std::string::npos);
}

TEST_CASE("a session that cannot record names the file before anything listens") {
  LibraryCatalog libraries = builtinLibraries();
  auto opts = kernelOptionsFor(libraries, ":memory:");
  opts.clock = "real";
  opts.networkEnabled = false;
  Kernel kernel(opts);
  KernelThread thread(kernel);
  ServeSettings s;
  s.bind = "127.0.0.1";
  s.mqttPort = s.httpPort = 0;
  s.recordFile = "/nonexistent/dir/record.jsonl";
  CHECK_THROWS_WITH(ServeSession(kernel, thread, libraries, s), Catch::Contains("/nonexistent/dir/record.jsonl"));
  kernel.close();
}

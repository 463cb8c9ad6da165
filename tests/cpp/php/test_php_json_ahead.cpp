// The MQTT Server's listener thread parses each PUBLISH's packet text for PHP modules
// (emulator/php/php_json_ahead.h): over a real socket, a PHP device's json_decode takes that
// document, and what the device stores is what it stores without it.
#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include "symemu/harness/mqtt_client.h"
#include "symemu/harness/serve_session.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/php/php_json_ahead.h"
#include "symemu/runtime/runtime.h"

using namespace symemu;
using namespace symemu::harness;

namespace {

constexpr const char* kMqttDevice = "{5E3A0003-0001-4000-8000-000000000003}";  // tests/php_libs/flow

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace

TEST_CASE("a PHP device under the MQTT Server decodes the packet text parsed on the listener thread", "[php]") {
  Poco::TemporaryFile dir;
  dir.createDirectories();
  LibraryCatalog libraries = builtinLibraries();
  REQUIRE(addLibraries(libraries, {std::string(SYMEMU_PHP_LIBS) + "/flow"}).empty());  // starts PHP
  auto opts = kernelOptionsFor(libraries, dir.path() + "/symemu.db");
  opts.clock = "real";
  opts.networkEnabled = false;
  opts.seed = 1;
  Kernel kernel(opts);
  KernelThread thread(kernel);
  ServeSettings settings;
  settings.bind = "127.0.0.1";
  settings.mqttPort = settings.httpPort = settings.httpsPort = 0;
  ServeSession session(kernel, thread, libraries, settings);
  session.start();

  const int device = thread.call([&] {
    int id = kernel.createInstance(kMqttDevice);
    kernel.setProperty(id, "Topic", std::string("net/php"));
    kernel.applyChanges(id);
    return id;
  });

  MqttClientOptions o;
  o.port = session.listeners().mqttPort;
  o.clientId = "first";
  {
    // The MQTT Server installs its read-ahead with its first data: the first stream is not read ahead.
    MqttClient first(o);
    first.publish("warm/up", "{}", 1, false);
    first.disconnect();
  }
  const std::size_t before = thread.call([] { return php::keptJsonFound(); });
  o.clientId = "ahead";
  MqttClient client(o);
  const std::vector<std::string> payloads = {R"({"v":"\u00e4 ä"})", "plain bytes \xff\x01", "[1,2"};
  for (const auto& payload : payloads) {
    client.publish("net/php", payload, 1, false);  // PUBACK: the device has stored it
    const std::string stored = thread.call(
        [&] { return std::get<std::string>(kernel.getValue(*kernel.getObjectIdByIdent("PayloadHex", device))); });
    CHECK(stored == hex(payload));
  }
  client.disconnect();
  // Each packet text was parsed on the listener thread and json_decode took that document.
  CHECK(thread.call([] { return php::keptJsonFound(); }) - before == payloads.size());
  session.stop();
  kernel.close();
}

// `symemu serve`: the kernel on the real clock with its network listeners, until SIGINT/SIGTERM.
#include <algorithm>
#include <csignal>
#include <iostream>

#include "symemu/cli/api_options.h"
#include "symemu/cli/args.h"
#include "symemu/php/php_host.h"
#include "symemu/cli/commands.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/runtime/runtime.h"
#include "symemu/harness/serve_session.h"

namespace symemu::cli {

int cmdServe(const std::vector<std::string>& argv, const LibraryCatalog& libraries) {
  Args a("serve", argv,
         {"db",      "bind",           "mqtt-port", "http-port",     "https-port",  "cert",        "key",
          "seed",    "record",         "mqtt-user", "mqtt-password", "max-objects", "upstream",    "shard",
          "library", "php-time-limit", "api-user",  "api-password",  "api-auth",    "commit-delay"},
         {"auto-create", "verbose", "no-mqtt-server"});
  if (a.help()) {
    std::cout
        << "usage: symemu serve [--db PATH] [--bind ADDR] [--mqtt-port N] [--http-port N] [--https-port N]\n"
           "                    [--cert FILE --key FILE] [--mqtt-user U --mqtt-password P] [--seed N]\n"
           "                    [--auto-create] [--record FILE] [--max-objects N] [--verbose]\n"
           "                    [--upstream mqtt[s]://[USER:PASS@]HOST:PORT[?client_id=..&topic=..]]\n"
           "                    [--no-mqtt-server] [--shard I/N]\n"
           "                    [--api-user U --api-password P [--api-auth remote|all]]\n"
           "Runs the emulator. A new database gets a Server Socket (port 1883) -> MQTT Server chain and a\n"
           "WebHook Control (HTTP 3777, HTTPS 3778). Port 0 picks a free port. When every listener is up it\n"
           "prints 'symemu: ready mqtt=HOST:PORT http=HOST:PORT https=HOST:PORT'. Ctrl-C stops it cleanly.\n"
           "--max-objects N widens the object ID range to 10000..10000+N-1 when that is more than Symcon's\n"
           "10000..59999 (large test benches; the range is not stored in the database).\n"
           "--upstream attaches a Client Socket -> MQTT Client to an existing broker (read-only unless readonly=0:\n"
           "it subscribes and never publishes; also: qos, version=5, clean=0, ca=FILE, verify=0, keepalive=N);\n"
           "see docs/mqtt-client.md.\n"
           "--no-mqtt-server keeps the local MQTT Server's socket closed.\n"
           "--shard I/N keeps only the upstream loggers whose ID hashes to I (FNV-1a mod N).\n"
           "Symcon's JSON-RPC API answers at /api/ on the HTTP and HTTPS ports (docs/api.md): callers from\n"
           "127.0.0.1/::1 need no credentials (unless --api-auth all), others need Basic auth with\n"
           "--api-user/--api-password.\n"
           "--library DIR (repeatable) loads a Symcon library, PHP modules included (docs/php-modules.md); one\n"
           "with the id of a built-in library replaces it. --php-time-limit SECONDS limits each PHP call (30).\n"
           "--commit-delay MS (10): changes nobody waits on (QoS 0 reports, timers) are committed together\n"
           "within MS milliseconds; an acknowledgement (PUBACK, HTTP answer, API result) still waits for\n"
           "its commit. 0 commits after every batch (docs/performance.md, \"Commit pacing\").\n";
    return 0;
  }
  harness::ServeSettings settings;
  settings.bind = a.value("bind", "0.0.0.0");
  settings.mqttPort = a.intValue("mqtt-port", -1);
  settings.httpPort = a.intValue("http-port", -1);
  settings.httpsPort = a.intValue("https-port", -1);
  settings.certFile = a.value("cert", "");
  settings.keyFile = a.value("key", "");
  settings.autoCreate = a.flag("auto-create");
  settings.recordFile = a.value("record", "");
  settings.mqttUser = a.value("mqtt-user");
  settings.mqttPassword = a.value("mqtt-password");
  settings.noMqttServer = a.flag("no-mqtt-server");
  if (auto url = a.value("upstream")) {
    try {
      settings.upstream = harness::parseUpstreamUrl(*url);
      if (auto shard = a.value("shard")) harness::parseShard(*shard, *settings.upstream);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("serve: ") + e.what());
    }
  }
  if (a.value("shard") && !settings.upstream) throw UsageError("serve: --shard needs --upstream");
  if (settings.certFile.empty() != settings.keyFile.empty()) throw UsageError("serve: --cert and --key go together");
  settings.api = apiAccessFromArgs(a);
  const int commitDelayMs = a.intValue("commit-delay", static_cast<int>(KernelThread::kDefaultCommitDelay.count()));
  if (commitDelayMs < 0 || commitDelayMs > 10000)
    throw UsageError("serve: --commit-delay must be 0..10000 milliseconds");
  const std::chrono::milliseconds commitDelay(commitDelayMs);

  // Signals are taken by sigwait below, never by another thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // --library folders join the built-in catalog; a PHP library starts PHP here, before any other
  // thread (docs/architecture.md §5a).
  LibraryCatalog catalog = libraries;
  for (const auto& problem : addLibraries(catalog, a.values("library")))
    std::cerr << "symemu: " << problem << std::endl;
  if (auto limit = a.value("php-time-limit")) php::PhpHost::get().setTimeLimit(std::stod(*limit));
  auto opts = kernelOptionsFor(catalog, a.value("db", "symemu.db"));
  opts.clock = "real";
  opts.networkEnabled = false;  // the session turns it on once the listener settings are in place
  if (auto seed = a.value("seed")) opts.seed = std::stoull(*seed);
  if (int n = a.intValue("max-objects", 0); n > 0)
    opts.idHigh = std::max(opts.idHigh, opts.idLow + n - 1);
  else if (n < 0)
    throw UsageError("serve: --max-objects must be positive");
  Kernel kernel(opts);
  bool verbose = a.flag("verbose");
  kernel.setLogSink([verbose](const LogEntry& e) {
    if (verbose || e.type == msg::KL_ERROR || e.type == msg::KL_WARNING)
      std::cerr << "symemu: " << (e.sender.empty() ? "kernel" : e.sender) << ": " << e.message << std::endl;
  });
  KernelThread thread(kernel, 4096, commitDelay);
  harness::ServeSession session(kernel, thread, catalog, settings);
  session.start();
  for (const auto& notice : session.listeners().notices) std::cerr << "symemu: warning: " << notice << std::endl;
  std::cout << "symemu: ready" << session.listeners().readyText() << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "symemu: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down" << std::endl;
  session.stop();
  kernel.close();
  std::cerr << "symemu: stopped" << std::endl;
  return 0;
}

}  // namespace symemu::cli

// `symemu replay FIXTURE`: plays a recorded or written fixture into a fresh in-process kernel or
// against running servers, and optionally compares the final snapshot with an expected file.
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "symemu/cli/args.h"
#include "symemu/php/php_host.h"
#include "symemu/cli/commands.h"
#include "symemu/harness/fixture.h"
#include "symemu/harness/junit.h"
#include "symemu/kernel/snapshot.h"
#include "symemu/harness/in_process_kernel.h"
#include "symemu/harness/kernel_replay_player.h"
#include "symemu/harness/replay_network.h"
#include "symemu/cli/replay_progress.h"
#include "symemu/harness/replay_runner.h"
#include "symemu/runtime/runtime.h"
#include "symemu/harness/snapshot_diff.h"

namespace symemu::cli {

using namespace harness;

namespace {

// Parses "mqtt://HOST:PORT", "http://HOST:PORT" or "https://HOST:PORT"; throws UsageError.
NetworkTarget parseTarget(const std::string& text) {
  NetworkTarget t;
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception& e) {
    throw UsageError("replay: --target '" + text + "' is not a URL: " + e.message());
  }
  t.scheme = uri.getScheme();
  if (t.scheme != "mqtt" && t.scheme != "http" && t.scheme != "https")
    throw UsageError("replay: --target '" + text +
                     "' must be in-process, mqtt://HOST:PORT, http://HOST:PORT or https://HOST:PORT");
  t.host = uri.getHost();
  if (t.host.empty()) throw UsageError("replay: --target '" + text + "' names no host");
  t.port = uri.getPort();
  if (t.port == 0) t.port = t.scheme == "mqtt" ? 1883 : t.scheme == "http" ? 80 : 443;
  if (!uri.getPath().empty() && uri.getPath() != "/")
    throw UsageError("replay: --target '" + text + "' must not have a path (the fixture gives it)");
  if (!uri.getUserInfo().empty()) {
    if (t.scheme != "mqtt")
      throw UsageError("replay: user info in --target is only for mqtt:// (http users come from the fixture)");
    auto colon = uri.getUserInfo().find(':');
    std::string user, password;
    Poco::URI::decode(uri.getUserInfo().substr(0, colon), user);
    t.user = user;
    if (colon != std::string::npos) {
      Poco::URI::decode(uri.getUserInfo().substr(colon + 1), password);
      t.password = password;
    }
  }
  return t;
}

const char* const kHelp =
    "usage: symemu replay FIXTURE [--target in-process | --target mqtt://HOST:PORT --target http(s)://HOST:PORT]\n"
    "                     [--db PATH] [--seed N] [--auto-create] [--password P] [--speed N|max]\n"
    "                     [--expect SNAPSHOT] [--write-snapshot FILE] [--no-times] [--junit FILE]\n"
    "                     [--cacert FILE | --insecure] [--timeout SECONDS] [--max-objects N] [--verbose]\n"
    "Plays a fixture (JSON Lines: a header, then mqtt, http and action events; see README\n"
    "'Fixtures') and prints a summary.\n"
    "  --target in-process   (default) a fresh kernel in this process: no sockets, a manual clock moved\n"
    "                        to each event's offset, so a day of traffic plays in seconds\n"
    "  --target mqtt://H:P   mqtt events to a running broker (one MQTT 3.1.1 connection per client_id;\n"
    "                        mqtt://USER:PASS@H:P logs in); repeat --target to add\n"
    "  --target http(s)://H:P  http events to a running WebHook server; actions other than advance are\n"
    "                        skipped over the network\n"
    "  --db PATH, --seed N   database (default :memory:) and ID seed (default 1) of the in-process kernel\n"
    "  --auto-create         a SmartLogDiscovery under the MQTT Server, like serve --auto-create\n"
    "  --password P          Basic-auth password for http events that name a user\n"
    "  --speed N|max         network targets: N times real time between events (default max)\n"
    "  --expect SNAPSHOT     in-process: compare the final snapshot; a difference prints a line diff\n"
    "                        and exits 1 (compared without times when the file has none)\n"
    "  --write-snapshot FILE write the final snapshot (in-process), e.g. to make an expected file\n"
    "  --no-times            snapshots without variables' updated/changed times\n"
    "  --junit FILE          JUnit XML: a test case per failed event and one for the snapshot\n"
    "  --cacert FILE         trust this PEM certificate for https; --insecure: no verification\n"
    "  --timeout SECONDS     network answer timeout (default 10)\n"
    "  --max-objects N       in-process: object IDs 10000..10000+N-1 when wider than Symcon's 10000..59999\n"
    "  --library DIR         in-process: load a Symcon library (PHP modules included, docs/php-modules.md);\n"
    "                        repeatable; one with the id of a built-in library replaces it\n"
    "  --php-time-limit S    in-process: time limit of each PHP call in seconds (default 30)\n"
    "  --verbose             also show skipped events and the kernel's log errors and warnings\n"
    "Exit status: 0 when every event played and the snapshot matched, 1 otherwise, 2 for usage errors.\n";

// --target may repeat, which Args does not support: take those out first.
std::vector<std::string> takeTargets(std::vector<std::string>& argv) {
  std::vector<std::string> targets, rest;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--target") {
      if (i + 1 >= argv.size()) throw UsageError("replay: option --target needs a value");
      targets.push_back(argv[++i]);
    } else if (argv[i].rfind("--target=", 0) == 0) {
      targets.push_back(argv[i].substr(9));
    } else {
      rest.push_back(argv[i]);
    }
  }
  argv = rest;
  return targets;
}

double parseSpeed(const std::string& text) {
  if (text == "max") return 0;
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw UsageError("replay: --speed must be a positive number or 'max', got '" + text + "'");
}

double parsePositive(const std::string& option, const std::string& text) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw UsageError("replay: --" + option + " must be a positive number, got '" + text + "'");
}

std::string readFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("replay: cannot read " + what + " " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text) || !out.flush()) throw std::runtime_error("cannot write " + path);
}

struct Plan {
  bool inProcess = true;
  NetworkSettings network;
};

Plan planTargets(const std::vector<std::string>& targets) {
  Plan p;
  for (const auto& t : targets) {
    if (t == "in-process") continue;
    p.inProcess = false;
    auto target = parseTarget(t);
    auto& slot = target.scheme == "mqtt" ? p.network.mqtt : p.network.http;
    if (slot)
      throw UsageError("replay: more than one " + std::string(target.scheme == "mqtt" ? "mqtt" : "http(s)") +
                       " target");
    slot = target;
  }
  bool namedInProcess = false;
  for (const auto& t : targets) namedInProcess |= t == "in-process";
  if (namedInProcess && !p.inProcess)
    throw UsageError("replay: --target in-process cannot be combined with network targets");
  return p;
}

JUnitSuite junitFor(const Fixture& fx, const ReplayReport& report) {
  JUnitSuite suite;
  suite.name = "symemu replay " + fx.file;
  suite.seconds = report.seconds;
  std::string className = "replay." + Poco::Path(fx.file).getBaseName();
  for (const auto& e : report.errors) {
    JUnitCase c;
    c.className = className;
    c.name = fx.where(e.line) + " " + e.label;
    c.failure = e.message;
    c.details = fx.where(e.line) + ": " + e.message;
    suite.cases.push_back(c);
  }
  return suite;
}

}  // namespace

int cmdReplay(const std::vector<std::string>& argvIn, const LibraryCatalog& libraries) {
  std::vector<std::string> argv = argvIn;
  auto targets = takeTargets(argv);
  Args a("replay", argv,
         {"db", "seed", "speed", "password", "expect", "write-snapshot", "junit", "cacert", "timeout", "max-objects",
          "library", "php-time-limit"},
         {"auto-create", "no-times", "insecure", "verbose"});
  if (a.help()) {
    std::cout << kHelp;
    return 0;
  }
  if (a.positionals().size() != 1) throw UsageError("replay: give exactly one FIXTURE file (see symemu replay --help)");
  const std::string fixturePath = a.positionals()[0];
  Plan plan = planTargets(targets);
  double speed = parseSpeed(a.value("speed", "max"));
  auto expectPath = a.value("expect");
  auto writePath = a.value("write-snapshot");
  if (!plan.inProcess) {
    for (const char* opt : {"expect", "write-snapshot", "db", "seed", "max-objects", "library", "php-time-limit"})
      if (a.value(opt)) throw UsageError(std::string("replay: --") + opt + " needs the in-process target");
    if (a.flag("auto-create"))
      throw UsageError("replay: --auto-create needs the in-process target (start serve with it)");
  } else {
    for (const char* opt : {"cacert"})
      if (a.value(opt)) throw UsageError(std::string("replay: --") + opt + " is for https targets");
    if (a.flag("insecure")) throw UsageError("replay: --insecure is for https targets");
  }
  if (a.value("cacert") && a.flag("insecure")) throw UsageError("replay: --cacert and --insecure exclude each other");
  if (auto ca = a.value("cacert"); ca && !Poco::File(*ca).exists())
    throw UsageError("replay: no certificate file " + *ca);
  std::string expected;
  if (expectPath) expected = readFile(*expectPath, "expected snapshot");
  std::uint64_t seed = 1;
  if (auto s = a.value("seed")) {
    try {
      std::size_t used = 0;
      seed = std::stoull(*s, &used);
      if (used != s->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw UsageError("replay: --seed needs a whole number, got '" + *s + "'");
    }
  }

  // The built-in libraries plus --library folders (a PHP library starts PHP here, before any
  // other thread; docs/architecture.md §5a). The catalog outlives the kernel and the player.
  LibraryCatalog catalog = libraries;
  for (const auto& problem : addLibraries(catalog, a.values("library")))
    std::cerr << "symemu: " << problem << std::endl;
  if (auto limit = a.value("php-time-limit")) php::PhpHost::get().setTimeLimit(parsePositive("php-time-limit", *limit));

  Fixture fx;
  try {
    fx = loadFixture(fixturePath, catalog);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string("replay: ") + e.what());
  }

  std::unique_ptr<InProcessKernel> local;
  std::unique_ptr<ReplayPlayer> player;
  if (plan.inProcess) {
    InProcessSettings s;
    s.database = a.value("db", ":memory:");
    s.seed = seed;
    s.start = fx.start;
    s.maxObjects = a.intValue("max-objects", 0);
    if (s.maxObjects < 0) throw UsageError("replay: --max-objects must be positive");
    local = std::make_unique<InProcessKernel>(catalog, s);
    KernelReplaySettings r;
    r.autoCreate = a.flag("auto-create");
    r.password = a.value("password", "");
    r.start = fx.start;
    player = std::make_unique<KernelReplayPlayer>(*local, catalog, r);
  } else {
    plan.network.password = a.value("password", "");
    plan.network.caFile = a.value("cacert", "");
    plan.network.insecure = a.flag("insecure");
    plan.network.speed = speed;
    plan.network.timeoutSeconds = parsePositive("timeout", a.value("timeout", "10"));
    player = std::make_unique<NetworkPlayer>(plan.network);
  }

  ReplayProgress progress(std::cerr, fx.events.size(), stderrIsTerminal());
  ReplayHooks hooks;
  hooks.verbose = a.flag("verbose");
  hooks.progress = [&progress](std::size_t done, std::size_t errors, bool finished) {
    if (finished)
      progress.finish(done, errors);
    else
      progress.update(done, errors);
  };
  hooks.report = [&progress](const std::string& line) { progress.message(line); };
  if (local) hooks.takeLogProblems = [&local] { return local->takeLogProblems(); };
  ReplayReport report = runReplay(fx, *player, hooks);
  std::cout << report.summary(fixturePath) << std::endl;

  JUnitSuite suite = junitFor(fx, report);
  bool snapshotDiffers = false;
  if (local && (expectPath || writePath)) {
    SnapshotOptions o;
    o.times = !a.flag("no-times");
    if (writePath) writeFile(*writePath, snapshotJson(local->kernel(), o));
    if (expectPath) {
      std::string diff =
          diffSnapshot(local->kernel(), expected, o.times, *expectPath, "final snapshot of " + fixturePath);
      snapshotDiffers = !diff.empty();
      JUnitCase c;
      c.className = "replay." + Poco::Path(fx.file).getBaseName();
      c.name = "final snapshot matches " + *expectPath;
      if (snapshotDiffers) {
        c.failure = "the final snapshot differs from " + *expectPath;
        c.details = diff;
        std::cerr << "replay: the final snapshot differs from " << *expectPath << ":\n" << diff;
      } else {
        std::cout << "replay: the final snapshot matches " << *expectPath << std::endl;
      }
      suite.cases.push_back(c);
    }
  }
  if (suite.cases.empty()) {
    JUnitCase c;
    c.className = "replay." + Poco::Path(fx.file).getBaseName();
    c.name = "replay " + fx.file + " (" + std::to_string(report.played) + " events played)";
    suite.cases.push_back(c);
  }
  if (auto junit = a.value("junit")) writeJUnit(*junit, suite);
  player.reset();
  if (local) local->kernel().close();
  return report.errors.empty() && !snapshotDiffers ? 0 : 1;
}

}  // namespace symemu::cli

#include <catch2/catch.hpp>

#include <sstream>

#include "symemu/harness/fixture.h"
#include "symemu/kernel/snapshot.h"
#include "symemu/harness/in_process_kernel.h"
#include "symemu/harness/kernel_replay_player.h"
#include "symemu/harness/traffic.h"
#include "symemu/harness/replay_runner.h"

using namespace symemu;
using namespace symemu::harness;

namespace {
const LibraryCatalog& libraries() {
  static const LibraryCatalog builtin = builtinLibraries();
  return builtin;
}

Fixture parse(const std::string& events) {
  std::istringstream in("{\"symemu_fixture\": 1, \"start\": 1700000000}\n" + events);
  return parseFixture(in, "t.jsonl", libraries());
}

struct PlayerSettings {
  std::optional<double> start;
  std::string password;
};

// `symemu replay --target in-process`: a fresh InProcessKernel and the replay player on it.
class InProcessPlayer : public ReplayPlayer {
 public:
  explicit InProcessPlayer(const PlayerSettings& s)
      : host_(libraries(), hostSettings(s)),
        player_(host_, libraries(), KernelReplaySettings{s.password, false, s.start}) {}
  void moveTo(double offset) override { player_.moveTo(offset); }
  PlayResult play(const FixtureEvent& e) override { return player_.play(e); }
  void finish() override { player_.finish(); }
  Kernel& kernel() { return host_.kernel(); }
  std::vector<std::string> takeLogProblems() { return player_.takeLogProblems(); }

 private:
  static harness::InProcessSettings hostSettings(const PlayerSettings& s) {
    harness::InProcessSettings h;
    h.start = s.start;
    return h;
  }
  InProcessKernel host_;
  KernelReplayPlayer player_;
};

PlayerSettings settings() {
  PlayerSettings s;
  s.start = 1700000000;  // the fixtures' header start
  return s;
}

struct Run {
  InProcessPlayer player{PlayerSettings{}};
  std::vector<std::string> lines;
  ReplayReport report;
  explicit Run(const std::string& events) : player(settings()) {
    ReplayHooks hooks;
    hooks.report = [this](const std::string& l) { lines.push_back(l); };
    hooks.takeLogProblems = [this] { return player.takeLogProblems(); };
    report = runReplay(parse(events), player, hooks);
  }
};
}  // namespace

TEST_CASE("the in-process kernel has the default chains and starts at the fixture start") {
  PlayerSettings s;
  s.start = 1700000000;
  InProcessPlayer p(s);
  Kernel& k = p.kernel();
  CHECK(k.resolvePath("MQTT Server"));
  CHECK(k.resolvePath("MQTT Server Socket"));
  CHECK(k.resolvePath("WebHook Control"));
  CHECK(k.now() == Approx(1700000000));
  CHECK(k.manualClock());
  p.moveTo(900);
  CHECK(k.now() == Approx(1700000900));
  p.moveTo(10);  // the past: the clock stays
  CHECK(k.now() == Approx(1700000900));
}

TEST_CASE("events play, failures name line and cause, and the clock follows the offsets") {
  Run r(
      R"({"t": 0, "type": "mqtt", "client_id": "c", "topic": "nobody/listens", "qos": 1, "payload": "x"})"
      "\n"
      R"({"t": 5, "type": "http", "path": "/hook/none", "body": "b"})"
      "\n"
      R"({"t": 6, "type": "http", "path": "/hook/none", "expect_status": 404})"
      "\n"
      R"({"t": 7, "type": "action", "action": "set_property", "path": "WebHook Control", "property": "TimeoutSeconds", "value": 30})"
      "\n"
      R"({"t": 8, "type": "action", "action": "set_property", "path": "No/Such", "property": "X", "value": 1})"
      "\n"
      R"({"t": 9, "type": "action", "action": "set_property", "path": "WebHook Control", "property": "Nope", "value": 1})"
      "\n"
      R"({"t": 10, "type": "action", "action": "advance", "seconds": 100})"
      "\n"
      R"({"t": 11, "type": "action", "action": "create_all", "smartlog_id": "SL-404"})"
      "\n"
      "{broken\n"
      R"({"t": 12, "type": "mqtt", "topic": "last", "qos": 2})"
      "\n");
  CHECK(r.report.events == 9);
  CHECK(r.report.played == 5);
  CHECK(r.report.skipped == 0);
  REQUIRE(r.report.errors.size() == 5);
  CHECK(r.report.errors[0].line == 3);
  CHECK(r.lines[0].find("t.jsonl:3: http POST /hook/none: HTTP 404: No hook for /hook/none") == 0);
  CHECK(r.lines[1] == "t.jsonl:6: action set_property: no object at path 'No/Such'");
  CHECK(r.lines[2].find("t.jsonl:7: action set_property: ") == 0);
  CHECK(r.lines[3] == "t.jsonl:9: action create_all: no SmartLog or SmartLogHTTPS instance has SmartLogID 'SL-404'");
  CHECK(r.lines[4].find("t.jsonl:10: not valid JSON") == 0);
  CHECK(r.report.errors[4].label == "fixture");
  Kernel& k = r.player.kernel();
  CHECK(k.getProperty(*k.resolvePath("WebHook Control"), "TimeoutSeconds") == Value(std::int64_t{30}));
  CHECK(k.now() == Approx(1700000000 + 10 + 100));  // advance moved past offset 12
  CHECK(r.report.summary("t.jsonl").find("replay: t.jsonl: 9 events, 5 played, 0 skipped, 5 errors") == 0);
}

TEST_CASE("the same fixture and seed give the same snapshot") {
  std::string events =
      R"({"t": 0, "type": "action", "action": "set_property", "path": "MQTT Server", "property": "MaxQueuedMessages", "value": 7})"
      "\n";
  Run a(events), b(events);
  CHECK(a.report.errors.empty());
  SnapshotOptions o;
  o.times = false;
  CHECK(snapshotJson(a.player.kernel(), o) == snapshotJson(b.player.kernel(), o));
  CHECK(snapshotJson(a.player.kernel(), o).find("\"MaxQueuedMessages\": 7") != std::string::npos);
}

TEST_CASE("create_instance makes a named, connected, configured instance and fills in the password") {
  PlayerSettings s;
  s.password = "pw";
  InProcessPlayer p(s);
  auto play = [&](const std::string& line) { return p.play(parseFixtureEvent(line, 2, libraries())); };
  auto r = play(R"({"type": "action", "action": "create_instance", "module": "MQTT Server", "name": "Second broker",
      "properties": {"UserName": "u", "Password": "${PASSWORD}", "MaxQueuedMessages": 5}})");
  INFO(r.message);
  CHECK(r.kind == PlayResult::Kind::Played);
  Kernel& k = p.kernel();
  auto id = k.resolvePath("Second broker");
  REQUIRE(id);
  CHECK(k.getProperty(*id, "Password") == Value(std::string("pw")));
  CHECK(k.getProperty(*id, "MaxQueuedMessages") == Value(std::int64_t{5}));
  CHECK_FALSE(k.hasChanges(*id));

  r = play(R"({"type": "action", "action": "create_instance", "module": "Nope"})");
  CHECK(r.message == "no module named 'Nope' is loaded");
  r = play(R"({"type": "action", "action": "create_instance", "module": "MQTT Server", "parent": "No/Where"})");
  CHECK(r.message == "no instance at parent path 'No/Where'");
  r = play(R"({"type": "action", "action": "create_instance", "module": "MQTT Server", "properties": {"Bogus": 1}})");
  CHECK(r.kind == PlayResult::Kind::Failed);
  r = play(
      R"({"type": "action", "action": "create_instance", "module": "MQTT Server", "properties": {"MaxQueuedMessages": "many"}})");
  CHECK(r.kind == PlayResult::Kind::Failed);
  CHECK(r.message.find("MaxQueuedMessages") != std::string::npos);
}

TEST_CASE("a hook target is split like the HTTP server does") {
  std::string path, query;
  splitHookTarget("/hook/a%20b?x=1&y=2", path, query);
  CHECK(path == "/hook/a b");
  CHECK(query == "x=1&y=2");
  splitHookTarget("/plain", path, query);
  CHECK(path == "/plain");
  CHECK(query.empty());
}

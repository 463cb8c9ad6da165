#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

#include "symemu/harness/fixture.h"
#include "symemu/harness/in_process_kernel.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/harness/kernel_replay_player.h"
#include "symemu/runtime/data_dir.h"
#include "symemu/runtime/library_plugin.h"
#include "symemu/runtime/runtime.h"

using namespace symemu;
using namespace symemu::harness;

namespace {

std::string libraryJsonId(const std::string& dir) {
  std::ifstream in(dir + "/library.json");
  REQUIRE(in);
  Poco::JSON::Parser parser;
  return parser.parse(in).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id");
}

LibraryPlugin plugin(const std::string& id, const std::string& name) {
  LibraryPlugin p;
  p.id = id;
  p.name = name;
  return p;
}

const char* const kSmartMeteringId = "{7DD75A94-FDEE-4ED9-9D07-3172C4A6A6BA}";

}  // namespace

TEST_CASE("built-in libraries are named by their library.json id and found beside the binary") {
  LibraryCatalog builtin = builtinLibraries();
  REQUIRE(builtin.plugins().size() >= 2);
  auto dirs = builtin.directories();
  REQUIRE(dirs.size() == builtin.plugins().size());
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    CHECK(dirs[i].rfind(librariesDirectory(), 0) == 0);           // under share/symemu/libraries
    for (const char* sourceFolder : {"/modules/", "/emulator/"})  // never the library's source folder
      CHECK(dirs[i].rfind(std::string(SYMEMU_SOURCE_DIR) + sourceFolder, 0) != 0);
    CHECK(libraryJsonId(dirs[i]) == builtin.plugins()[i].id);
  }
  CHECK(builtin.find(kSmartMeteringId) != nullptr);
  CHECK(builtin.fixtureAction("create_all") != nullptr);
}

TEST_CASE("a library with the same id replaces the earlier one in place, whatever the GUID's case") {
  LibraryCatalog c;
  c.add(plugin("{AAAAAAAA-0000-4000-8000-000000000001}", "first"));
  LibraryPlugin old = plugin("{BBBBBBBB-0000-4000-8000-000000000002}", "old");
  old.fixtureActions.push_back({"old_action", {}, nullptr});
  c.add(old);
  c.add(plugin("{CCCCCCCC-0000-4000-8000-000000000003}", "third"));
  c.add(plugin("{bbbbbbbb-0000-4000-8000-000000000002}", "new"));
  REQUIRE(c.plugins().size() == 3);
  CHECK(c.plugins()[1].name == "new");
  // A replacement without actions of its own keeps the old edition's (same GUIDs and functions).
  CHECK(c.fixtureAction("old_action") != nullptr);
  LibraryPlugin withActions = plugin("{BBBBBBBB-0000-4000-8000-000000000002}", "newest");
  withActions.fixtureActions.push_back({"new_action", {}, nullptr});
  c.add(withActions);
  CHECK(c.fixtureAction("old_action") == nullptr);  // its own actions replace the old ones
  CHECK(c.fixtureAction("new_action") != nullptr);
  CHECK_THROWS_AS(c.add(plugin("", "no id")), std::invalid_argument);
}

TEST_CASE(
    "a replacement Smart Metering library takes the C++ modules' factories away, keeps auto-create and create_all") {
  LibraryCatalog c = builtinLibraries();
  LibraryPlugin replacement = plugin(kSmartMeteringId, "Smart Metering (another edition)");
  replacement.directory = builtinLibraries().find(kSmartMeteringId)->directory;  // same module.json files
  c.add(replacement);
  CHECK(c.fixtureAction("create_all") != nullptr);  // plays through SM_CreateAll, which every edition has
  CHECK(c.find(kSmartMeteringId)->autoCreate);
  Kernel k(kernelOptionsFor(c, ":memory:"));
  const ModuleInfo* smartLog = k.modules().findByName("SmartLog");
  REQUIRE(smartLog);  // the library's folder is still loaded
  CHECK_THROWS_WITH(k.createInstance(smartLog->id), Catch::Contains("SmartLog"));  // but has no factory
}

TEST_CASE("session set-up runs every auto-create only when asked, then every session hook, in order") {
  LibraryCatalog c;
  std::vector<std::string> calls;
  for (const char* name : {"a", "b"}) {
    LibraryPlugin p = plugin(std::string("{AAAAAAAA-0000-4000-8000-00000000000") + name + "}", name);
    p.autoCreate = [&calls, name](Kernel&, const DefaultChains&) { calls.push_back(std::string("auto ") + name); };
    p.setUpSession = [&calls, name](Kernel&, const DefaultChains&) { calls.push_back(std::string("hook ") + name); };
    c.add(p);
  }
  Kernel k(kernelOptionsFor(builtinLibraries(), ":memory:"));
  c.setUpSession(k, {}, false);
  CHECK(calls == std::vector<std::string>{"hook a", "hook b"});
  calls.clear();
  c.setUpSession(k, {}, true);
  CHECK(calls == std::vector<std::string>{"auto a", "auto b", "hook a", "hook b"});
}

TEST_CASE("a library's fixture action is parsed with its fields and played by the one replay player") {
  LibraryCatalog c = builtinLibraries();
  LibraryPlugin p = plugin("{DDDDDDDD-0000-4000-8000-000000000004}", "renamer");
  p.fixtureActions.push_back(
      {"rename", {"path", "name"}, [](Kernel& k, const DefaultChains&, const FixtureAction::Fields& f) {
         auto id = k.resolvePath(f.at("path"));
         if (!id) throw KernelError("no object at " + f.at("path"));
         k.setName(*id, f.at("name"));
       }});
  c.add(p);
  std::istringstream in(
      "{\"symemu_fixture\": 1}\n"
      R"({"type": "action", "action": "rename", "path": "WebHook Control", "name": "Hooks"})"
      "\n"
      R"({"type": "action", "action": "rename", "path": "Nowhere", "name": "x"})"
      "\n"
      R"({"type": "action", "action": "rename", "path": "WebHook Control"})"
      "\n"
      R"({"type": "action", "action": "rename", "path": "a", "name": "b", "extra": 1})"
      "\n");
  Fixture fx = parseFixture(in, "f.jsonl", c);
  REQUIRE(fx.events.size() == 2);
  REQUIRE(fx.problems.size() == 2);
  CHECK(fx.problems[0].message == "missing \"name\"");
  CHECK(fx.problems[1].message == "\"extra\" is not a field of a rename action");

  InProcessKernel host(c, InProcessSettings{});
  KernelReplayPlayer player(host, c, KernelReplaySettings{});
  CHECK(player.play(fx.events[0]).kind == PlayResult::Kind::Played);
  CHECK(host.kernel().resolvePath("Hooks"));
  auto failed = player.play(fx.events[1]);
  CHECK(failed.kind == PlayResult::Kind::Failed);
  CHECK(failed.message == "no object at Nowhere");

  std::istringstream unknown("{\"symemu_fixture\": 1}\n{\"type\": \"action\", \"action\": \"rename\"}\n");
  Fixture without = parseFixture(unknown, "g.jsonl", builtinLibraries());
  REQUIRE(without.problems.size() == 1);
  CHECK(without.problems[0].message == "\"action\" must be create_all, set_property, create_instance or advance");
}

#include <catch2/catch.hpp>

#include <fstream>

#include "symemu/store/sqlite_db.h"
#include "temp_db.h"
#include "test_modules.h"

using namespace symemu;

using testmods::TempDb;

TEST_CASE("a tree survives closing and re-opening the database", "[storage]") {
  TempDb db;
  int cat, dev, splitter, var, text, value;
  std::vector<int> idsAfterReopen;
  {
    Kernel k(testmods::testOptions(db.path, 99));
    cat = k.ensureCategoryPath({"House", "Cellar"});
    dev = k.createInstance(testmods::kDeviceId);
    splitter = k.getInstance(dev).connectionId;
    k.setParent(dev, cat);
    k.setIdent(dev, "Meter");
    k.setInfo(dev, "the meter");
    k.setConfiguration(dev, R"({"Label":"kept","Count":2})");
    k.applyChanges(dev);
    var = k.createVariable(VariableType::String);
    k.setName(var, "Note");
    k.setParent(var, cat);
    k.setValue(var, std::string("hello"));
    k.createVariableProfile("Mine", VariableType::Float);
    k.setVariableProfileText("Mine", "<", ">");
    k.setVariableProfileAssociation("Mine", 1, "One", "", -1);
    k.setVariableCustomProfile(var, "~String");
    text = *k.getObjectIdByIdent("Text", dev);
    value = *k.getObjectIdByIdent("Value", dev);
    k.setValue(value, 19.25);
    dynamic_cast<testmods::TestDevice*>(k.getInstance(dev).module.get())->send("persisted");
    k.advance(120);  // two ticks
    k.close();
  }
  Kernel k(testmods::testOptions(db.path, 12345));  // the stored seed wins
  REQUIRE(k.seed() == 99);
  REQUIRE(k.resolvePath("House/Cellar") == cat);
  REQUIRE(k.getObject(dev).parentId == cat);
  REQUIRE(k.getObject(dev).ident == "Meter");
  REQUIRE(k.getObject(dev).info == "the meter");
  REQUIRE(k.getInstance(dev).status == 102);
  REQUIRE(k.getInstance(dev).connectionId == splitter);
  REQUIRE(k.getInstance(splitter).status == 102);
  REQUIRE(k.readProperty(dev, "Label", VariableType::String) == Value(std::string("kept")));
  REQUIRE(k.readProperty(dev, "Count", VariableType::Integer) == Value(std::int64_t{2}));
  REQUIRE(k.readAttribute(dev, "Received", VariableType::Integer) == Value(std::int64_t{1}));
  // KR_UNINIT and KR_SHUTDOWN reached it on close; after the restart it saw KR_READY (it registers in Create,
  // which runs during KR_INIT).
  REQUIRE(k.readAttribute(dev, "Runlevels", VariableType::String) == Value(std::string("10104;10105;10103;")));
  REQUIRE(k.getValue(var) == Value(std::string("hello")));
  REQUIRE(k.getVariable(var).customProfile == "~String");
  REQUIRE(k.getValue(text) == Value(std::string("persisted")));
  REQUIRE(k.getValue(value) == Value(19.25));
  REQUIRE(k.getObjectIdByIdent("Text", dev) == text);  // same variables, not new ones
  REQUIRE(k.getVariableProfile("Mine").prefix == "<");
  REQUIRE(k.getVariableProfile("Mine").associations.at(0).name == "One");
  auto ticks = *k.getObjectIdByIdent("Ticks", dev);
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{2}));
  k.advance(60);  // timers run again after the restart
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{3}));
  // The ID sequence continues: a new object gets an ID never used before in this tree.
  int fresh = k.createCategory();
  REQUIRE(fresh != cat);
  REQUIRE(fresh != dev);
}

TEST_CASE("the same operations on two databases with one seed give identical IDs after reopen", "[storage][seed]") {
  auto scenario = [](const std::string& path) {
    std::vector<int> ids;
    {
      Kernel k(testmods::testOptions(path, 5));
      ids.push_back(k.createInstance(testmods::kDeviceId));
      ids.push_back(k.createCategory());
    }
    Kernel k(testmods::testOptions(path, 5));
    ids.push_back(k.createCategory());
    return ids;
  };
  TempDb a, b;
  REQUIRE(scenario(a.path) == scenario(b.path));
}

TEST_CASE("a file that is not a symemu database is refused with a clear message", "[storage][errors]") {
  TempDb db;
  {
    std::ofstream out(db.path);
    out << "this is not a database, just text that is long enough to look like a header......";
  }
  REQUIRE_THROWS_WITH(Kernel(testmods::testOptions(db.path)), Catch::Contains("is not a symemu database"));
  TempDb foreign;
  {
    SqliteDatabase raw(foreign.path);
    raw.exec("CREATE TABLE people(name TEXT)");
  }
  REQUIRE_THROWS_WITH(Kernel(testmods::testOptions(foreign.path)), Catch::Contains("is not a symemu database"));
}

TEST_CASE("an unknown schema version is refused and the file left as it is", "[storage][errors]") {
  TempDb db;
  { Kernel k(testmods::testOptions(db.path)); }
  {
    SqliteDatabase raw(db.path);
    raw.exec("UPDATE meta SET value='99' WHERE key='schema_version'");
  }
  REQUIRE_THROWS_WITH(Kernel(testmods::testOptions(db.path)), Catch::Contains("unsupported schema version 99"));
  SqliteDatabase raw(db.path);
  auto q = raw.prepare("SELECT value FROM meta WHERE key='schema_version'");
  REQUIRE(q.step());
  REQUIRE(q.columnText(0) == "99");
}

TEST_CASE("an instance whose module is gone stays in the tree and does not stop start-up", "[storage][errors]") {
  TempDb db;
  int dev;
  {
    Kernel k(testmods::testOptions(db.path));
    dev = k.createInstance(testmods::kDeviceId);
  }
  {
    SqliteDatabase raw(db.path);
    raw.exec("UPDATE instances SET module_id='{99999999-9999-9999-9999-999999999999}' WHERE id=" + std::to_string(dev));
  }
  Kernel k(testmods::testOptions(db.path));
  REQUIRE(k.runlevel() == runlevel::Ready);
  REQUIRE(k.getInstance(dev).status == status::NotCreated);
  REQUIRE(k.logEntries().front().message.find("is not loaded") != std::string::npos);
}

TEST_CASE("writes are grouped: nothing reaches the file before commit", "[storage]") {
  TempDb db;
  Kernel k(testmods::testOptions(db.path));
  int v = k.createVariable(VariableType::Integer);
  k.setValue(v, std::int64_t{77});
  auto stored = [&]() {
    SqliteDatabase raw(db.path);
    auto q = raw.prepare("SELECT value FROM variables WHERE id=?");
    q.bind(1, v);
    return q.step() ? q.columnInt(0) : -1;
  };
  REQUIRE(stored() == -1);
  bool ran = false;
  k.afterCommit([&] { ran = stored() == 77; });
  k.commit();
  REQUIRE(ran);  // after-commit actions see the data on disk
}

TEST_CASE("module state is written with the commit and removed with its instance", "[storage]") {
  TempDb db;
  int dev, other;
  const std::string binary("\x00\xff\x01 bytes", 9);
  {
    Kernel k(testmods::testOptions(db.path, 7));
    dev = k.createInstance(testmods::kDeviceId);
    other = k.createInstance(testmods::kDeviceId);
    k.commit();
    k.setModuleState(dev, "s/b", binary);
    k.setModuleState(dev, "s/a", std::string("first"));
    k.setModuleState(other, "gone", std::string("x"));
    CHECK(k.hasUncommittedChanges());
    CHECK(k.moduleState(dev).empty());  // only what is committed
    k.commit();
    CHECK(k.moduleState(dev) == std::vector<std::pair<std::string, std::string>>{{"s/a", "first"}, {"s/b", binary}});
    k.setModuleState(dev, "s/a", std::nullopt);
    k.deleteInstance(other);
    k.close();
  }
  Kernel k(testmods::testOptions(db.path, 7));
  CHECK(k.moduleState(dev) == std::vector<std::pair<std::string, std::string>>{{"s/b", binary}});
  CHECK(k.moduleState(other).empty());
}

#include <catch2/catch.hpp>

#include <pthread.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <thread>

#include "symemu/kernel/kernel_thread.h"
#include "symemu/kernel/thread_name.h"
#include "symemu/store/sqlite_db.h"
#include "temp_db.h"
#include "test_modules.h"

using namespace symemu;

TEST_CASE("other threads post work to the kernel thread and wait for committed results", "[thread]") {
  Kernel k(testmods::testOptions());
  KernelThread t(k);
  t.start();
  int v = t.call([&] { return k.createVariable(VariableType::Integer); });
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 250; ++j) t.call([&] { k.setValue(v, std::get<std::int64_t>(k.getValue(v)) + 1); });
    });
  for (auto& th : threads) th.join();
  REQUIRE(t.call([&] { return std::get<std::int64_t>(k.getValue(v)); }) == 1000);
  REQUIRE_FALSE(t.call([&] { return k.hasUncommittedChanges(); }));
  REQUIRE_THROWS_WITH(t.call([&] { return k.getValue(1); }), Catch::Contains("does not exist"));
  t.stop();
}

TEST_CASE("the kernel thread is named, so profilers and top -H tell it apart", "[thread]") {
  auto nameOfThisThread = [] {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    return std::string(name);
  };
  Kernel k(testmods::testOptions());
  KernelThread t(k);
  t.start();
  REQUIRE(t.call(nameOfThisThread) == "kernel");
  t.stop();

  // Linux keeps 15 characters: a longer name is cut, not refused (the thread keeps no old name).
  std::string cut;
  std::thread([&] {
    nameThisThread("a-name-longer-than-fifteen");
    cut = nameOfThisThread();
  }).join();
  REQUIRE(cut == "a-name-longer-t");
}

using testmods::TempDb;

namespace {

// The committed value of an integer variable, read through a second connection as another
// process would (nullopt while the variable's row is not committed).
std::optional<std::int64_t> committedValue(const std::string& db, int variable) {
  SqliteDatabase other(db);
  auto q = other.prepare("SELECT value FROM variables WHERE id=?");
  q.bind(1, static_cast<std::int64_t>(variable));
  if (!q.step()) return std::nullopt;
  return q.columnInt(0);
}

void postSetValue(KernelThread& t, Kernel& k, int variable, std::int64_t value) {
  t.post([&k, variable, value] { k.setValue(variable, value); });
}
}  // namespace

TEST_CASE("changes nobody waits on are committed together, within the commit delay", "[thread][pacing]") {
  TempDb db;
  Kernel k(testmods::testOptions(db.path));
  KernelThread t(k, 4096, std::chrono::milliseconds(300));
  t.start();
  int v = t.call([&] { return k.createVariable(VariableType::Integer); });
  const auto commitsBefore = t.call([&] { return t.commits(); });
  for (int i = 1; i <= 10; ++i) {
    postSetValue(t, k, v, i);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // one batch each
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (committedValue(db.path, v) != 10 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(committedValue(db.path, v) == 10);
  t.stop();
  // Ten batches, one or two paced commits (without pacing: ten).
  CHECK(t.batches() >= 10);
  REQUIRE(t.commits() - commitsBefore <= 3);
}

TEST_CASE("a batch with a waiter commits at once, taking the deferred changes with it", "[thread][pacing]") {
  TempDb db;
  Kernel k(testmods::testOptions(db.path));
  KernelThread t(k, 4096, std::chrono::seconds(10));
  t.start();
  int v = t.call([&] { return k.createVariable(VariableType::Integer); });
  int w = t.call([&] { return k.createVariable(VariableType::Integer); });
  postSetValue(t, k, v, 7);  // nobody waits: paced
  auto started = std::chrono::steady_clock::now();
  t.call([&] { k.setValue(w, std::int64_t{8}); });
  REQUIRE(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  // call() returned, so its batch committed; the earlier change went with it, long before 10 s.
  REQUIRE(committedValue(db.path, w) == 8);
  REQUIRE(committedValue(db.path, v) == 7);
  t.stop();
}

TEST_CASE("stop() commits the changes a paced commit still holds", "[thread][pacing]") {
  TempDb db;
  int v;
  {
    Kernel k(testmods::testOptions(db.path));
    KernelThread t(k, 4096, std::chrono::seconds(10));
    t.start();
    v = t.call([&] { return k.createVariable(VariableType::Integer); });
    postSetValue(t, k, v, 42);
    auto started = std::chrono::steady_clock::now();
    t.stop();
    REQUIRE(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    REQUIRE(committedValue(db.path, v) == 42);
  }
  Kernel reopened(testmods::testOptions(db.path));
  REQUIRE(std::get<std::int64_t>(reopened.getValue(v)) == 42);
}

TEST_CASE("a commit delay of 0 commits after every batch", "[thread][pacing]") {
  TempDb db;
  Kernel k(testmods::testOptions(db.path));
  KernelThread t(k, 4096, std::chrono::milliseconds(0));
  t.start();
  int v = t.call([&] { return k.createVariable(VariableType::Integer); });
  const auto commitsBefore = t.call([&] { return t.commits(); });
  for (int i = 1; i <= 5; ++i) {
    postSetValue(t, k, v, i);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (committedValue(db.path, v) != i && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(committedValue(db.path, v) == i);
  }
  t.stop();
  REQUIRE(t.commits() - commitsBefore >= 5);
}

TEST_CASE("a call whose commit fails throws instead of waiting forever, and its change is written later",
          "[thread][errors]") {
  TempDb db;
  Kernel k(testmods::testOptions(db.path));
  KernelThread t(k);
  t.start();
  const int v = t.call([&] { return k.createVariable(VariableType::Integer); });
  {
    // Another connection holds the write lock past the store's busy timeout (5 s): the commit fails.
    SqliteDatabase other(db.path);
    other.exec("BEGIN IMMEDIATE");
    // A detached caller: were the call to wait forever, the test fails here instead of hanging
    // (std::async's future would block in its destructor).
    auto outcome = std::make_shared<std::promise<std::string>>();
    auto answer = outcome->get_future();
    std::thread([&t, &k, v, outcome] {
      try {
        t.call([&] { k.setValue(v, std::int64_t{7}); });
        outcome->set_value("committed");
      } catch (const std::exception& e) {
        outcome->set_value(e.what());
      }
    }).detach();
    REQUIRE(answer.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    REQUIRE_THAT(answer.get(), Catch::Contains("not committed"));
    other.exec("ROLLBACK");
  }
  REQUIRE(t.call([&] {
    for (const auto& e : k.logEntries())
      if (e.message.find("commit failed") != std::string::npos) return true;
    return false;
  }));
  // Nothing was lost: the next commit writes the change the failed one held.
  t.call([] {});
  REQUIRE(committedValue(db.path, v) == 7);
  t.stop();
}

#include <catch2/catch.hpp>

#include <thread>

#include "symemu/kernel/kernel_thread.h"
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

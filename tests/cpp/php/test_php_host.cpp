// The PHP host as `serve` uses it: PHP started before the kernel thread, every PHP call on that
// thread, faults contained, the kernel and its other instances unaffected.
#include <catch2/catch.hpp>

#include <thread>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/kernel_thread.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/runtime/runtime.h"
#include "php_test_kernels.h"

using namespace symemu;

namespace {

std::string lib(const std::string& name) { return test::phpTestLibrary(name); }

KernelOptions phpOptions(std::vector<std::string>& problems, const std::vector<std::string>& libs) {
  return test::phpKernelOptions(libs, 4, problems);
}

bool logged(const Kernel& k, const std::string& needle) {
  for (const auto& e : k.logEntries())
    if (e.type == msg::KL_ERROR && e.message.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("PHP modules run on the kernel thread and their faults stay inside the call", "[php]") {
  std::vector<std::string> problems;
  Kernel kernel(phpOptions(problems, {lib("basic"), lib("faults")}));
  REQUIRE(problems.empty());
  php::PhpHost::get().setTimeLimit(1);
  KernelThread thread(kernel);
  thread.start();

  int counter = thread.call([&] { return kernel.createInstance("{5E3A0001-0001-4000-8000-000000000001}"); });
  int faulty = thread.call([&] { return kernel.createInstance("{5E3A0002-0001-4000-8000-000000000002}"); });
  REQUIRE(dynamic_cast<php::PhpModule*>(kernel.getInstance(counter).module.get()) != nullptr);

  CHECK(std::get<std::int64_t>(thread.call([&] { return kernel.callFunction("PCNT_Increment", counter, {}); })) == 1);
  for (const char* fault : {"PFLT_Throw", "PFLT_Fatal", "PFLT_Loop", "PFLT_Warn"}) {
    INFO(fault);
    CHECK_THROWS_AS(thread.call([&] { return kernel.callFunction(fault, faulty, {}); }), KernelError);
    CHECK(std::get<std::string>(thread.call([&] { return kernel.callFunction("PFLT_Ping", faulty, {}); })) == "pong");
    CHECK(std::get<std::int64_t>(thread.call([&] { return kernel.callFunction("PCNT_Total", counter, {}); })) == 1);
  }
  CHECK(logged(kernel, "Uncaught RuntimeException: boom"));
  CHECK(logged(kernel, "Maximum execution time of 1 second exceeded"));
  thread.stop();
  kernel.close();
  php::PhpHost::get().setTimeLimit(30);
}

TEST_CASE("A broken PHP library is reported and skipped, the others load", "[php]") {
  std::vector<std::string> problems;
  Kernel kernel(phpOptions(problems, {lib("broken_syntax"), lib("basic")}));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("Broken Module/module.php:7: Parse error") != std::string::npos);
  CHECK(kernel.modules().find("{5E3A00F9-0001-4000-8000-0000000000F9}") == nullptr);
  int counter = kernel.createInstance("{5E3A0001-0001-4000-8000-000000000001}");
  CHECK(std::get<std::int64_t>(kernel.callFunction("PCNT_Double", counter, {std::int64_t{4}})) == 8);
}

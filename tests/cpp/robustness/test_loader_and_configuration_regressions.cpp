// Found by the library fuzzer and the bad-configuration matrix: errors must come out as the
// documented KernelError / ValidationProblem with a message that names the problem.
#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>
#include <string>

#include "symemu/harness/library_validator.h"
#include "test_modules.h"

using namespace symemu;

namespace {

// A library folder with one module whose "type" does not fit an int and whose status code
// does not fit a long long.
std::string writeLibraryWithHugeNumbers(const std::string& dir) {
  Poco::File(dir + "/Device").createDirectories();
  std::ofstream(dir + "/library.json")
      << R"({"id": "{11111111-2222-3333-4444-555555555555}", "name": "Lib", "author": "a", "url": "", "version": "1.0", "build": 1, "date": 0})";
  std::ofstream(dir + "/Device/module.json")
      << R"({"id": "{11111111-2222-3333-4444-555555555556}", "name": "Device", "type": 99999999999, "vendor": "", "aliases": [],
              "parentRequirements": [], "childRequirements": [], "implemented": [], "prefix": "DEV", "url": ""})";
  std::ofstream(dir + "/Device/form.json")
      << R"({"status": [{"code": 18446744073709551615, "icon": "error", "caption": "x"}]})";
  return dir;
}

}  // namespace

TEST_CASE("library loader: a module type beyond int is a KernelError naming the file", "[robustness][library]") {
  Poco::TemporaryFile tmp;
  const std::string dir = writeLibraryWithHugeNumbers(tmp.path());
  ModuleRegistry registry;
  REQUIRE_THROWS_MATCHES(registry.loadLibrary(dir), KernelError,
                         Catch::Matchers::Message(dir + "/Device/module.json: \"type\" must be 0..5"));
}

TEST_CASE("library validator: numbers beyond int and long long are problems, not exceptions", "[robustness][library]") {
  Poco::TemporaryFile tmp;
  const std::string dir = writeLibraryWithHugeNumbers(tmp.path());
  harness::ValidationResult result;
  REQUIRE_NOTHROW(result = harness::validateLibrary(dir));
  bool typeReported = false;
  for (const auto& p : result.problems)
    typeReported |= p.key == "type" && p.message.find("99999999999 is not a module type") == 0;
  REQUIRE(typeReported);
}

TEST_CASE("setConfiguration: valid JSON that is not an object says so", "[robustness][configuration]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  const std::string before = k.getConfiguration(dev);
  REQUIRE_THROWS_WITH(k.setConfiguration(dev, "[1, 2]"), "Configuration must be a JSON object");
  REQUIRE_THROWS_WITH(k.setConfiguration(dev, "{nope"), Catch::Contains("not valid JSON"));
  REQUIRE(k.getConfiguration(dev) == before);
}

TEST_CASE("library loader: two modules of one library with one ID are refused, and neither is registered",
          "[robustness][library]") {
  Poco::TemporaryFile tmp;
  const std::string dir = tmp.path();
  Poco::File(dir + "/Alpha").createDirectories();
  Poco::File(dir + "/Beta").createDirectories();
  std::ofstream(dir + "/library.json")
      << R"({"id": "{11111111-2222-3333-4444-555555555555}", "name": "Lib", "author": "a", "url": "", "version": "1.0", "build": 1, "date": 0})";
  for (const char* name : {"Alpha", "Beta"})
    std::ofstream(dir + "/" + name + "/module.json")
        << R"({"id": "{11111111-2222-3333-4444-555555555556}", "name": ")" << name
        << R"(", "type": 3, "vendor": "", "aliases": [], "parentRequirements": [], "childRequirements": [], "implemented": [], "prefix": "DEV", "url": ""})";
  ModuleRegistry registry;
  REQUIRE_THROWS_MATCHES(registry.loadLibrary(dir), KernelError,
                         Catch::Matchers::Message(dir +
                                                  "/Beta/module.json: module ID {11111111-2222-3333-4444-555555555556} "
                                                  "is also the id of " +
                                                  dir + "/Alpha/module.json"));
  REQUIRE(registry.find("{11111111-2222-3333-4444-555555555556}") == nullptr);
  REQUIRE(registry.findByName("Alpha") == nullptr);
}

// Replays every seed (corpus/<target>/) and every input a fuzzer once crashed on
// (regressions/<target>/) through the fuzz entries, in the ordinary build. A regression is
// fixed when its input runs through without an abort or a sanitizer report.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz_entries.h"

namespace fs = std::filesystem;

namespace {

using Entry = int (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    fs::path dir = fs::path(SYMEMU_FUZZ_DIR) / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const std::string& target, Entry entry) {
  auto files = inputs(target);
  REQUIRE(!files.empty());  // every target keeps seeds in the repository
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(f.string());
    CHECK(entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
}

}  // namespace

TEST_CASE("fuzz seeds and regressions: MQTT codec and broker", "[fuzz][mqtt]") { replay("mqtt", symemu_mqtt_fuzz_one); }

TEST_CASE("fuzz seeds and regressions: report parser and variable mapping", "[fuzz][report]") {
  replay("report", symemu_fuzz_report);
}

TEST_CASE("fuzz seeds and regressions: webhook request handling", "[fuzz][webhook]") {
  replay("webhook", symemu_fuzz_webhook);
}

TEST_CASE("fuzz seeds and regressions: library loader and validator", "[fuzz][library]") {
  replay("library", symemu_fuzz_library);
}

TEST_CASE("fuzz seeds and regressions: profile formatting", "[fuzz][profile]") {
  replay("profile", symemu_fuzz_profile);
}

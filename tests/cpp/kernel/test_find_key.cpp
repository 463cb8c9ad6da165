// findKey (emulator/kernel/find_key.h), each way this processor can take, against
// std::string_view::find: keys at every offset of texts of every length around the block sizes
// (16, 32, 64), near misses (the two probed bytes right, the rest not), keys repeated, and every
// starting point.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "symemu/kernel/find_key.h"

using namespace symemu;

namespace {

std::vector<KeySearch> ways() {
  std::vector<KeySearch> out;
  for (KeySearch way : {KeySearch::Bytewise, KeySearch::Sse2, KeySearch::Avx2})
    if (canSearch(way)) out.push_back(way);
  return out;
}

void checkAllStarts(const std::string& text, const std::string& key) {
  for (KeySearch way : ways())
    for (std::size_t from = 0; from <= text.size() + 1; ++from) {
      INFO("way " << static_cast<int>(way) << " key " << key << " from " << from << " in " << text);
      REQUIRE(findKeyBy(way, text, key, from) == std::string_view(text).find(key, from));
    }
}

}  // namespace

TEST_CASE("findKey finds a key at every offset, as find does", "[kernel][find_key]") {
  REQUIRE(canSearch(KeySearch::Bytewise));
  for (const std::string& key : {std::string(R"("MeterID":)"), std::string("ab"), std::string(R"("B":)"),
                                 std::string("x"), std::string(""), std::string(70, 'k')}) {
    for (std::size_t length : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 130}) {
      const std::string filler(length, '"');  // quotes everywhere: the key's first byte
      checkAllStarts(filler, key);
      for (std::size_t at = 0; at + key.size() <= length + key.size() && at <= length; ++at) {
        std::string text = filler;
        text.insert(at, key);
        checkAllStarts(text, key);
      }
    }
  }
}

TEST_CASE("findKey passes over near misses and finds repeats in order", "[kernel][find_key]") {
  const std::string key = R"("MeterID":)";
  // The probed bytes (second and last) where they are, the rest not: "M......:".
  const std::string nearMiss = R"("Mxxxxxx":)";
  std::mt19937 random(5);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const std::size_t parts = random() % 12;
    for (std::size_t i = 0; i < parts; ++i) {
      switch (random() % 4) {
        case 0:
          text += key;
          break;
        case 1:
          text += nearMiss;
          break;
        case 2:
          text += std::string(random() % 40, 'M');
          break;
        default:
          text += R"({"Value":1.5,"Ident":"x"},)";
      }
    }
    checkAllStarts(text, key);
    checkAllStarts(text, nearMiss);
  }
}

TEST_CASE("findKey's default way is one of the ways", "[kernel][find_key]") {
  const std::string text = std::string(100, 'a') + R"("MeterID":"1")" + std::string(100, 'b') + R"("MeterID":"2")";
  CHECK(findKey(text, R"("MeterID":)") == 100);
  CHECK(findKey(text, R"("MeterID":)", 101) == 213);
  CHECK(findKey(text, R"("MeterID":)", 214) == std::string::npos);
  CHECK(findKey(text, "zz") == std::string::npos);
}

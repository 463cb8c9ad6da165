// The kernel's records by ID (emulator/kernel/id_map.h) against the std::unordered_map the
// index was added to: the same records for the same operations, IDs inside and outside the
// index, records that keep their address.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "symemu/kernel/id_map.h"

using namespace symemu;

TEST_CASE("IdMap finds what an unordered_map finds, inside and outside its index", "[kernel][tables]") {
  IdMap<std::string> map;
  std::map<int, std::string> expected;
  std::mt19937 random(11);
  std::vector<int> ids = {
      0, 1, 10000, 59999, -1, -70000, IdMap<std::string>::kIndexedIds - 1, IdMap<std::string>::kIndexedIds, 2000000000};
  for (int i = 0; i < 3000; ++i) ids.push_back(10000 + static_cast<int>(random() % 50000));
  for (int id : ids) {
    const std::string value = "record " + std::to_string(id);
    const auto [record, added] = map.emplace(id, std::string(value));
    const bool expectedAdded = expected.emplace(id, value).second;
    REQUIRE(added == expectedAdded);
    REQUIRE(*record == expected.at(id));
  }
  const std::string* kept = map.find(10000);
  REQUIRE(kept != nullptr);
  // Erase every third ID (and some never added); the others keep their records and addresses.
  for (std::size_t i = 0; i < ids.size(); i += 3) {
    map.erase(ids[i]);
    expected.erase(ids[i]);
  }
  map.erase(12345678);
  REQUIRE(map.size() == expected.size());
  for (int id : ids) {
    const std::string* found = map.find(id);
    const auto it = expected.find(id);
    REQUIRE((found != nullptr) == (it != expected.end()));
    if (found) REQUIRE(*found == it->second);
    REQUIRE(map.contains(id) == (found != nullptr));
  }
  if (expected.count(10000)) REQUIRE(map.find(10000) == kept);
  REQUIRE_THROWS_AS(map.at(-5), std::out_of_range);
  std::size_t visited = 0;
  for (const auto& [id, value] : map) {
    REQUIRE(expected.at(id) == value);
    ++visited;
  }
  REQUIRE(visited == expected.size());
  map[77777] = "made";
  REQUIRE(map.at(77777) == "made");
  map.clear();
  REQUIRE(map.size() == 0);
  REQUIRE(map.find(77777) == nullptr);
  REQUIRE(map.find(ids[1]) == nullptr);
}

#include <catch2/catch.hpp>

#include "symemu/core/webhook/longest_prefix_match.h"

using symemu::webhook::longestPrefixMatch;

TEST_CASE("longestPrefixMatch follows Symcon's literal prefix rule", "[webhook][match]") {
  const std::vector<std::string> hooks = {"/hook/ocpp", "/hook/ocpp/extra"};
  CHECK(longestPrefixMatch(hooks, "/hook/ocpp") == 0u);
  CHECK(longestPrefixMatch(hooks, "/hook/ocpppui") == 0u);  // not per path segment
  CHECK(longestPrefixMatch(hooks, "/hook/ocpp/wallbox1") == 0u);
  CHECK(longestPrefixMatch(hooks, "/hook/ocpp/extra") == 1u);
  CHECK(longestPrefixMatch(hooks, "/hook/ocpp/extra/more") == 1u);
  CHECK_FALSE(longestPrefixMatch(hooks, "/hook/tester"));
  CHECK_FALSE(longestPrefixMatch(hooks, "/hook/ocp"));
  CHECK_FALSE(longestPrefixMatch(hooks, ""));
}

TEST_CASE("longestPrefixMatch ignores order, empty entries and keeps the first duplicate", "[webhook][match]") {
  CHECK(longestPrefixMatch({"/hook/a/b", "/hook/a"}, "/hook/a/b/c") == 0u);
  CHECK(longestPrefixMatch({"", "/hook/x"}, "/other") == std::nullopt);
  CHECK(longestPrefixMatch({"/hook/x", "/hook/x"}, "/hook/x1") == 0u);
  CHECK(longestPrefixMatch({}, "/hook/x") == std::nullopt);
  CHECK(longestPrefixMatch({"/Hook/x"}, "/hook/x") == std::nullopt);  // case-sensitive
}

#include <catch2/catch.hpp>

#include "symemu/core/net/rate_limited_log.h"

using symemu::net::RateLimitedLog;
using namespace std::chrono_literals;

TEST_CASE("RateLimitedLog lets one line per interval through and counts the rest", "[net][log]") {
  RateLimitedLog log(1000ms);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(log.admit("full", t0) == std::optional<std::string>("full"));
  CHECK_FALSE(log.admit("full", t0 + 10ms));
  CHECK_FALSE(log.admit("full", t0 + 999ms));
  auto next = log.admit("full", t0 + 1000ms);
  REQUIRE(next);
  CHECK(*next == "full (2 similar suppressed)");
  CHECK(log.admit("again", t0 + 2500ms) == std::optional<std::string>("again"));
}

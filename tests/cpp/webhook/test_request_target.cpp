#include <catch2/catch.hpp>

#include "symemu/core/webhook/hook_request_reader.h"

using symemu::webhook::RequestRejected;
using symemu::webhook::splitRequestTarget;

namespace {
std::pair<std::string, std::string> split(const std::string& uri) {
  std::string path, query;
  splitRequestTarget(uri, path, query);
  return {path, query};
}
}  // namespace

TEST_CASE("splitRequestTarget decodes the path and keeps the raw query", "[webhook][uri]") {
  CHECK(split("/hook/a") == std::make_pair(std::string("/hook/a"), std::string()));
  CHECK(split("/hook/a%20b?x=1%202&y") == std::make_pair(std::string("/hook/a b"), std::string("x=1%202&y")));
  CHECK(split("/hook/a?") == std::make_pair(std::string("/hook/a"), std::string()));
  CHECK(split("/hook/a?q#frag") == std::make_pair(std::string("/hook/a"), std::string("q")));
  CHECK(split("http://host:3777/hook/a?q=1") == std::make_pair(std::string("/hook/a"), std::string("q=1")));
  CHECK(split("http://host:3777") == std::make_pair(std::string("/"), std::string()));
  CHECK(split("*") == std::make_pair(std::string("*"), std::string()));
}

TEST_CASE("splitRequestTarget rejects broken percent-encoding", "[webhook][uri]") {
  std::string path, query;
  CHECK_THROWS_AS(splitRequestTarget("/hook/%zz", path, query), RequestRejected);
  CHECK_THROWS_AS(splitRequestTarget("/hook/%4", path, query), RequestRejected);
  try {
    splitRequestTarget("/hook/%", path, query);
    FAIL("no exception");
  } catch (const RequestRejected& e) {
    CHECK(e.status() == 400);
  }
}

// Topic syntax, wildcard matching and UTF-8 validation.
#include "symemu/core/mqtt/broker/topic_tree.h"
#include "symemu/core/mqtt/codec/topic.h"
#include "symemu/core/mqtt/codec/utf8.h"

#include <catch2/catch.hpp>

#include <set>

using namespace symemu::mqtt;

TEST_CASE("topic filter syntax") {
  for (const char* ok : {"a", "a/b", "+", "#", "a/+/b", "a/#", "+/+", "/", "$SYS/#", "a//b"})
    CHECK(isValidTopicFilter(ok));
  for (const char* bad : {"", "a#", "a/#/b", "a+", "+a/b", "a/b#", "##"}) CHECK_FALSE(isValidTopicFilter(bad));
  CHECK(isValidTopicName("a/b"));
  CHECK(isValidTopicName("/"));
  CHECK_FALSE(isValidTopicName(""));
  CHECK_FALSE(isValidTopicName("a/+"));
}

TEST_CASE("topic matching") {
  struct Case {
    const char* filter;
    const char* topic;
    bool match;
  };
  for (const auto& c : std::vector<Case>{{"a/b", "a/b", true},
                                         {"a/b", "a/c", false},
                                         {"a/+", "a/b", true},
                                         {"a/+", "a/b/c", false},
                                         {"a/#", "a", true},
                                         {"a/#", "a/b/c", true},
                                         {"#", "a/b", true},
                                         {"+/+", "a/b", true},
                                         {"+", "/a", false},
                                         {"+/a", "/a", true},
                                         {"a/+/c", "a//c", true},
                                         {"#", "$SYS/x", false},
                                         {"+/x", "$SYS/x", false},
                                         {"$SYS/#", "$SYS/x", true},
                                         {"a/b/c", "a/b", false},
                                         {"a", "a/b", false}}) {
    INFO(c.filter << " vs " << c.topic);
    CHECK(topicMatches(c.filter, c.topic) == c.match);
    TopicTree tree;
    tree.add(c.filter, "client");
    bool found = false;
    tree.match(c.topic, [&](const std::string&, const std::string&) { found = true; });
    CHECK(found == c.match);
  }
}

TEST_CASE("topic tree add, match and remove") {
  TopicTree tree;
  tree.add("a/#", "c1");
  tree.add("a/+", "c2");
  tree.add("a/b", "c1");
  CHECK(tree.size() == 3);
  std::set<std::pair<std::string, std::string>> hits;
  tree.match("a/b", [&](const std::string& c, const std::string& f) { hits.emplace(c, f); });
  CHECK(hits == std::set<std::pair<std::string, std::string>>{{"c1", "a/#"}, {"c2", "a/+"}, {"c1", "a/b"}});
  tree.remove("a/+", "c2");
  tree.remove("a/b", "c1");
  tree.remove("never/added", "c1");
  hits.clear();
  tree.match("a/b", [&](const std::string& c, const std::string& f) { hits.emplace(c, f); });
  CHECK(hits == std::set<std::pair<std::string, std::string>>{{"c1", "a/#"}});
  CHECK(tree.size() == 1);
}

TEST_CASE("UTF-8 validation") {
  CHECK(isValidUtf8("plain"));
  CHECK(
      isValidUtf8("Stra\xC3\x9F"
                  "e \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK(isValidUtf8("\xEF\xBB\xBF"));  // BOM is allowed
  CHECK(std::string(utf8Problem(std::string("\0", 1))) == "contains U+0000");
  CHECK(std::string(utf8Problem("\xE0\x80\xAF")) == "overlong encoding");
  CHECK(std::string(utf8Problem("\xED\xBF\xBF")) == "contains a surrogate code point");
  CHECK(std::string(utf8Problem("\x80")) == "invalid lead byte");
}

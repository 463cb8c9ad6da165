#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "symemu/harness/junit.h"

using namespace symemu::harness;

TEST_CASE("junit XML counts cases and failures and escapes text") {
  JUnitSuite s;
  s.name = "replay <f>";
  s.seconds = 1.5;
  auto named = [](const std::string& name) {
    JUnitCase c;
    c.name = name;
    c.className = "replay.f";
    return c;
  };
  JUnitCase ok = named("passes");
  JUnitCase bad = named("f.jsonl:3 mqtt a&b");
  bad.failure = "\"qos\" must be 0, 1 or 2";
  bad.details = "line\x01 with control";
  JUnitCase skip = named("skipped");
  skip.skipped = true;
  s.cases = {ok, bad, skip};
  std::string x = junitXml(s);
  CHECK(x.find("<testsuite name=\"replay &lt;f&gt;\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" "
               "time=\"1.500\">") != std::string::npos);
  CHECK(x.find("<testcase classname=\"replay.f\" name=\"passes\" time=\"0.000\"/>") != std::string::npos);
  CHECK(x.find("name=\"f.jsonl:3 mqtt a&amp;b\"") != std::string::npos);
  CHECK(x.find("<failure message=\"&quot;qos&quot; must be 0, 1 or 2\">line\xEF\xBF\xBD with control</failure>") !=
        std::string::npos);
  CHECK(x.find("<skipped/>") != std::string::npos);
}

TEST_CASE("writeJUnit writes the file and reports an unwritable path") {
  JUnitSuite s;
  s.name = "x";
  s.cases.resize(1);
  std::string path = "test_junit_out.xml";
  writeJUnit(path, s);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == junitXml(s));
  std::remove(path.c_str());
  CHECK_THROWS_WITH(writeJUnit("/nonexistent/dir/j.xml", s), Catch::Contains("cannot write JUnit file"));
}

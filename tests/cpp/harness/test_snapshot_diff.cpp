#include <catch2/catch.hpp>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/snapshot.h"
#include "symemu/runtime/runtime.h"
#include "symemu/harness/snapshot_diff.h"

using namespace symemu::harness;

namespace {
std::string lines(int from, int to, int changed = -1) {
  std::string s;
  for (int i = from; i <= to; ++i) s += (i == changed ? "changed " : "line ") + std::to_string(i) + "\n";
  return s;
}
}  // namespace

TEST_CASE("equal texts give no diff") { CHECK(lineDiff("a\nb\n", "a\nb\n", "x", "y").empty()); }

TEST_CASE("a changed line is shown with context and a hunk header") {
  std::string d = lineDiff(lines(1, 20), lines(1, 20, 10), "expected.json", "actual");
  CHECK(d ==
        "--- expected.json\n"
        "+++ actual\n"
        "@@ -7,7 +7,7 @@\n"
        " line 7\n line 8\n line 9\n"
        "-line 10\n"
        "+changed 10\n"
        " line 11\n line 12\n line 13\n");
}

TEST_CASE("added and removed lines, and separate hunks for distant changes") {
  std::string a = lines(1, 30);
  std::string b = "line 0\n" + lines(1, 30, 28);
  std::string d = lineDiff(a, b, "a", "b");
  CHECK(d.find("@@ -0,0 +1,4 @@") == std::string::npos);  // hunks keep their context
  CHECK(d.find("@@ -1,3 +1,4 @@\n+line 0\n line 1\n line 2\n line 3\n") != std::string::npos);
  CHECK(d.find("-line 28\n+changed 28\n") != std::string::npos);
  CHECK(d.find("@@ -25,6 +26,6 @@") != std::string::npos);

  std::string removed = lineDiff(lines(1, 5), "line 1\nline 2\nline 4\nline 5\n", "a", "b");
  CHECK(removed.find("-line 3\n") != std::string::npos);
  CHECK(removed.find("+") == removed.find("+++"));  // no added lines
}

TEST_CASE("a difference only in the final newline is still reported") {
  std::string d = lineDiff("a\nb\n", "a\nb", "x", "y");
  CHECK_FALSE(d.empty());
  CHECK(d.find("final newline") != std::string::npos);
}

TEST_CASE("long diffs are cut with a note") {
  DiffOptions o;
  o.maxLines = 10;
  std::string a, b;
  for (int i = 0; i < 50; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  std::string d = lineDiff(a, b, "a", "b", o);
  CHECK(d.find("more diff lines not shown") != std::string::npos);
  CHECK(std::count(d.begin(), d.end(), '\n') == 11);
}

TEST_CASE("a kernel's snapshot is compared with times only when the expected one has them") {
  symemu::Kernel k(symemu::kernelOptionsFor(symemu::builtinLibraries(), ":memory:"));
  int v = k.createVariable(symemu::VariableType::Integer);
  k.setName(v, "Counter");
  k.setValue(v, std::int64_t{1});
  symemu::SnapshotOptions withTimes, noTimes;
  noTimes.times = false;
  const std::string timed = symemu::snapshotJson(k, withTimes), untimed = symemu::snapshotJson(k, noTimes);
  REQUIRE(timed != untimed);
  CHECK(diffSnapshot(k, timed, true, "e", "a").empty());
  CHECK(diffSnapshot(k, untimed, true, "e", "a").empty());  // made with --no-times
  CHECK_FALSE(diffSnapshot(k, timed, false, "e", "a").empty());
  k.setValue(v, std::int64_t{2});
  std::string diff = diffSnapshot(k, untimed, true, "expected.json", "final snapshot");
  CHECK(diff.find("--- expected.json") == 0);
  CHECK(diff.find("+++ final snapshot") != std::string::npos);
}

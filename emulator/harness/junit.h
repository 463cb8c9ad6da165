#pragma once
// JUnit XML for CI systems: one <testsuite> with <testcase>s that pass, fail or are skipped.
#include <optional>
#include <string>
#include <vector>

namespace symemu::harness {

struct JUnitCase {
  std::string name, className;
  double seconds = 0;
  std::optional<std::string> failure;  // failure message; absent when the case passed
  std::string details;                 // failure body (e.g. a diff)
  bool skipped = false;
};

struct JUnitSuite {
  std::string name;
  double seconds = 0;
  std::vector<JUnitCase> cases;
};

std::string junitXml(const JUnitSuite& suite);
// Throws std::runtime_error when the file cannot be written.
void writeJUnit(const std::string& path, const JUnitSuite& suite);
// Escapes for XML text and attributes; characters XML 1.0 cannot carry become U+FFFD.
std::string xmlEscape(const std::string& text);

}  // namespace symemu::harness

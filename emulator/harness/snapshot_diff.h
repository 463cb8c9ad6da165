#pragma once
// A readable line diff for snapshot comparisons (unified format, a few lines of context).
#include <string>

namespace symemu::harness {

struct DiffOptions {
  int context = 3;             // unchanged lines shown around each change
  std::size_t maxLines = 400;  // longer diffs are cut with a note saying how much was left out
};

// Empty when the texts are equal; otherwise "--- <expectedName>" / "+++ <actualName>" and hunks
// of "-expected" / "+actual" lines with "@@ -a,b +c,d @@" headers.
std::string lineDiff(const std::string& expected, const std::string& actual, const std::string& expectedName,
                     const std::string& actualName, const DiffOptions& options = {});

}  // namespace symemu::harness

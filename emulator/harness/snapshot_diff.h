#pragma once
// A readable line diff for snapshot comparisons (unified format, a few lines of context), and the
// comparison of a kernel's snapshot with an expected one. Pure functions; the kernel is only read.
#include <string>

namespace symemu {
class Kernel;
}

namespace symemu::harness {

struct DiffOptions {
  int context = 3;             // unchanged lines shown around each change
  std::size_t maxLines = 400;  // longer diffs are cut with a note saying how much was left out
};

// Empty when the texts are equal; otherwise "--- <expectedName>" / "+++ <actualName>" and hunks
// of "-expected" / "+actual" lines with "@@ -a,b +c,d @@" headers.
std::string lineDiff(const std::string& expected, const std::string& actual, const std::string& expectedName,
                     const std::string& actualName, const DiffOptions& options = {});

// The kernel's snapshot (kernel/snapshot.h) against `expected`: the line diff, empty when they
// match. With `times` false, or when `expected` has no variable times (made with --no-times),
// the snapshot is taken without them.
std::string diffSnapshot(const Kernel& kernel, const std::string& expected, bool times, const std::string& expectedName,
                         const std::string& actualName);

}  // namespace symemu::harness

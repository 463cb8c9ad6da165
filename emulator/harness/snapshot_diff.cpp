#include "symemu/harness/snapshot_diff.h"

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "symemu/kernel/snapshot.h"

namespace symemu::harness {

namespace {

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

enum class Op { Keep, Remove, Add };
struct Edit {
  Op op;
  std::size_t a, b;  // line index in expected (a) and actual (b) this edit refers to
};

// Edit script between a and b. Common head and tail are matched first; the middle is aligned
// by longest common subsequence, or replaced as one block when it is too large for that.
std::vector<Edit> editScript(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::size_t n = a.size() - head - tail, m = b.size() - head - tail;

  std::vector<Edit> edits;
  for (std::size_t i = 0; i < head; ++i) edits.push_back({Op::Keep, i, i});
  const std::size_t kMaxCells = 16u * 1024 * 1024;
  if (n && m && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: LCS length of a[head+i..] and b[head+j..]
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        edits.push_back({Op::Keep, head + i++, head + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({Op::Remove, head + i++, head + j});  // removals before additions
      } else {
        edits.push_back({Op::Add, head + i, head + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Op::Remove, head + i, head});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Op::Add, head + n, head + j});
  }
  for (std::size_t k = 0; k < tail; ++k) edits.push_back({Op::Keep, head + n + k, head + m + k});
  return edits;
}

}  // namespace

std::string lineDiff(const std::string& expected, const std::string& actual, const std::string& expectedName,
                     const std::string& actualName, const DiffOptions& options) {
  if (expected == actual) return "";
  auto a = splitLines(expected), b = splitLines(actual);
  auto edits = editScript(a, b);
  std::vector<std::string> out = {"--- " + expectedName, "+++ " + actualName};
  if (a == b) {  // only line endings or a final newline differ
    out.push_back("@@ the texts differ only in line endings or the final newline @@");
  }
  std::size_t ctx = static_cast<std::size_t>(std::max(0, options.context));
  std::size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == Op::Keep) {
      ++k;
      continue;
    }
    // A hunk: from ctx lines before this change to ctx lines after the last change that is
    // at most 2*ctx unchanged lines away from the previous one.
    std::size_t begin = k >= ctx ? k - ctx : 0, end = k;
    while (end < edits.size()) {
      if (edits[end].op != Op::Keep) {
        ++end;
        continue;
      }
      std::size_t run = end;
      while (run < edits.size() && edits[run].op == Op::Keep) ++run;
      if (run == edits.size() || run - end > 2 * ctx) {
        end = std::min(edits.size(), end + ctx);
        break;
      }
      end = run;
    }
    std::size_t aStart = edits[begin].a, bStart = edits[begin].b, aCount = 0, bCount = 0;
    std::vector<std::string> body;
    for (std::size_t e = begin; e < end; ++e) {
      const Edit& ed = edits[e];
      if (ed.op == Op::Keep) {
        body.push_back(" " + a[ed.a]);
        ++aCount, ++bCount;
      } else if (ed.op == Op::Remove) {
        body.push_back("-" + a[ed.a]);
        ++aCount;
      } else {
        body.push_back("+" + b[ed.b]);
        ++bCount;
      }
    }
    out.push_back("@@ -" + std::to_string(aCount ? aStart + 1 : aStart) + "," + std::to_string(aCount) + " +" +
                  std::to_string(bCount ? bStart + 1 : bStart) + "," + std::to_string(bCount) + " @@");
    out.insert(out.end(), body.begin(), body.end());
    k = end;
  }
  std::string text;
  std::size_t shown = std::min(out.size(), options.maxLines);
  for (std::size_t i = 0; i < shown; ++i) text += out[i] + "\n";
  if (shown < out.size()) text += "... " + std::to_string(out.size() - shown) + " more diff lines not shown\n";
  return text;
}

std::string diffSnapshot(const Kernel& kernel, const std::string& expected, bool times, const std::string& expectedName,
                         const std::string& actualName) {
  SnapshotOptions o;
  o.times = times && expected.find("\"updated\":") != std::string::npos;
  return lineDiff(expected, snapshotJson(kernel, o), expectedName, actualName);
}

}  // namespace symemu::harness

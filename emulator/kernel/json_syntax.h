// Internal to json_tree.cpp: a JSON grammar checker that runs only after simdjson has refused a
// text. It says where the text goes wrong (line and column, which simdjson does not report) and
// which number literals are too big for a 64-bit integer or a double, so the reader can retry
// with those literals quoted (a report then refuses only the record that holds one).
// It reads nothing: the tree always comes from simdjson.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symemu::json::detail {

struct JsonSyntax {
  bool ok = true;
  std::size_t errorOffset = 0;  // byte offset of the offending character
  std::string error;            // e.g. "unexpected ','"
  // [begin, end) of number literals that do not fit a double / (u)int64.
  std::vector<std::pair<std::size_t, std::size_t>> oversizedNumbers;
};

JsonSyntax checkJsonSyntax(std::string_view text, std::size_t maxDepth);

// "line 1 column 57" (1-based; columns count bytes).
std::string describePosition(std::string_view text, std::size_t offset);

// Copy of text with each given span wrapped in double quotes.
std::string quoteSpans(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& spans);

}  // namespace symemu::json::detail

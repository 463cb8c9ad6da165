#include "symemu/core/mqtt/codec/topic.h"

namespace symemu::mqtt {

bool isValidTopicName(std::string_view topic) {
  return !topic.empty() && topic.find_first_of("+#") == std::string_view::npos;
}

std::optional<SharedFilter> parseSharedFilter(std::string_view filter) {
  constexpr std::string_view prefix = "$share/";
  if (filter.substr(0, prefix.size()) != prefix) return std::nullopt;
  const std::string_view rest = filter.substr(prefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return SharedFilter{rest, {}};
  return SharedFilter{rest.substr(0, slash), rest.substr(slash + 1)};
}

bool isValidTopicFilter(std::string_view filter) {
  if (auto shared = parseSharedFilter(filter)) {
    if (shared->group.empty() || shared->group.find_first_of("/+#") != std::string_view::npos) return false;
    filter = shared->filter;
  }
  if (filter.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t end = filter.find('/', start);
    std::string_view level = filter.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (level.find_first_of("+#") != std::string_view::npos) {
      if (level.size() != 1) return false;                              // "a+" or "#b"
      if (level == "#" && end != std::string_view::npos) return false;  // "#" not last
    }
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

bool topicMatches(std::string_view filter, std::string_view topic) {
  if (!topic.empty() && topic[0] == '$' && !filter.empty() && (filter[0] == '+' || filter[0] == '#')) return false;
  std::size_t f = 0, t = 0;
  while (true) {
    std::size_t fe = filter.find('/', f);
    std::string_view flevel = filter.substr(f, fe == std::string_view::npos ? std::string_view::npos : fe - f);
    if (flevel == "#") return true;  // matches the parent level and everything below
    std::size_t te = topic.find('/', t);
    std::string_view tlevel = topic.substr(t, te == std::string_view::npos ? std::string_view::npos : te - t);
    if (flevel != "+" && flevel != tlevel) return false;
    if (fe == std::string_view::npos) return te == std::string_view::npos;
    f = fe + 1;
    // Topic ended but the filter goes on: only a trailing "#" still matches ("a/#" matches "a").
    if (te == std::string_view::npos) return filter.substr(f) == "#";
    t = te + 1;
  }
}

}  // namespace symemu::mqtt

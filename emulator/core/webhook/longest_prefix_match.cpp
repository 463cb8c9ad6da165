#include "symemu/core/webhook/longest_prefix_match.h"

namespace symemu::webhook {

std::optional<std::size_t> longestPrefixMatch(const std::vector<std::string>& hooks, const std::string& path) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < hooks.size(); ++i) {
    const std::string& hook = hooks[i];
    if (hook.empty() || hook.size() > path.size()) continue;
    if (path.compare(0, hook.size(), hook) != 0) continue;
    if (!best || hook.size() > hooks[*best].size()) best = i;
  }
  return best;
}

}  // namespace symemu::webhook

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace symemu::webhook {

// Symcon's hook dispatch: the index of the hook that is the longest literal string prefix of
// path ("/hook/ocpp" matches "/hook/ocpppui"); nothing when none matches.
// Empty entries never match; on equal length the first entry wins.
std::optional<std::size_t> longestPrefixMatch(const std::vector<std::string>& hooks, const std::string& path);

}  // namespace symemu::webhook

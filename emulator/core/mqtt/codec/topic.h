// Topic names and topic filters (MQTT §4.7): syntax checks and matching.
#pragma once

#include <optional>
#include <string_view>

namespace symemu::mqtt {

// Topic name for PUBLISH: non-empty, no '+' or '#'. (UTF-8 is checked by the decoder.)
bool isValidTopicName(std::string_view topic);

// Topic filter: non-empty; '#' only as the whole last level; '+' only as a whole level.
// A shared subscription "$share/<group>/<filter>" must also have a group name of at least one
// character without '/', '+' or '#', and a valid filter after it (MQTT 5.0 §4.8.2).
bool isValidTopicFilter(std::string_view filter);

// The parts of a shared subscription filter "$share/<group>/<filter>" (§4.8.2); nullopt for a
// filter that does not start with "$share/". Views into `filter`; validity is not checked.
struct SharedFilter {
  std::string_view group;
  std::string_view filter;
};
std::optional<SharedFilter> parseSharedFilter(std::string_view filter);

// True if `filter` matches `topic`. Topics starting with '$' are not matched
// by a filter whose first level is a wildcard (§4.7.2).
bool topicMatches(std::string_view filter, std::string_view topic);

}  // namespace symemu::mqtt

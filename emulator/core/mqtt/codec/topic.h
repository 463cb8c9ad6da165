// Topic names and topic filters (MQTT §4.7): syntax checks and matching.
#pragma once

#include <string_view>

namespace symemu::mqtt {

// Topic name for PUBLISH: non-empty, no '+' or '#'. (UTF-8 is checked by the decoder.)
bool isValidTopicName(std::string_view topic);

// Topic filter: non-empty; '#' only as the whole last level; '+' only as a whole level.
bool isValidTopicFilter(std::string_view filter);

// True if `filter` matches `topic`. Topics starting with '$' are not matched
// by a filter whose first level is a wildcard (§4.7.2).
bool topicMatches(std::string_view filter, std::string_view topic);

}  // namespace symemu::mqtt

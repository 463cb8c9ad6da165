// UTF-8 validation as MQTT requires it (§1.5.4 / 3.1.1 §1.5.3).
#pragma once

#include <string_view>

namespace symemu::mqtt {

// nullptr when `s` is well-formed UTF-8 without U+0000 and without
// surrogates (U+D800..U+DFFF); otherwise a short description of the problem.
const char* utf8Problem(std::string_view s);

inline bool isValidUtf8(std::string_view s) { return utf8Problem(s) == nullptr; }

}  // namespace symemu::mqtt

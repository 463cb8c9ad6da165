#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace symemu::net {

// Lets one line through per interval and counts the ones held back, so a flood of refused
// clients produces a few log lines, not thousands.
class RateLimitedLog {
 public:
  explicit RateLimitedLog(std::chrono::milliseconds interval) : interval_(interval) {}

  // Returns the text to log now (with "(N similar suppressed)" appended when some were held
  // back since the last line), or nothing when this one is suppressed.
  std::optional<std::string> admit(const std::string& text,
                                   std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  std::chrono::milliseconds interval_;
  std::optional<std::chrono::steady_clock::time_point> last_;
  std::size_t suppressed_ = 0;
};

}  // namespace symemu::net

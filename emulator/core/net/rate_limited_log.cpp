#include "symemu/core/net/rate_limited_log.h"

namespace symemu::net {

std::optional<std::string> RateLimitedLog::admit(const std::string& text, std::chrono::steady_clock::time_point now) {
  if (last_ && now - *last_ < interval_) {
    ++suppressed_;
    return std::nullopt;
  }
  last_ = now;
  std::string line = text;
  if (suppressed_ > 0) line += " (" + std::to_string(suppressed_) + " similar suppressed)";
  suppressed_ = 0;
  return line;
}

}  // namespace symemu::net

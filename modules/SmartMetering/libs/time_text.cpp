#include "symemu/smartmetering/libs/time_text.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <cmath>

namespace symemu::smartmetering {

std::string formatKernelTime(double unixSeconds) {
  auto seconds = static_cast<Poco::Timestamp::TimeVal>(std::floor(unixSeconds));
  // Every report writes "Last Message Time": the text changes once a second.
  thread_local Poco::Timestamp::TimeVal lastSeconds = 0;
  thread_local std::string lastText;
  if (seconds == lastSeconds && !lastText.empty()) return lastText;
  Poco::Timestamp ts = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds));
  lastText = Poco::DateTimeFormatter::format(ts, "%Y-%m-%d %H:%M:%S");
  lastSeconds = seconds;
  return lastText;
}

}  // namespace symemu::smartmetering

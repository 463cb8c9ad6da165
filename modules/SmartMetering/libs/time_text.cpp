#include "time_text.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <cmath>

namespace symemu::smartmetering {

std::string formatKernelTime(double unixSeconds) {
  auto seconds = static_cast<Poco::Timestamp::TimeVal>(std::floor(unixSeconds));
  Poco::Timestamp ts = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds));
  return Poco::DateTimeFormatter::format(ts, "%Y-%m-%d %H:%M:%S");
}

}  // namespace symemu::smartmetering

#pragma once

namespace symemu::net {

// Levels passed to the onLog callbacks of the network servers. The host maps them to
// its own log (Symcon's KL_* message types).
enum LogLevel : int {
  LogError = 1,
  LogWarning = 2,
  LogInfo = 3,
  LogDebug = 4,
};

}  // namespace symemu::net

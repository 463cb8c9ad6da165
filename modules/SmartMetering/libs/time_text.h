#pragma once
// "2025-03-14 10:15:00" for a kernel clock time (UTC), as shown in "Last Message Time".
#include <string>

namespace symemu::smartmetering {

std::string formatKernelTime(double unixSeconds);

}  // namespace symemu::smartmetering

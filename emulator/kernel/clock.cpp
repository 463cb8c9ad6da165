#include "symemu/kernel/clock.h"

#include <chrono>

#include "symemu/kernel/types.h"

namespace symemu {

double RealClock::now() const {
  using namespace std::chrono;
  return duration_cast<duration<double>>(system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<Clock> makeClock(const std::string& mode, double start) {
  if (mode == "real") return std::make_unique<RealClock>();
  if (mode == "manual") return std::make_unique<ManualClock>(start);
  throw KernelError("unknown clock mode '" + mode + "' (expected 'real' or 'manual')");
}

}  // namespace symemu

#pragma once
// Percentiles of a set of latency samples (seconds in, milliseconds out).
#include <algorithm>
#include <cmath>
#include <vector>

namespace symemu::bench {

inline double percentileMs(std::vector<double> samples, double p) {
  if (samples.empty()) return -1;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  rank = std::clamp<std::size_t>(rank, 1, samples.size());
  return samples[rank - 1] * 1000.0;
}

}  // namespace symemu::bench

#include "symemu/kernel/id_allocator.h"

#include "symemu/kernel/types.h"

namespace symemu {

IdAllocator::IdAllocator(std::uint64_t seed, std::uint64_t draws, int low, int high)
    : seed_(seed), draws_(draws), low_(low), high_(high), rng_(seed) {
  rng_.discard(draws);
}

int IdAllocator::allocate(const std::function<bool(int)>& isFree, std::size_t usedCount) {
  const std::uint64_t range = static_cast<std::uint64_t>(high_ - low_ + 1);
  if (usedCount >= range)
    throw KernelError("no free object ID left in " + std::to_string(low_) + ".." + std::to_string(high_));
  for (;;) {
    // Modulo bias is irrelevant here; determinism is what matters.
    int id = low_ + static_cast<int>(rng_() % range);
    ++draws_;
    if (isFree(id)) return id;
  }
}

}  // namespace symemu

#pragma once
// Object IDs come from a seeded generator (docs/symcon-kernel.md §1.2): random IDs from the free pool
// of [low, high]. The state is (seed, number of draws), so a re-opened database continues the
// same sequence and the same seed with the same operations gives the same IDs.
#include <cstdint>
#include <functional>
#include <random>

namespace symemu {

class IdAllocator {
 public:
  IdAllocator(std::uint64_t seed, std::uint64_t draws, int low = 10000, int high = 59999);
  // Draws until `isFree` accepts an ID; throws KernelError when the range is exhausted.
  int allocate(const std::function<bool(int)>& isFree, std::size_t usedCount);
  std::uint64_t seed() const { return seed_; }
  std::uint64_t draws() const { return draws_; }
  int low() const { return low_; }
  int high() const { return high_; }

 private:
  std::uint64_t seed_;
  std::uint64_t draws_;
  int low_, high_;
  std::mt19937_64 rng_;
};

}  // namespace symemu

#include "symemu/kernel/sorted_ids.h"

#include <algorithm>
#include <cstdint>

namespace symemu {

void sortUniqueIds(std::vector<int>& ids) {
  auto bySort = [&] {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  };
  if (ids.size() < 64) return bySort();
  const auto [low, high] = std::minmax_element(ids.begin(), ids.end());
  const std::int64_t first = *low;
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(*high) - first) + 1;
  // The bitmap's words are scanned once: only when there are not many more of them than IDs.
  if (span / 64 > ids.size() + 1024) return bySort();
  std::vector<std::uint64_t> bits(static_cast<std::size_t>((span + 63) / 64));
  for (int id : ids) {
    const auto at = static_cast<std::uint64_t>(id - first);
    bits[static_cast<std::size_t>(at / 64)] |= std::uint64_t{1} << (at % 64);
  }
  ids.clear();
  for (std::size_t w = 0; w < bits.size(); ++w)
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1)
      ids.push_back(static_cast<int>(first + static_cast<std::int64_t>(w * 64) + __builtin_ctzll(word)));
}

}  // namespace symemu

#pragma once
// Sorting and deduplicating a list of object IDs (the commit's changed values, in ascending order
// for the store's batched UPDATEs). Object IDs are dense (a few tens of thousands in a range of
// 50,000), so a bitmap over the list's range gives the same result as std::sort and
// std::unique in one pass each, without the sort's compares.
//
// Threads: none (a function of its argument). Errors: none; allocates the bitmap (one bit per
// ID in the range), and falls back to std::sort when the range is sparse.
#include <vector>

namespace symemu {

// `ids` ascending, each once: what std::sort then std::unique give.
void sortUniqueIds(std::vector<int>& ids);

}  // namespace symemu

// libFuzzer's hook for one target; SYMEMU_FUZZ_ENTRY names the entry (see fuzz_entries.h).
#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return SYMEMU_FUZZ_ENTRY(data, size);
}

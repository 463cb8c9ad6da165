#pragma once
// Equality of short texts (a report's attribute keys, unit spellings, JSON object keys: 1 to 16
// bytes) without a call to memcmp: for every key of every record the report parser compared it
// with its attribute's name through libc's memcmp, whose length dispatch cost more than the
// compare (docs/performance.md, "Round 11"); the PHP host's json_decode key cache likewise.
// Two overlapping loads cover any length from 4 to 16 bytes; nothing is read outside either
// text. Pure functions, any thread.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace symemu {

namespace short_text_detail {
inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline std::uint32_t load4(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
}  // namespace short_text_detail

// a == b for texts of the same length `n` (the caller compared the lengths).
[[gnu::always_inline]] inline bool sameBytes(const char* a, const char* b, std::size_t n) {
  using namespace short_text_detail;
  if (n >= 8) {
    if (n > 16) return std::memcmp(a, b, n) == 0;
    return ((load8(a) ^ load8(b)) | (load8(a + n - 8) ^ load8(b + n - 8))) == 0;
  }
  if (n >= 4) return ((load4(a) ^ load4(b)) | (load4(a + n - 4) ^ load4(b + n - 4))) == 0;
  if (n == 0) return true;
  // 1 to 3 bytes: the first, middle and last byte cover them all.
  return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
}

[[gnu::always_inline]] inline bool sameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sameBytes(a.data(), b.data(), a.size());
}

}  // namespace symemu

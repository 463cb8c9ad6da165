#include "symemu/core/mqtt/codec/utf8.h"

#include <cstdint>
#include <cstring>

namespace symemu::mqtt {

const char* utf8Problem(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // Eight plain ASCII bytes (none zero, none above 0x7F) at a time: a topic usually is all
    // ASCII, and this runs for every PUBLISH. Any other block goes byte by byte, so the first
    // problem found is the same (tests/bench/test_fast_paths.cpp).
    constexpr std::uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & kHigh) != 0 || ((w - kLow) & ~w & kHigh) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (b0 == 0) return "contains U+0000";
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    } else
      return "invalid lead byte";
    if (i + len > n) return "truncated sequence";
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) return "invalid continuation byte";
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return "overlong encoding";
    if (cp >= 0xD800 && cp <= 0xDFFF) return "contains a surrogate code point";
    if (cp > 0x10FFFF) return "code point above U+10FFFF";
    i += len;
  }
  return nullptr;
}

}  // namespace symemu::mqtt

#include "symemu/kernel/find_key.h"

#include <cstdint>
#include <cstring>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace symemu {

namespace {

constexpr std::size_t npos = std::string_view::npos;

// The two bytes compared first: the key's second (its first is usually a quote) and last.
struct Probe {
  std::size_t first, last;
  explicit Probe(std::size_t m) : first(m > 2 ? 1 : 0), last(m - 1) {}
};

// The positions from `i` on, one at a time (the end of a text, and texts without SIMD).
std::size_t findBytewise(const char* h, std::size_t n, const char* key, std::size_t m, std::size_t i) {
  for (; i + m <= n; ++i)
    if (h[i] == key[0] && std::memcmp(h + i, key, m) == 0) return i;
  return npos;
}

#if defined(__x86_64__)
// Candidates in `mask` (bit b: position i + b), in order; the first that is the key.
template <class Mask>
std::size_t firstOf(Mask mask, const char* h, std::size_t i, const char* key, std::size_t m) {
  while (mask) {
    const std::size_t at = i + static_cast<std::size_t>(__builtin_ctzll(mask));
    if (std::memcmp(h + at, key, m) == 0) return at;
    mask &= mask - 1;
  }
  return npos;
}

std::size_t findSse2(const char* h, std::size_t n, const char* key, std::size_t m) {
  const Probe p(m);
  const __m128i first = _mm_set1_epi8(key[p.first]), last = _mm_set1_epi8(key[p.last]);
  std::size_t i = 0;
  for (; i + p.last + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p.first));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p.last));
    const auto mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    if (mask)
      if (const std::size_t at = firstOf(mask, h, i, key, m); at != npos) return at;
  }
  return findBytewise(h, n, key, m, i);
}

// The positions i..i+31 where both probed bytes match (a byte of 0xff each).
__attribute__((target("avx2"), always_inline)) inline __m256i hits(const char* h, std::size_t i, const Probe& p,
                                                                   __m256i first, __m256i last) {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + i + p.first));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + i + p.last));
  return _mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last));
}

__attribute__((target("avx2"))) std::size_t findAvx2(const char* h, std::size_t n, const char* key, std::size_t m) {
  const Probe p(m);
  const __m256i first = _mm256_set1_epi8(key[p.first]), last = _mm256_set1_epi8(key[p.last]);
  std::size_t i = 0;
  for (; i + p.last + 64 <= n; i += 64) {  // 64 positions per round: one test for both halves
    const __m256i low = hits(h, i, p, first, last), high = hits(h, i + 32, p, first, last);
    const __m256i any = _mm256_or_si256(low, high);
    if (_mm256_testz_si256(any, any)) continue;
    const std::uint64_t mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
                               (std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(high))} << 32);
    if (const std::size_t at = firstOf(mask, h, i, key, m); at != npos) return at;
  }
  for (; i + p.last + 32 <= n; i += 32) {
    const auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(hits(h, i, p, first, last)));
    if (mask)
      if (const std::size_t at = firstOf(mask, h, i, key, m); at != npos) return at;
  }
  return findBytewise(h, n, key, m, i);
}

bool hasAvx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
}
#endif

}  // namespace

bool canSearch(KeySearch way) {
#if defined(__x86_64__)
  return way != KeySearch::Avx2 || hasAvx2();
#else
  return way == KeySearch::Bytewise;
#endif
}

namespace {

using Finder = std::size_t (*)(const char* h, std::size_t n, const char* key, std::size_t m);

std::size_t findAllBytewise(const char* h, std::size_t n, const char* key, std::size_t m) {
  return findBytewise(h, n, key, m, 0);
}

Finder finderFor(KeySearch way) {
#if defined(__x86_64__)
  if (way == KeySearch::Avx2) return findAvx2;
  if (way == KeySearch::Sse2) return findSse2;
#endif
  return findAllBytewise;
}

std::size_t findWith(Finder finder, std::string_view text, std::string_view key, std::size_t from) {
  if (from > text.size()) return npos;
  const std::size_t n = text.size() - from, m = key.size();
  if (m < 2) return text.find(key, from);
  if (n < m) return npos;
  const std::size_t at = finder(text.data() + from, n, key.data(), m);
  return at == npos ? npos : from + at;
}

}  // namespace

std::size_t findKeyBy(KeySearch way, std::string_view text, std::string_view key, std::size_t from) {
  return findWith(finderFor(way), text, key, from);
}

std::size_t findKey(std::string_view text, std::string_view key, std::size_t from) {
#if defined(__x86_64__)
  static const Finder best = finderFor(hasAvx2() ? KeySearch::Avx2 : KeySearch::Sse2);
#else
  static const Finder best = finderFor(KeySearch::Bytewise);
#endif
  return findWith(best, text, key, from);
}

}  // namespace symemu

#pragma once
// Writes a JSON text through a cursor into a std::string sized ahead (a meter packet is some
// forty short pieces; std::string's append cost a call and a capacity check for each).
// Texts are quoted exactly as appendJsonQuoted quotes them (kernel/json_value.h): a short text
// with nothing to escape is copied here, any other goes through appendJsonQuoted itself.
// Threads: a plain object on one thread. `out` must not be touched until finish().
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "symemu/kernel/json_value.h"

namespace symemu::smartmetering {

class PacketTextWriter {
 public:
  // `expected`: the likely length (the text grows past it when needed).
  PacketTextWriter(std::string& out, std::size_t expected) : out_(out) {
    out_.clear();
    reopen(expected);
  }

  template <std::size_t N>
  void raw(const char (&literal)[N]) {  // a literal, its terminating NUL left out
    write(literal, N - 1);
  }
  void raw(std::string_view text) { write(text.data(), text.size()); }
  void raw(char c) {
    room(1);
    *at_++ = c;
  }

  // The text as a JSON string literal.
  void quoted(const std::string& text) {
    // Up to 64 bytes: a meter packet's texts, its 38-byte DataID included (which, at more
    // than appendJsonQuoted's own 32, went through the sizing path and re-opened the cursor).
    constexpr std::size_t kShort = 64;
    const std::size_t n = text.size();
    if (n <= kShort) {
      // Copied and checked in one go (most texts are a few plain bytes); undone when a byte
      // needs an escape.
      room(n + 2 + 16);
      char* to = at_;
      *to++ = '"';
      if (copyPlain(text.data(), n, to)) {
        to += n;
        *to++ = '"';
        at_ = to;
        return;
      }
    }
    const std::size_t used = size();
    out_.resize(used);
    appendJsonQuoted(out_, text);
    reopen(256);
  }

  std::size_t size() const { return static_cast<std::size_t>(at_ - out_.data()); }

  // What was written from `from` on, `length` bytes (valid until the next write).
  std::string_view written(std::size_t from, std::size_t length) const {
    return std::string_view(out_.data() + from, length);
  }
  void finish() { out_.resize(size()); }

 private:
  // Copies `n` bytes of a std::string's data to `to` (16 bytes of room past them), false when
  // one needs an escape. With SSE2 16 bytes at a time: libstdc++ keeps every string's bytes in
  // a buffer of at least 16 (its own 15 and the NUL, or a heap buffer of more), so a short
  // text's block is loaded whole and only its own bytes are checked; a longer text's last
  // block overlaps the one before. Guard: "[json]" in tests/bench/test_fast_paths.cpp.
  static bool copyPlain(const char* p, std::size_t n, char* to) {
#if defined(__SSE2__) && defined(__GLIBCXX__)
    auto escapes = [](__m128i v) {  // below 0x20, '"' and '\\': what appendJsonQuoted escapes
      const __m128i below = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
      const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
      const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
      return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(below, _mm_or_si128(quote, backslash))));
    };
    if (n <= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      if (escapes(v) & ((1u << n) - 1)) return false;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to), v);
      return true;
    }
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (escapes(v)) return false;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to + i), v);
    }
    if (i < n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
      if (escapes(v)) return false;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to + n - 16), v);
    }
    return true;
#else
    bool plain = true;
    for (std::size_t i = 0; i < n; ++i) {
      const auto b = static_cast<unsigned char>(p[i]);
      plain &= b >= 0x20 && b != '"' && b != '\\';
      to[i] = p[i];
    }
    return plain;
#endif
  }
  void write(const char* text, std::size_t n) {
    room(n);
    std::memcpy(at_, text, n);
    at_ += n;
  }
  void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) {
      const std::size_t used = size();
      out_.resize(used);
      reopen(std::max(n, used));
    }
  }
  // Makes `spare` bytes writable after what out_ holds.
  void reopen(std::size_t spare) {
    const std::size_t used = out_.size();
    out_.resize(used + spare);
    at_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  char* at_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace symemu::smartmetering

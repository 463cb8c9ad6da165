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
    if (text.size() <= kShort) {
      // Copied and checked in one loop (most texts are a few plain bytes); undone when a byte
      // needs an escape.
      room(text.size() + 2);
      char* to = at_;
      *to++ = '"';
      bool plain = true;
      for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        plain &= b >= 0x20 && b != '"' && b != '\\';  // what appendJsonQuoted escapes
        *to++ = c;
      }
      *to++ = '"';
      if (plain) {
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

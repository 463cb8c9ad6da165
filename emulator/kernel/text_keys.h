#pragma once
// Where some member keys sit in a packet's JSON text, recorded by the code that wrote the text,
// so that the kernel's receive filters need not scan the text for them (kernel_dataflow.cpp,
// LiteralFinder; docs/performance.md, Round 10). A key is given as a filter names it: its
// quotes and colon included (`"Topic":`). A key listed occurs in the text exactly once, at the
// position given, and nowhere else (the writer guarantees it: e.g. every quote inside a JSON
// string it wrote is escaped); keys not listed are found by scanning, as before.
//
// Threads: written once by the writer of the text, then immutable and shared by copies of the
// packet (any thread). Errors: none; a full table ignores further keys (they are scanned for).
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace symemu {

class TextKeys {
 public:
  // `key` must outlive the table (a string literal).
  void add(std::string_view key, std::size_t at) {
    if (count_ < keys_.size()) keys_[count_++] = Key{key, at};
  }
  bool empty() const { return count_ == 0; }
  // The only place of `key` in the text, or npos when the key is not listed.
  std::size_t onlyPlaceOf(std::string_view key) const {
    for (std::size_t i = 0; i < count_; ++i)
      if (keys_[i].key == key) return keys_[i].at;
    return std::string::npos;
  }

 private:
  struct Key {
    std::string_view key;
    std::size_t at = 0;
  };
  std::array<Key, 6> keys_{};
  std::size_t count_ = 0;
};

}  // namespace symemu

// json_decode() from simdjson's stage 1 straight to PHP values. simdjson's DOM parser writes
// every token to a tape (stage 2) that the reader then walked again to build zvals: the tape
// cost two thirds of what building the values did. Here one recursive pass reads the structural
// index and builds the values as it goes, checking the grammar as stage 2 does and reading each
// scalar with stage 2's own routines (simdjson's number and atom parsers, the CPU's
// parse_string), so it refuses what stage 2 refused, for PHP's reader to answer
// (tests/cpp/php/test_php_json_decode.cpp).
//
// The values PHP's parser builds: array keys through zend_symtable_update, a stdClass with the
// property table zend_std_write_property would leave, lists packed at the size their growth
// reaches; texts, keys and member tables shared as php_json_decode_kept.h keeps them.
#include "symemu/php/php_json_decode_reader.h"

#include <php.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "symemu/kernel/short_text.h"
#include "symemu/php/php_json_decode_kept.h"

namespace symemu::php {

namespace {

using json_kept::InternedKeys;
using json_kept::KnownShapes;
using json_kept::RepeatedTexts;

// simdjson's scalar routines as its stage 2 uses them (the portable build of the same code; the
// CPU's own build differs only in how fast it parses eight digits).
namespace sj = simdjson::SIMDJSON_BUILTIN_IMPLEMENTATION;

// simdjson's DOM parser refused deeper nesting (its default max_depth): PHP reads those.
constexpr long kDeepest = simdjson::DEFAULT_MAX_DEPTH;

// The text copied with simdjson's padding (its routines read up to 64 bytes past a token), its
// structural index from stage 1, and room for unescaped strings and the values being built.
// Memory that cannot be had means "not taken" (PHP's reader then answers), never an exception
// through PHP's frames.
class Buffers {
 public:
  // Copies the text with padding and runs stage 1: false for any error simdjson finds there
  // (invalid UTF-8, a control byte in a string, an unclosed string, no token) and when the
  // buffers cannot grow to the text.
  bool index(const char* s, std::size_t n) {
    if (!fit(n)) return false;
    std::memcpy(text_.get(), s, n);
    std::memset(text_.get() + n, ' ', simdjson::SIMDJSON_PADDING);
    if (stage1_->stage1(text_.get(), n, simdjson::stage1_mode::regular) != simdjson::SUCCESS) return false;
    const uint32_t tokens = stage1_->n_structural_indexes;
    stage1_->structural_indexes[tokens] = static_cast<uint32_t>(n);  // the end
    // A value takes one token at least.
    if (values_.size() <= tokens) {
      try {
        values_.resize(tokens + 1);
        keys_.resize(tokens + 1);
      } catch (const std::bad_alloc&) {
        return false;
      }
    }
    return true;
  }

  const uint8_t* text() const { return text_.get(); }
  const uint32_t* tokens() const { return stage1_->structural_indexes.get(); }
  uint32_t tokenCount() const { return stage1_->n_structural_indexes; }
  uint8_t* strings() { return strings_.get(); }
  const simdjson::internal::dom_parser_implementation& parser() const { return *stage1_; }
  zval* values() { return values_.data(); }
  std::string_view* keys() { return keys_.data(); }

 private:
  bool fit(std::size_t n) {
    if (n <= capacity_) return true;
    const std::size_t capacity = std::max<std::size_t>(n, 4096);
    capacity_ = 0;  // until all is allocated
    stage1_.reset();
    if (simdjson::get_active_implementation()->create_dom_parser_implementation(capacity, kDeepest, stage1_) !=
        simdjson::SUCCESS)
      return false;
    // Unescaped strings are never longer than they are written.
    text_.reset(new (std::nothrow) uint8_t[capacity + simdjson::SIMDJSON_PADDING]);
    strings_.reset(new (std::nothrow) uint8_t[capacity + simdjson::SIMDJSON_PADDING]);
    if (!text_ || !strings_) return false;
    capacity_ = capacity;
    return true;
  }

  std::size_t capacity_ = 0;
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1_;
  std::unique_ptr<uint8_t[]> text_, strings_;
  std::vector<zval> values_;
  std::vector<std::string_view> keys_;
};

Buffers& buffers() {
  static Buffers b;  // PHP's thread only
  return b;
}

// What simdjson's number parser found, through its tape writer's calls (its slow path writes
// through a copy of the writer, hence the pointer).
struct Number {
  enum { kInt, kUnsigned, kDouble } kind = kInt;
  int64_t i = 0;
  double d = 0;
};
struct NumberWriter {
  Number* seen;
  void append_s64(int64_t v) { seen->kind = Number::kInt, seen->i = v; }
  void append_u64(uint64_t) { seen->kind = Number::kUnsigned; }
  void append_double(double v) { seen->kind = Number::kDouble, seen->d = v; }
  void skip_double() {}
};

// The first '"' or '\\' at or after p (the text is padded; stage 1 checked that the string ends).
inline const uint8_t* quoteOrBackslash(const uint8_t* p) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (;; p += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    if (hits) return p + __builtin_ctz(static_cast<unsigned>(hits));
  }
#else
  while (*p != '"' && *p != '\\') ++p;
  return p;
#endif
}

class Reader {
 public:
  Reader(Buffers& b, bool assoc, long depth)
      : text_(b.text()),
        tokens_(b.tokens()),
        count_(b.tokenCount()),
        parser_(b.parser()),
        strings_(b.strings()),
        values_(b.values()),
        keys_(b.keys()),
        assoc_(assoc),
        depth_(depth),
        interned_(json_kept::internedKeys()),
        texts_(json_kept::repeatedTexts()),
        shapes_(json_kept::knownShapes()) {}

  // The whole text as one object or array and nothing after it.
  bool document(zval* out) {
    if (!value(out, 0)) {
      for (uint32_t i = 0; i < top_; ++i) zval_ptr_dtor(&values_[i]);  // what was built so far
      return false;
    }
    if (next_ == count_) return true;
    zval_ptr_dtor(out);  // trailing content: PHP's syntax error
    return false;
  }

 private:
  char peek() const { return static_cast<char>(text_[tokens_[next_]]); }

  // The value at the next token, into `out` (left undefined when false).
  bool value(zval* out, long level) {
    const uint8_t* at = text_ + tokens_[next_];
    switch (*at) {
      case '{':
        return object(out, level);
      case '[':
        return array(out, level);
      case '"':
        return text(out);
      case 't':
        if (!sj::atomparsing::is_valid_true_atom(at)) return false;
        ++next_;
        ZVAL_TRUE(out);
        return true;
      case 'f':
        if (!sj::atomparsing::is_valid_false_atom(at)) return false;
        ++next_;
        ZVAL_FALSE(out);
        return true;
      case 'n':
        if (!sj::atomparsing::is_valid_null_atom(at)) return false;
        ++next_;
        ZVAL_NULL(out);
        return true;
      default:
        ++next_;
        return number(at, out);
    }
  }

  // A string value; inlined into the member and item loops too (most values are texts).
  [[gnu::always_inline]] bool text(zval* out) {
    std::string_view s;
    if (!string(s)) return false;
    // One-byte texts ("0", the usual STORAGE, TARIFF and SUBUNIT) as PHP's own one-character
    // strings: nothing to allocate and free, the same string for PHP code.
    if (s.empty())
      ZVAL_EMPTY_STRING(out);
    else if (s.size() == 1)
      ZVAL_CHAR(out, s[0]);
    else
      ZVAL_STR(out, texts_.make(s));
    return true;
  }

  // The value of a member or item into its slot on the stack (undefined until it is built, so
  // that a failure frees only what was built).
  bool slotValue(zval* slot, long level) {
    const bool isText = peek() == '"';
    if (isText && text(slot)) return true;
    ZVAL_UNDEF(slot);
    return !isText && value(slot, level);
  }

  bool number(const uint8_t* at, zval* out) const {
    Number seen;
    NumberWriter writer{&seen};
    if (sj::numberparsing::parse_number(at, writer) != simdjson::SUCCESS) return false;
    switch (seen.kind) {
      case Number::kInt:  // within int64: PHP's ZEND_STRTOL gives the same
        ZVAL_LONG(out, static_cast<zend_long>(seen.i));
        return true;
      case Number::kDouble:
        if (seen.d == 0.0 && std::signbit(seen.d)) return false;  // "-0" is PHP's int 0, "-0.0" its float -0
        // An integer literal beyond 64 bits is a double for simdjson; PHP reads it by its own
        // rules (a string with JSON_BIGINT_AS_STRING): any double that may be one goes to PHP.
        if (std::fabs(seen.d) >= 9.2e18 && std::floor(seen.d) == seen.d) return false;
        ZVAL_DOUBLE(out, seen.d);  // both round correctly
        return true;
      default:  // above int64 (PHP: a float or, with JSON_BIGINT_AS_STRING, a string)
        return false;
    }
  }

  // The string at the next token: a view of the text when it has no escape, else unescaped by
  // simdjson into the strings buffer (nullptr for an escape it refuses, as stage 2 did).
  bool string(std::string_view& out) {
    const uint8_t* start = text_ + tokens_[next_++] + 1;
    const uint8_t* end = quoteOrBackslash(start);
    if (*end == '"') {
      out = {reinterpret_cast<const char*>(start), static_cast<std::size_t>(end - start)};
      return true;
    }
    uint8_t* written = parser_.parse_string(start, strings_);
    if (!written) return false;
    out = {reinterpret_cast<const char*>(strings_), static_cast<std::size_t>(written - strings_)};
    strings_ = written;
    return true;
  }

  // An object: its members on the value stack first, then its table made at its final size.
  bool object(zval* out, long level) {
    if (level + 1 >= depth_ || level >= kDeepest) return false;  // at or near PHP's limit: PHP decides
    ++next_;
    const uint32_t first = top_;
    if (peek() == '}') {
      ++next_;
      if (assoc_)
        ZVAL_EMPTY_ARRAY(out);  // PHP's reader gives its shared empty array
      else
        object_init(out);
      return true;
    }
    for (;;) {
      if (peek() != '"' || text_[tokens_[next_ + 1]] != ':') return false;
      const uint32_t slot = top_++;
      keys_[slot] = rawKey(tokens_[next_], tokens_[next_ + 1]);
      next_ += 2;
      if (!slotValue(&values_[slot], level + 1)) return false;
      const char after = peek();
      ++next_;
      if (after == '}') break;
      if (after != ',') return false;
    }
    HashTable* table = members(first, top_ - first);
    if (!table) return false;
    top_ = first;
    if (assoc_)
      ZVAL_ARR(out, table);
    else
      object_and_properties_init(out, zend_standard_class_def, table);
    return true;
  }

  // A key as written, between its quotes (the last '"' before the ':' token: only white space
  // can come between), unescaped only when its object's table is built key by key: the keys of
  // a known shape have no backslash, so a key written as one of them is that key.
  std::string_view rawKey(uint32_t quote, uint32_t colon) const {
    uint32_t end = colon - 1;
    while (text_[end] != '"') --end;
    return {reinterpret_cast<const char*>(text_ + quote + 1), end - quote - 1};
  }

  // A raw key as PHP reads it; false for an escape simdjson refuses.
  bool unescape(std::string_view& key) {
    const auto* start = reinterpret_cast<const uint8_t*>(key.data());
    if (*quoteOrBackslash(start) == '"') return true;
    uint8_t* written = parser_.parse_string(start, strings_);
    if (!written) return false;
    key = {reinterpret_cast<const char*>(strings_), static_cast<std::size_t>(written - strings_)};
    strings_ = written;
    return true;
  }

  // The table of the members on the stack from `first`: a copy of a known shape's when the keys
  // are the shape's, else key by key (string keys, a repeated key updated in place); nullptr
  // (the values left on the stack) for a key PHP refuses or an escape simdjson refuses.
  HashTable* members(uint32_t first, uint32_t count) {
    std::string_view* keys = keys_ + first;
    zval* values = values_ + first;
    const HashTable* shape = count <= KnownShapes::kMostMembers ? shapes_.find(count, keys[0]) : nullptr;
    if (shape) {
      uint32_t matched = 1;  // find() compared the first key
      while (matched < count && sameText(keys[matched], KnownShapes::keyOf(shape, matched))) ++matched;
      if (matched == count) return KnownShapes::copy(shape, values);
    }
    for (uint32_t i = 0; i < count; ++i) {
      if (!unescape(keys[i])) return nullptr;
      if (!assoc_ && !keys[i].empty() && keys[i][0] == '\0') return nullptr;  // PHP: invalid property name
    }
    HashTable* table = zend_new_array(count);
    for (uint32_t i = 0; i < count; ++i) {
      // The script's own text of a known key (interned by OPcache) when there is one: the
      // property and key lookups of the module then compare pointers, not bytes.
      zend_string* name = interned_.find(keys[i]);
      if (assoc_)
        json_kept::putSymbol(table, name, &values[i]);
      else
        json_kept::put(table, name, &values[i]);
      zend_string_release(name);
    }
    if (!shape) shapes_.keep(table);
    return table;
  }

  // A list as zend_hash_next_index_insert leaves it: packed, at the size its growth reaches.
  bool array(zval* out, long level) {
    if (level + 1 >= depth_ || level >= kDeepest) return false;
    ++next_;
    const uint32_t first = top_;
    if (peek() == ']') {
      ++next_;
      ZVAL_EMPTY_ARRAY(out);  // PHP's reader gives its shared empty array
      return true;
    }
    for (;;) {
      const uint32_t slot = top_++;
      if (!slotValue(&values_[slot], level + 1)) return false;
      const char after = peek();
      ++next_;
      if (after == ']') break;
      if (after != ',') return false;
    }
    const uint32_t count = top_ - first;
    HashTable* list = zend_new_array(count);
    zend_hash_real_init_packed(list);
    std::memcpy(list->arPacked, values_ + first, count * sizeof(zval));
    // What ZEND_HASH_FILL_FINISH sets.
    list->nNumUsed = list->nNumOfElements = count;
    list->nNextFreeElement = count;
    list->nInternalPointer = 0;
    top_ = first;
    ZVAL_ARR(out, list);
    return true;
  }

  const uint8_t* text_;
  const uint32_t* tokens_;
  const uint32_t count_;
  const simdjson::internal::dom_parser_implementation& parser_;
  uint8_t* strings_;  // where the next unescaped string goes
  zval* values_;      // the stack of values built and not yet in their table
  std::string_view* keys_;
  uint32_t next_ = 0;  // the next token
  uint32_t top_ = 0;   // the stack's size
  const bool assoc_;
  const long depth_;
  InternedKeys& interned_;
  RepeatedTexts& texts_;
  KnownShapes& shapes_;
};

}  // namespace

bool readJsonText(const char* s, std::size_t n, bool assoc, long depth, zval* out) {
  Buffers& b = buffers();
  if (!b.index(s, n)) return false;
  return Reader(b, assoc, depth).document(out);
}

}  // namespace symemu::php

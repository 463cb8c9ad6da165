// json_encode() for plain arrays in C++: the same text PHP's encoder writes (ext/json's
// php_json_encode_array and php_json_escape_string), or nothing and PHP's own encoder writes it.
// It also keeps the last arrays whose text json_decode($text, true) would read back alike
// (EncodedArrays), which json_decode then hands out instead of reading that text again.
#include "symemu/php/php_json_encode.h"

#include <php.h>
#include <zend_exceptions.h>
#include <zend_smart_str.h>
#include <zend_strtod.h>

#include <emmintrin.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "symemu/php/php_call_describe.h"
#include "symemu/php/php_host.h"

extern "C" {  // php_json.h has no C++ guards
#include <ext/json/php_json.h>
}

namespace symemu::php {

namespace {

zif_handler phpJsonEncode = nullptr;  // PHP's own handler

constexpr long kTakenFlags = PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE |
                             PHP_JSON_UNESCAPED_LINE_TERMINATORS | PHP_JSON_PRESERVE_ZERO_FRACTION |
                             PHP_JSON_INVALID_UTF8_IGNORE | PHP_JSON_INVALID_UTF8_SUBSTITUTE;

// Length of the valid UTF-8 sequence at s[0] (lead byte >= 0x80) and its code point; 0 when the
// bytes are not strict UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short). PHP's encoder
// rejects the same; anything rejected here goes to PHP's encoder anyway.
std::size_t utf8Sequence(const unsigned char* s, std::size_t n, unsigned& cp) {
  const unsigned c = s[0];
  auto trail = [&](std::size_t i) { return i < n && (s[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) {
    if (!trail(1)) return 0;
    cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (!trail(1) || !trail(2)) return 0;
    cp = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!trail(1) || !trail(2) || !trail(3)) return 0;
    cp = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

// Bytes json_encode writes as they are: printable ASCII but '"' and '\\', and '/' only with
// JSON_UNESCAPED_SLASHES.
struct PlainBytes {
  bool withSlash[256] = {}, withoutSlash[256] = {};
  PlainBytes() {
    for (int c = 0x20; c < 0x80; ++c) withSlash[c] = withoutSlash[c] = c != '"' && c != '\\';
    withoutSlash[static_cast<int>('/')] = false;
  }
};
const PlainBytes kPlainBytes;

// The text being written: a buffer kept between calls, grown geometrically, written without the
// per-append checks and terminators of std::string.
class Output {
 public:
  void clear() { length_ = 0; }
  const char* data() const { return buffer_.get(); }
  std::size_t size() const { return length_; }
  // Room for `n` more bytes; put() then writes them unchecked.
  void reserve(std::size_t n) {
    if (length_ + n <= capacity_) return;
    std::size_t capacity = capacity_ ? capacity_ * 2 : 4096;
    while (capacity < length_ + n) capacity *= 2;
    std::unique_ptr<char[]> grown(new char[capacity]);
    if (length_) std::memcpy(grown.get(), buffer_.get(), length_);
    buffer_ = std::move(grown);
    capacity_ = capacity;
  }
  void put(char c) {
    reserve(1);
    buffer_[length_++] = c;
  }
  void put(const char* s, std::size_t n) {
    reserve(n);
    std::memcpy(buffer_.get() + length_, s, n);
    length_ += n;
  }
  template <std::size_t N>
  void put(const char (&literal)[N]) {
    put(literal, N - 1);
  }
  // The first `n` bytes of `buffer`, copied whole: a copy of a size known when compiling is a
  // few moves, where one of `n` bytes became `rep movs`, slow to start for ~10 bytes (a key).
  template <std::size_t N>
  void putFixed(const char (&buffer)[N], std::size_t n) {
    reserve(N);
    std::memcpy(buffer_.get() + length_, buffer, N);
    length_ += n;
  }

 private:
  std::unique_ptr<char[]> buffer_;
  std::size_t length_ = 0, capacity_ = 0;
};

// What the writer wrote for an interned key (the literal keys of module code, written again with
// every packet): `"key":` and whether the key is numeric, by the key's address and the flags.
// Interned strings live as long as their request at least; the texts are dropped when a new
// request starts. A slot holds the last key that fell there. PHP's thread only.
class KeyTexts {
 public:
  struct Text {
    const zend_string* key = nullptr;
    long flags = 0;
    bool numeric = false;
    std::uint8_t length = 0;
    char text[46];
  };
  void startEncode() {
    const std::uint64_t generation = PhpHost::get().generation();
    if (generation == generation_) return;
    for (Text& t : slots_) t.key = nullptr;
    generation_ = generation;
  }
  const Text* find(const zend_string* key, long flags) const {
    const Text& t = slots_[slotOf(key)];
    return t.key == key && t.flags == flags ? &t : nullptr;
  }
  void keep(const zend_string* key, long flags, bool numeric, const char* text, std::size_t length) {
    if (length > sizeof(Text::text)) return;
    Text& t = slots_[slotOf(key)];
    t.key = key;
    t.flags = flags;
    t.numeric = numeric;
    t.length = static_cast<std::uint8_t>(length);
    std::memcpy(t.text, text, length);
  }

 private:
  static std::size_t slotOf(const zend_string* key) {
    return (reinterpret_cast<std::uintptr_t>(key) >> 4) & (kSlots - 1);
  }
  static constexpr std::size_t kSlots = 128;
  Text slots_[kSlots];
  std::uint64_t generation_ = 0;
};

KeyTexts& keyTexts() {
  static KeyTexts texts;
  return texts;
}

class Writer {
 public:
  Writer(Output& out, long flags, long maxDepth) : out_(out), flags_(flags), maxDepth_(maxDepth) {}

  // False: not this writer's to write (out_ then holds a partial text to drop).
  bool array(HashTable* table, long depth) {
    if (depth > maxDepth_) return false;       // PHP's depth error
    if (GC_IS_RECURSIVE(table)) return false;  // being encoded by PHP's encoder further out: its error
    if (depth > nesting_) nesting_ = depth;
    const bool list = zend_array_is_list(table);
    out_.put(list ? '[' : '{');
    bool first = true;
    zend_ulong index;
    zend_string* key;
    zval* item;
    zend_long nextFree = ZEND_LONG_MIN;  // what json_decode's table will have (zend_hash_index_add)
    ZEND_HASH_FOREACH_KEY_VAL(table, index, key, item) {
      if (!first) out_.put(',');
      first = false;
      if (!key) {
        const auto h = static_cast<zend_long>(index);
        if (h >= nextFree) nextFree = h < ZEND_LONG_MAX ? h + 1 : ZEND_LONG_MAX;
        if (!list) {
          out_.put('"');
          appendLong(static_cast<zend_long>(index));
          out_.put("\":");
        }
      } else if (!writeKey(key)) {
        return false;
      }
      if (!value(item, depth)) return false;
    }
    ZEND_HASH_FOREACH_END();
    out_.put(list ? ']' : '}');
    // json_decode($text, true) makes a table with this next free index and its internal
    // pointer at the start; a table that says otherwise (elements removed, next() called) differs.
    if (table->nNextFreeElement != nextFree || table->nInternalPointer != 0) decodesAlike_ = false;
    return true;
  }

  // Whether json_decode($text, true) gives back exactly the array written (see EncodedArray).
  bool decodesAlike() const { return decodesAlike_ && (!hasDouble_ || (flags_ & PHP_JSON_PRESERVE_ZERO_FRACTION)); }
  long nesting() const { return nesting_; }

 private:
  // `"key":` of a string key (a table with one is no list).
  bool writeKey(zend_string* key) {
    const bool interned = ZSTR_IS_INTERNED(key);
    if (interned) {
      if (const KeyTexts::Text* known = keyTexts().find(key, flags_)) {
        if (known->numeric) decodesAlike_ = false;
        out_.putFixed(known->text, known->length);
        return true;
      }
    }
    zend_ulong index;
    const bool numeric = ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(key), ZSTR_LEN(key), index);
    if (numeric) decodesAlike_ = false;  // a numeric string key: json_decode would make it an integer key
    const std::size_t start = out_.size();
    if (!string(ZSTR_VAL(key), ZSTR_LEN(key))) return false;
    out_.put(':');
    if (interned) keyTexts().keep(key, flags_, numeric, out_.data() + start, out_.size() - start);
    return true;
  }

  bool value(zval* v, long depth) {
    switch (Z_TYPE_P(v)) {
      case IS_NULL:
        out_.put("null");
        return true;
      case IS_FALSE:
        out_.put("false");
        return true;
      case IS_TRUE:
        out_.put("true");
        return true;
      case IS_LONG:
        appendLong(Z_LVAL_P(v));
        return true;
      case IS_DOUBLE:
        hasDouble_ = true;  // without JSON_PRESERVE_ZERO_FRACTION 1.0 is written "1", read back as an integer
        return appendDouble(Z_DVAL_P(v));
      case IS_STRING:
        return string(Z_STRVAL_P(v), Z_STRLEN_P(v));
      case IS_ARRAY:
        return array(Z_ARRVAL_P(v), depth + 1);
      default:  // objects (JsonSerializable, enums, properties), references, indirect slots
        return false;
    }
  }

  void appendLong(zend_long n) {
    char digits[24];
    char* end = digits + sizeof(digits);
    char* p = end;
    zend_ulong u = n < 0 ? 0 - static_cast<zend_ulong>(n) : static_cast<zend_ulong>(n);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u);
    if (n < 0) *--p = '-';
    out_.put(p, end - p);
  }

  // As php_json_encode_double: zend_gcvt at serialize_precision, ".0" appended to a text without
  // a point with JSON_PRESERVE_ZERO_FRACTION; INF and NAN are PHP's error.
  bool appendDouble(double d) {
    if (!std::isfinite(d)) return false;
    char num[ZEND_DOUBLE_MAX_LENGTH];
    std::size_t length = 0;
    if (PG(serialize_precision) == -1) {
      length = shortestDouble(d, num);
    } else {
      zend_gcvt(d, static_cast<int>(PG(serialize_precision)), '.', 'e', num);
      length = std::strlen(num);
    }
    out_.put(num, length);
    if ((flags_ & PHP_JSON_PRESERVE_ZERO_FRACTION) && !std::memchr(num, '.', length) &&
        length < ZEND_DOUBLE_MAX_LENGTH - 2)
      out_.put(".0");
    return true;
  }

  // The shortest round-trip digits of a d that is a decimal of up to 15 significant digits with
  // at most 4 after the point (a meter's value times its SCALE: 10000.49, 523.3), without
  // std::to_chars (~400 of a value's ~690 instructions): m / 10^k == |d| exactly as doubles
  // (m and 10^k are exact, the division rounds correctly), so m's digits parse to d, and no
  // other decimal of 15 digits or fewer does (two of them differ by 1e-15 of their size at
  // least, more than the two units in the last place within which decimals read as one
  // double). False for any other d (zero included): then to_chars.
  static bool shortDecimal(double d, char* digits, std::size_t& count, int& decpt) {
    static constexpr double kPowers[] = {1, 10, 100, 1000, 10000};
    const double a = std::fabs(d);
    if (!(a >= 1e-4 && a < 1e15)) return false;
    for (int k = 0; k < 5; ++k) {
      const double scaled = a * kPowers[k];
      if (scaled >= 1e15) return false;
      const auto m = static_cast<std::uint64_t>(scaled + 0.5);
      if (m == 0 || static_cast<double>(m) / kPowers[k] != a) continue;
      char text[20];
      std::size_t n = 0;
      for (std::uint64_t v = m; v; v /= 10) text[n++] = static_cast<char>('0' + v % 10);
      decpt = static_cast<int>(n) - k;  // the point after this many of m's digits
      count = 0;
      while (n) digits[count++] = text[--n];
      while (count > 1 && digits[count - 1] == '0') --count;
      return true;
    }
    return false;
  }

  // zend_gcvt(d, -1 -> mode 0 with 17 digits, '.', 'e') for a finite d, from the shortest
  // round-trip digits (std::to_chars gives the same digits as zend_dtoa's mode 0): the decimal
  // point after `decpt` digits, E-style when decpt > 17 or < -3 ("1.0e+25", "1.5e-7").
  static std::size_t shortestDouble(double d, char* out) {
    char* o = out;
    char digits[20];
    std::size_t count = 0;
    int decpt = 0;
    if (!shortDecimal(d, digits, count, decpt)) {
      char sci[32];
      const auto r = std::to_chars(sci, sci + sizeof(sci), d, std::chars_format::scientific);
      const char* p = sci;
      if (*p == '-') *o++ = *p++;
      for (; p < r.ptr && *p != 'e'; ++p)
        if (*p != '.') digits[count++] = *p;
      int exponent = 0;  // "e+17", "e-05" (the text is not NUL-terminated)
      const bool negativeExponent = p + 1 < r.ptr && p[1] == '-';
      for (const char* q = p + 2; q < r.ptr; ++q) exponent = exponent * 10 + (*q - '0');
      if (negativeExponent) exponent = -exponent;
      while (count > 1 && digits[count - 1] == '0') --count;  // "0e+00" and integral texts
      decpt = exponent + 1;
      if (count == 1 && digits[0] == '0') decpt = 1;  // zend_dtoa's zero: "0", point after it
    } else if (d < 0) {
      *o++ = '-';
    }
    if ((decpt >= 0 && decpt > 17) || decpt < -3) {
      int e = decpt - 1;
      *o++ = digits[0];
      *o++ = '.';
      if (count == 1) {
        *o++ = '0';
      } else {
        std::memcpy(o, digits + 1, count - 1);
        o += count - 1;
      }
      *o++ = 'e';
      *o++ = e < 0 ? '-' : '+';
      if (e < 0) e = -e;
      char exp[8];
      int n = 0;
      do {
        exp[n++] = static_cast<char>('0' + e % 10);
        e /= 10;
      } while (e);
      while (n) *o++ = exp[--n];
    } else if (decpt < 0) {
      *o++ = '0';
      *o++ = '.';
      for (int i = decpt; i < 0; ++i) *o++ = '0';
      std::memcpy(o, digits, count);
      o += count;
    } else {
      std::size_t i = 0;
      for (; static_cast<int>(i) < decpt; ++i) *o++ = i < count ? digits[i] : '0';
      if (i < count) {
        if (decpt == 0) *o++ = '0';
        *o++ = '.';
        std::memcpy(o, digits + i, count - i);
        o += count - i;
      }
    }
    *o = '\0';
    return static_cast<std::size_t>(o - out);
  }

  // As php_json_escape_string for the flags taken; false for invalid UTF-8 (PHP's error, or
  // its substitution or omission, is PHP's to write).
  bool string(const char* text, std::size_t n) {
    static const char* hex = "0123456789abcdef";
    const auto* s = reinterpret_cast<const unsigned char*>(text);
    const bool unescapedUnicode = flags_ & PHP_JSON_UNESCAPED_UNICODE;
    const bool rawLineTerminators = unescapedUnicode && (flags_ & PHP_JSON_UNESCAPED_LINE_TERMINATORS);
    const bool rawSlash = flags_ & PHP_JSON_UNESCAPED_SLASHES;
    const bool* plain = rawSlash ? kPlainBytes.withSlash : kPlainBytes.withoutSlash;
    out_.put('"');
    std::size_t run = 0;  // start of the bytes not yet written
    for (std::size_t i = 0; i < n;) {
      i = skipPlain(s, i, n, plain, rawSlash);
      if (i == n) break;
      const unsigned c = s[i];
      out_.put(text + run, i - run);
      if (c >= 0x80) {
        unsigned cp = 0;
        const std::size_t length = utf8Sequence(s + i, n - i, cp);
        if (!length) return false;
        if (unescapedUnicode && (rawLineTerminators || cp < 0x2028 || cp > 0x2029)) {
          out_.put(text + i, length);
        } else {
          auto unit = [&](unsigned u) {
            const char e[6] = {'\\', 'u', hex[(u >> 12) & 15], hex[(u >> 8) & 15], hex[(u >> 4) & 15], hex[u & 15]};
            out_.put(e, 6);
          };
          if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 | (cp >> 10));
            unit(0xDC00 | (cp & 0x3FF));
          } else {
            unit(cp);
          }
        }
        i += length;
      } else {
        switch (c) {
          case '"':
            out_.put("\\\"");
            break;
          case '\\':
            out_.put("\\\\");
            break;
          case '/':
            out_.put("\\/");
            break;
          case '\b':
            out_.put("\\b");
            break;
          case '\f':
            out_.put("\\f");
            break;
          case '\n':
            out_.put("\\n");
            break;
          case '\r':
            out_.put("\\r");
            break;
          case '\t':
            out_.put("\\t");
            break;
          default: {
            const char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out_.put(e, 6);
          }
        }
        ++i;
      }
      run = i;
    }
    out_.put(text + run, n - run);
    out_.put('"');
    return true;
  }

  // The first byte at or after `i` that is not written as it is (n when none): 16 bytes at a
  // time while that many are left (a signed compare below 0x20 also catches bytes >= 0x80).
  static std::size_t skipPlain(const unsigned char* s, std::size_t i, std::size_t n, const bool* plain, bool rawSlash) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  slash = _mm_set1_epi8(rawSlash ? '"' : '/'), space = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                           _mm_or_si128(_mm_cmpeq_epi8(v, slash), _mm_cmplt_epi8(v, space)));
      const int mask = _mm_movemask_epi8(special);
      if (mask) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      i += 16;
    }
    while (i < n && plain[s[i]]) ++i;
    return i;
  }

  Output& out_;
  long flags_, maxDepth_;
  long nesting_ = 0;
  bool decodesAlike_ = true, hasDouble_ = false;
};

// The last arrays written whose text json_decode($text, true) reads back as exactly that array:
// no objects or references (the writer takes none), strings valid UTF-8, floats written with
// JSON_PRESERVE_ZERO_FRACTION (they read back as the same float: shortest round-trip digits),
// no numeric string keys, and every table as a fresh decode leaves it (next free index, internal
// pointer). A gateway encodes a packet and its child decodes that very text in the same
// request (SendDataToChildren): json_decode then hands out the array itself, which copy-on-write
// keeps unchanged for both (docs/performance.md, "Sixth step, the host"). A few are kept, as a
// module may encode other texts (buffer names) between the packet and the send.
// Kept for one request only (its values die with it); PHP's thread only.
class EncodedArrays {
 public:
  // `value`: the array json_encode() was given (its zval, so an immutable array stays one).
  void remember(zend_string* text, zval* value, long nesting) {
    Slot& slot = slots_[next_];
    next_ = (next_ + 1) % kSlots;
    forget(slot);
    slot.text = zend_string_copy(text);
    ZVAL_COPY(&slot.value, value);
    slot.nesting = nesting;
    slot.generation = PhpHost::get().generation();
  }
  // The array when `text` is byte for byte one written and `depth` lets json_decode read it (the
  // very string kept here needs no comparison: held, so unchanged).
  zval* find(const char* text, std::size_t length, zend_long depth) {
    const std::uint64_t generation = PhpHost::get().generation();
    // The generation first: a text of an earlier request went with its memory (reading its
    // length could fault).
    for (Slot& slot : slots_)
      if (slot.text && slot.generation == generation && ZSTR_LEN(slot.text) == length && slot.nesting < depth &&
          (ZSTR_VAL(slot.text) == text || std::memcmp(ZSTR_VAL(slot.text), text, length) == 0))
        return &slot.value;
    return nullptr;
  }

 private:
  struct Slot {
    zend_string* text = nullptr;
    zval value;
    long nesting = 0;
    std::uint64_t generation = 0;
  };
  static void forget(Slot& slot) {
    if (slot.text && slot.generation == PhpHost::get().generation()) {  // else freed with its request
      zend_string_release(slot.text);
      zval_ptr_dtor(&slot.value);
    }
    slot.text = nullptr;
    ZVAL_UNDEF(&slot.value);
  }
  static constexpr std::size_t kSlots = 4;
  Slot slots_[kSlots];
  std::size_t next_ = 0;
};

EncodedArrays& encodedArrays() {
  static EncodedArrays last;
  return last;
}

constexpr std::size_t kLargestRemembered = 64 * 1024;  // a larger array is not kept alive for a decode

// The text json_encode($value, $flags, $depth) gives, when this writer takes it.
bool fastEncode(zval* value, zend_long flags, zend_long depth, Output& out, bool* decodesAlike = nullptr,
                long* nesting = nullptr) {
  if (Z_TYPE_P(value) != IS_ARRAY) return false;  // scalars and objects: PHP's
  if ((flags & ~kTakenFlags) != 0 || depth <= 0 || depth > INT_MAX) return false;
  out.clear();
  keyTexts().startEncode();
  Writer writer(out, static_cast<long>(flags), static_cast<long>(depth));
  if (!writer.array(Z_ARRVAL_P(value), 1)) return false;
  if (decodesAlike) *decodesAlike = writer.decodesAlike();
  if (nesting) *nesting = writer.nesting();
  return true;
}

Output& buffer() {
  static Output text;  // PHP's thread only; keeps its capacity between calls
  return text;
}

ZEND_NAMED_FUNCTION(fastJsonEncode) {
  const uint32_t argc = ZEND_CALL_NUM_ARGS(execute_data);
  if (argc >= 1 && argc <= 3 && !(ZEND_CALL_INFO(execute_data) & ZEND_CALL_HAS_EXTRA_NAMED_PARAMS)) {
    zval* value = ZEND_CALL_ARG(execute_data, 1);
    zval* flags = argc >= 2 ? ZEND_CALL_ARG(execute_data, 2) : nullptr;
    zval* depth = argc >= 3 ? ZEND_CALL_ARG(execute_data, 3) : nullptr;
    if ((!flags || Z_TYPE_P(flags) == IS_LONG) && (!depth || Z_TYPE_P(depth) == IS_LONG)) {
      Output& out = buffer();
      bool decodesAlike = false;
      long nesting = 0;
      if (fastEncode(value, flags ? Z_LVAL_P(flags) : 0, depth ? Z_LVAL_P(depth) : PHP_JSON_PARSER_DEFAULT_DEPTH, out,
                     &decodesAlike, &nesting)) {
        JSON_G(error_code) = PHP_JSON_ERROR_NONE;
        zend_string* text = zend_string_init(out.data(), out.size(), 0);
        if (decodesAlike && out.size() <= kLargestRemembered) encodedArrays().remember(text, value, nesting);
        RETURN_NEW_STR(text);
      }
    }
  }
  phpJsonEncode(execute_data, return_value);
}

zend_internal_function* jsonEncodeFunction() {
  auto* f = static_cast<zend_function*>(zend_hash_str_find_ptr(CG(function_table), "json_encode", 11));
  return f && f->type == ZEND_INTERNAL_FUNCTION ? &f->internal_function : nullptr;
}

// Calls json_encode() as PHP code would, then var_export() and json_last_error().
std::string encodeAsPhp(zval* value, long flags, long depth) {
  zval args[3];
  ZVAL_COPY(&args[0], value);
  ZVAL_LONG(&args[1], flags);
  ZVAL_LONG(&args[2], depth);
  std::string out = describeJsonCall("json_encode", args, 3, "var_export", true);
  for (auto& a : args) zval_ptr_dtor(&a);
  return out;
}

}  // namespace

std::size_t taken = 0;  // PHP's thread only

bool takeEncodedArray(const char* text, std::size_t length, long depth, zval* out) {
  zval* array = encodedArrays().find(text, length, depth);
  if (!array) return false;
  ZVAL_COPY(out, array);
  ++taken;
  return true;
}

std::size_t encodedArraysTaken() { return taken; }

bool installFastJsonEncode() {
  zend_internal_function* f = jsonEncodeFunction();
  if (!f) return false;
  if (f->handler != fastJsonEncode) {
    phpJsonEncode = f->handler;
    f->handler = fastJsonEncode;
  }
  return true;
}

std::pair<std::string, std::string> compareJsonEncode(zval* value, long flags, long depth) {
  zend_internal_function* f = jsonEncodeFunction();
  if (!f || !phpJsonEncode) return {"(not installed)", ""};
  std::string fast = encodeAsPhp(value, flags, depth);
  f->handler = phpJsonEncode;
  std::string own = encodeAsPhp(value, flags, depth);
  f->handler = fastJsonEncode;
  return {fast, own};
}

bool fastJsonEncodeTakes(zval* value, long flags, long depth) {
  Output out;
  return fastEncode(value, flags, depth, out);
}

}  // namespace symemu::php

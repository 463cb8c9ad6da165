#include "symemu/kernel/json_value.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <tmmintrin.h>
#define SYMEMU_JSON_SPREAD 1    // SSSE3's byte shuffle, chosen at run time
#define SYMEMU_JSON_COMPRESS 1  // AVX-512 VBMI2's byte compress, chosen at run time
#endif

namespace symemu {

Poco::Dynamic::Var toVar(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v);
    case 1:
      return static_cast<Poco::Int64>(std::get<std::int64_t>(v));
    case 2:
      return std::get<double>(v);
    default:
      return std::get<std::string>(v);
  }
}

Value anyFromVar(const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return std::string();
  if (v.isBoolean()) return v.extract<bool>();
  if (v.isInteger()) return static_cast<std::int64_t>(v.convert<Poco::Int64>());
  if (v.isNumeric()) return v.convert<double>();
  return v.convert<std::string>();
}

Value fromVar(const Poco::Dynamic::Var& v, VariableType type, const std::string& what) {
  auto mismatch = [&]() { return KernelError(what + " is not of type " + typeName(type)); };
  switch (type) {
    case VariableType::Boolean:
      if (v.isBoolean()) return v.extract<bool>();
      if (v.isInteger()) {
        auto i = v.convert<Poco::Int64>();
        if (i == 0 || i == 1) return i == 1;
      }
      throw mismatch();
    case VariableType::Integer:
      if (v.isInteger() && !v.isBoolean()) return static_cast<std::int64_t>(v.convert<Poco::Int64>());
      if (v.isNumeric() && !v.isBoolean()) {
        double d = v.convert<double>();
        if (std::floor(d) == d && std::fabs(d) < 9.2e18) return static_cast<std::int64_t>(d);
      }
      throw mismatch();
    case VariableType::Float:
      if (v.isNumeric() && !v.isBoolean()) return v.convert<double>();
      throw mismatch();
    case VariableType::String:
      if (v.isString()) return v.convert<std::string>();
      throw mismatch();
  }
  throw mismatch();
}

std::string jsonQuote(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8 + 2 + 16);  // appendJsonQuoted may store a block past the end
  appendJsonQuoted(out, s);
  return out;
}

namespace {
// Output bytes beyond the first for each input byte: 1 for a two-character escape, 5 for \u00XX,
// and 1 for bytes >= 0x80 when they are mapped to U+0080..U+00FF in UTF-8.
struct EscapeTable {
  unsigned char extra[256] = {};
  constexpr explicit EscapeTable(bool mapHighBytes) {
    for (int c = 0; c < 0x20; ++c) extra[c] = 5;
    for (unsigned char c : {'"', '\\', '\n', '\r', '\t', '\b', '\f'}) extra[c] = 1;
    if (mapHighBytes)
      for (int c = 0x80; c < 0x100; ++c) extra[c] = 1;
  }
};
constexpr EscapeTable kPlain(false), kMapped(true);  // constant-initialised: usable from static init
}  // namespace

namespace {
const char kHex[] = "0123456789abcdef";

// Writes the escape of one byte that needs one (table.extra[c] != 0); returns the new end.
[[gnu::noinline]] char* writeEscape(char* w, unsigned char c, const EscapeTable& table) {
  if (c >= 0x80) {  // only when mapping high bytes
    *w++ = static_cast<char>(0xC0 | (c >> 6));
    *w++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (table.extra[c] == 5) {
    *w++ = '\\';
    *w++ = 'u';
    *w++ = '0';
    *w++ = '0';
    *w++ = kHex[c >> 4];
    *w++ = kHex[c & 0xF];
  } else {
    *w++ = '\\';
    switch (c) {
      case '\n':
        *w++ = 'n';
        break;
      case '\r':
        *w++ = 'r';
        break;
      case '\t':
        *w++ = 't';
        break;
      case '\b':
        *w++ = 'b';
        break;
      case '\f':
        *w++ = 'f';
        break;
      default:
        *w++ = static_cast<char>(c);  // '"' and '\\'
    }
  }
  return w;
}

// Byte by byte: the reference (test_fast_paths.cpp) and the tail of the block-wise writer.
char* writeEscapedBytes(char* w, const unsigned char* p, const unsigned char* end, const EscapeTable& table) {
  for (; p < end; ++p) {
    if (table.extra[*p] == 0) {
      *w++ = static_cast<char>(*p);
    } else if (*p == '"' || *p == '\\') {
      w[0] = '\\';
      w[1] = static_cast<char>(*p);
      w += 2;
    } else {
      w = writeEscape(w, *p, table);
    }
  }
  return w;
}

#ifdef __SSE2__
constexpr std::size_t kBlock = 16;

// The bytes of a 16-byte block that need an escape, one bit each: '"', '\\', below 0x20, and
// (when mapping) from 0x80.
inline unsigned escapeMask(__m128i v, bool mapHighBytes) {
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))));
  if (mapHighBytes) mask |= static_cast<unsigned>(_mm_movemask_epi8(v));
  return mask;
}

// One block, escapes written one by one: the block is stored whole and each byte that needs an
// escape is written over it, followed by a fresh copy of the bytes after it.
inline char* writeBlockByEscapes(char* w, const unsigned char* p, unsigned mask, const EscapeTable& table) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  std::size_t done = 0;  // bytes of this block written
  while (mask) {
    const auto at = static_cast<std::size_t>(__builtin_ctz(mask));
    mask &= mask - 1;
    w += at - done;
    const unsigned char c = p[at];
    if (c == '"' || c == '\\') {  // by far the most common in packet texts
      w[0] = '\\';
      w[1] = static_cast<char>(c);
      w += 2;
    } else {
      w = writeEscape(w, c, table);
    }
    done = at + 1;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + done)));
  }
  return w + (kBlock - done);
}

#ifdef SYMEMU_JSON_SPREAD
// For 8 bytes whose quotes and backslashes are marked by `mask` (bit i: byte i), the byte
// shuffle that spreads them to their places with a gap before each marked byte (index 0x80:
// the gap, filled with a backslash), and how many bytes that makes.
struct SpreadTable {
  unsigned char shuffle[256][16] = {};
  unsigned char length[256] = {};
  constexpr SpreadTable() {
    for (int mask = 0; mask < 256; ++mask) {
      int out = 0;
      for (int i = 0; i < 8; ++i) {
        if (mask & (1 << i)) shuffle[mask][out++] = 0x80;
        shuffle[mask][out++] = static_cast<unsigned char>(i);
      }
      length[mask] = static_cast<unsigned char>(out);
      for (; out < 16; ++out) shuffle[mask][out] = 0x80;
    }
  }
};
constexpr SpreadTable kSpread;

// Blocks with quotes and backslashes only (most of a JSON payload): each half spread by one
// shuffle, the gaps filled with backslashes, 16 bytes stored (the output has room). Other
// blocks as writeBlockByEscapes. Returns past the last block written; `p` moves along.
__attribute__((target("ssse3"))) char* writeBlocksSpread(char* w, const unsigned char*& p, const unsigned char* end,
                                                         const EscapeTable& table, bool mapHighBytes) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i below = _mm_set1_epi8(0x1F);
  const __m128i gap = _mm_set1_epi8(static_cast<char>(0x80));
  while (p + 2 * kBlock <= end) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned quotes =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
    unsigned others = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, below), below)));
    if (mapHighBytes) others |= static_cast<unsigned>(_mm_movemask_epi8(v));
    if (others) {
      w = writeBlockByEscapes(w, p, quotes | others, table);
    } else if (quotes == 0) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
      w += kBlock;
    } else {
      for (int half = 0; half < 2; ++half) {
        const unsigned m = (quotes >> (8 * half)) & 0xFF;
        const __m128i bytes = half ? _mm_srli_si128(v, 8) : v;
        const __m128i control = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSpread.shuffle[m]));
        const __m128i spread = _mm_shuffle_epi8(bytes, control);
        // Gaps (control 0x80, shuffled to 0) get a backslash; the tail past the length is overwritten later.
        const __m128i filled = _mm_or_si128(spread, _mm_and_si128(_mm_cmpeq_epi8(control, gap), backslash));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), filled);
        w += kSpread.length[m];
      }
    }
    p += kBlock;
  }
  return w;
}

bool hasSpread() {
  static const bool has = __builtin_cpu_supports("ssse3");
  return has;
}
#endif

#ifdef SYMEMU_JSON_COMPRESS
// 32 bytes a step: each byte becomes the pair (backslash, byte) of a 64-byte vector, and one
// vpcompressb keeps the backslash only before quotes and backslashes; 64 bytes are stored (the
// rest is overwritten later: at least 32 input bytes remain, so at least 64 output bytes
// follow). A block with another escape goes through writeBlockByEscapes, 16 bytes at a time.
// Runs while 64 input bytes remain (writeBlockByEscapes reads a block past an escape).
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi2,popcnt"))) char* writeBlocksCompress(
    char* w, const unsigned char*& p, const unsigned char* end, const EscapeTable& table, bool mapHighBytes) {
  const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
  const __m256i below = _mm256_set1_epi8(0x1F);
  const __m512i backslashes = _mm512_set1_epi16('\\');  // the low byte of each pair
  constexpr std::uint64_t kBytes = 0xAAAAAAAAAAAAAAAAull, kBackslashes = 0x5555555555555555ull;
  while (p + 2 * 32 <= end) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const auto quotes = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash))));
    auto others = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_max_epu8(v, below), below)));
    if (mapHighBytes) others |= static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
    if (others) {
      w = writeBlockByEscapes(w, p, (quotes | others) & 0xFFFF, table);
      w = writeBlockByEscapes(w, p + 16, (quotes | others) >> 16, table);
    } else {
      const __m512i pairs = _mm512_or_si512(_mm512_slli_epi16(_mm512_cvtepu8_epi16(v), 8), backslashes);
      const __mmask64 keep = _pdep_u64(quotes, kBackslashes) | kBytes;
      _mm512_storeu_si512(w, _mm512_maskz_compress_epi8(keep, pairs));
      w += 32 + __builtin_popcount(quotes);
    }
    p += 32;
  }
  return w;
}

bool hasCompress() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2");
  return has;
}
#endif
#endif

int escapeWidthLimit = 2;  // tests only (limitJsonEscapeWidth)

// Writes the escaped bytes of [p, end) at w, the widest way the CPU allows; returns the new end.
// `w` must have room for escapes and a 64-byte store past the end (escapedRoom).
char* writeEscaped(char* w, const unsigned char* p, const unsigned char* const end, const EscapeTable& table,
                   bool mapHighBytes) {
#ifdef __SSE2__
  // A block is read again from just after an escaped byte: only while 2 blocks remain.
#ifdef SYMEMU_JSON_COMPRESS
  if (escapeWidthLimit >= 2 && hasCompress()) w = writeBlocksCompress(w, p, end, table, mapHighBytes);
#endif
#ifdef SYMEMU_JSON_SPREAD
  if (escapeWidthLimit >= 1 && hasSpread()) w = writeBlocksSpread(w, p, end, table, mapHighBytes);
#endif
  while (p + 2 * kBlock <= end) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    w = writeBlockByEscapes(w, p, escapeMask(v, mapHighBytes), table);
    p += kBlock;
  }
#endif
  return writeEscapedBytes(w, p, end, table);
}

// The most bytes escaping `n` bytes writes (\u00XX: six for one), and a store's spare bytes.
constexpr std::size_t escapedRoom(std::size_t n) { return 6 * n + 64; }
// Texts up to this size are escaped in one pass into a buffer of the thread's, then appended;
// longer ones are sized first (their room could be megabytes).
constexpr std::size_t kOnePassLimit = 16 * 1024;
}  // namespace

int limitJsonEscapeWidth(int width) {
  const int was = escapeWidthLimit;
  escapeWidthLimit = width;
  return was;
}

// Sized first, then written: packet texts are kilobytes of JSON full of quotes. Both passes go
// 16 bytes at a time; a block is copied whole and each byte that needs an escape is written
// over it, followed by a fresh copy of the bytes after it (the output has 16 bytes to spare).
// The guard test ("[json]" in tests/bench/test_fast_paths.cpp) compares it byte by byte.
void appendJsonQuoted(std::string& out, std::string_view s, bool mapHighBytes) {
  const EscapeTable& table = mapHighBytes ? kMapped : kPlain;
  // Short texts with nothing to escape (names, idents, units: most fields of a meter packet)
  // are appended whole, quotes included, in one append.
  constexpr std::size_t kShort = 32;
  if (s.size() <= kShort) {
    char quoted[kShort + 2];
    bool plain = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      plain &= table.extra[c] == 0;
      quoted[i + 1] = static_cast<char>(c);
    }
    if (plain) {
      quoted[0] = '"';
      quoted[s.size() + 1] = '"';
      out.append(quoted, s.size() + 2);
      return;
    }
  }
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  if (s.size() <= kOnePassLimit) {
    // One pass into this thread's buffer, which stays in the cache, then one copy: sizing the
    // text first and zero-filling the string's new bytes cost more (a packet's payload is
    // kilobytes full of quotes).
    thread_local std::string buffer;  // grows to the longest text's room (at most ~100 KB)
    if (buffer.size() < escapedRoom(s.size()) + 2) buffer.resize(escapedRoom(s.size()) + 2);
    char* const first = &buffer[0];
    char* w = first;
    *w++ = '"';
    w = writeEscaped(w, p, end, table, mapHighBytes);
    *w++ = '"';
    out.append(first, static_cast<std::size_t>(w - first));
    return;
  }
  std::size_t extra = 0;
#ifdef __SSE2__
  // Blocks whose every escape is one byte more (quote, backslash, high byte) are counted by
  // their mask; a block with a control byte by the table.
  // The one-byte escapes are summed per lane (0xFF per hit is -1), folded every 255 blocks.
  const __m128i zero = _mm_setzero_si128();
  __m128i lanes = zero;
  int folded = 0;
  for (const unsigned char* b = p; b + kBlock <= end; b += kBlock) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    if (_mm_movemask_epi8(control)) {
      for (std::size_t i = 0; i < kBlock; ++i) extra += table.extra[b[i]];
      continue;
    }
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    if (mapHighBytes) hit = _mm_or_si128(hit, _mm_cmplt_epi8(v, zero));  // bytes from 0x80
    lanes = _mm_sub_epi8(lanes, hit);
    if (++folded == 255) {
      const __m128i sums = _mm_sad_epu8(lanes, zero);
      extra += static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
      lanes = zero;
      folded = 0;
    }
  }
  const __m128i sums = _mm_sad_epu8(lanes, zero);
  extra += static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  for (const unsigned char* b = p + (s.size() / kBlock) * kBlock; b < end; ++b) extra += table.extra[*b];
#else
  for (const unsigned char* b = p; b < end; ++b) extra += table.extra[*b];
#endif
  const std::size_t start = out.size();
  const std::size_t size = s.size() + extra + 2;
#ifdef __SSE2__
  // Room for a block stored at the last position, when the text is long enough for blocks.
  out.resize(start + size + (s.size() >= 2 * kBlock ? kBlock : 0));
#else
  out.resize(start + size);
#endif
  char* w = &out[start];
  *w++ = '"';
  if (extra == 0) {
    std::memcpy(w, s.data(), s.size());
    w += s.size();
  } else {
    w = writeEscaped(w, p, end, table, mapHighBytes);
  }
  *w = '"';
  out.resize(start + size);
}

static std::string scalarJson(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v) ? "true" : "false";
    case 1:
      return std::to_string(std::get<std::int64_t>(v));
    case 2: {
      double d = std::get<double>(v);
      if (!std::isfinite(d)) return "null";
      std::string s = valueToString(v);
      return s;
    }
    default:
      return jsonQuote(std::get<std::string>(v));
  }
}

std::string toJsonText(const std::vector<std::pair<std::string, Value>>& fields) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    if (!first) out.push_back(',');
    first = false;
    out += jsonQuote(k);
    out.push_back(':');
    out += scalarJson(v);
  }
  out.push_back('}');
  return out;
}

std::map<std::string, Value> parseJsonObjectValues(const std::string& json, const std::string& what) {
  std::map<std::string, Value> out;
  Poco::JSON::Object::Ptr obj;
  try {
    Poco::JSON::Parser parser;
    obj = parser.parse(json.empty() ? "{}" : json).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw KernelError(what + " is not valid JSON: " + e.displayText());
  } catch (const std::exception&) {
    throw KernelError(what + " is not a JSON object");
  }
  if (!obj) throw KernelError(what + " is not a JSON object");
  for (const auto& [k, v] : *obj) {
    if (v.isArray() || v.type() == typeid(Poco::JSON::Object::Ptr)) {
      std::ostringstream ss;
      Poco::JSON::Stringifier::stringify(v, ss);
      out[k] = ss.str();  // complex settings are JSON strings in Symcon
    } else {
      out[k] = anyFromVar(v);
    }
  }
  return out;
}

}  // namespace symemu

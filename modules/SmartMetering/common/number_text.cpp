#include "symemu/smartmetering/common/number_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

namespace symemu::smartmetering {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Grammar check so from_chars never sees "inf"/"nan" or hex, and so "1e" or
// "-" are refused: [+-]? digits* (. digits*)? ([eE] [+-]? digits+)? with at
// least one mantissa digit.
bool isDecimalSyntax(std::string_view s, bool& plainInteger) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t mantissaDigits = 0;
  while (i < s.size() && isDigit(s[i])) ++i, ++mantissaDigits;
  plainInteger = (i == s.size() && mantissaDigits > 0);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isDigit(s[i])) ++i, ++mantissaDigits;
  }
  if (mantissaDigits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t expDigits = 0;
    while (i < s.size() && isDigit(s[i])) ++i, ++expDigits;
    if (expDigits == 0) return false;
  }
  return i == s.size();
}

bool looksNonFinite(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  auto equalsNoCase = [&](std::string_view word) {
    if (s.size() != word.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  return equalsNoCase("nan") || equalsNoCase("inf") || equalsNoCase("infinity");
}

// Exact doubles for 10^-15 .. 10^15 (literals are correctly rounded).
constexpr std::array<double, 31> kPow10 = {1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5,
                                           1e-4,  1e-3,  1e-2,  1e-1,  1e0,   1e1,   1e2,  1e3,  1e4,  1e5,  1e6,
                                           1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13, 1e14, 1e15};
constexpr int kPow10Offset = 15;

}  // namespace

ParsedNumber parseNumber(std::string_view text) {
  ParsedNumber out;
  // Plain digits (most numbers in reports: "0", "57", "1000123") without the grammar check and
  // from_chars: up to 18 digits always fit an int64, and give what the general reading gives.
  // So do short decimals ("0.1", "230.5"): with at most 15 digits the digits are an exact
  // double and so is the power of ten, and their quotient is the correctly rounded value
  // from_chars gives.
  if (!text.empty() && text.size() <= 18) {
    std::int64_t whole = 0;
    std::size_t i = 0;
    while (i < text.size() && isDigit(text[i])) whole = whole * 10 + (text[i++] - '0');
    if (i == text.size()) {
      out.status = NumberStatus::Ok;
      out.integer = whole;
      out.value = static_cast<double>(whole);
      return out;
    }
    const std::size_t dot = i;
    if (dot > 0 && text[dot] == '.' && text.size() <= 16 && dot + 1 < text.size()) {
      for (i = dot + 1; i < text.size() && isDigit(text[i]); ++i) whole = whole * 10 + (text[i] - '0');
      if (i == text.size()) {
        out.status = NumberStatus::Ok;
        out.value = static_cast<double>(whole) / kPow10[kPow10Offset + static_cast<int>(text.size() - dot - 1)];
        return out;
      }
    }
  }
  std::string_view s = trim(text);
  if (looksNonFinite(s)) {
    out.status = NumberStatus::NotFinite;
    return out;
  }
  bool plainInteger = false;
  if (!isDecimalSyntax(s, plainInteger)) return out;  // NotANumber
  if (s.front() == '+') s.remove_prefix(1);           // from_chars refuses '+'
  const char* first = s.data();
  const char* last = s.data() + s.size();

  if (plainInteger) {
    std::int64_t i = 0;
    auto r = std::from_chars(first, last, i);
    if (r.ec == std::errc() && r.ptr == last) {
      out.status = NumberStatus::Ok;
      out.integer = i;
      out.value = static_cast<double>(i);
      return out;
    }
    // Too long for int64: still a fine double, read below.
  }
  double d = 0.0;
  auto r = std::from_chars(first, last, d, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    out.status = NumberStatus::OutOfRange;
    return out;
  }
  if (r.ec != std::errc() || r.ptr != last) return out;
  if (!std::isfinite(d)) {
    out.status = NumberStatus::OutOfRange;
    return out;
  }
  out.status = NumberStatus::Ok;
  out.value = d;
  return out;
}

namespace {

// Whole values below 10^15 (meter counters, time stamps) written as to_chars writes them,
// without its shortest-digits search: the integer's digits, unless the exponent form is
// shorter (to_chars takes the shorter of the two, the fixed one on a tie: 10000000 is "1e+07").
// Returns the end of the text, or nullptr for every other value.
char* formatWhole(double value, char* out) {
  if (!(value > -1e15 && value < 1e15) || value != std::trunc(value) || (value == 0 && std::signbit(value)))
    return nullptr;
  const auto whole = static_cast<std::int64_t>(value);
  const std::uint64_t magnitude = whole < 0 ? 0 - static_cast<std::uint64_t>(whole) : static_cast<std::uint64_t>(whole);
  int digits = 1, trailingZeros = 0;
  for (std::uint64_t m = magnitude; m >= 10; m /= 10) ++digits;
  for (std::uint64_t m = magnitude; m != 0 && m % 10 == 0; m /= 10) ++trailingZeros;
  const int significant = digits - trailingZeros;
  const int exponentForm = significant + (significant > 1 ? 1 : 0) + 4;  // "d.ddde+XX"; exponent < 100
  if (digits > exponentForm) return nullptr;
  return std::to_chars(out, out + 24, whole).ptr;
}

}  // namespace

// Values with one to three decimals below 10^9 in magnitude (readings x SCALE: "230.1"), as
// to_chars writes them: the fewest decimals whose text reads back as the value. Below 10^9 the
// doubles lie closer together than 10^-7, so no other text with as many decimals reads back as
// it, and the fixed form is shorter than the exponent form. nullptr for every other value.
char* formatDecimals(double value, char* out) {
  const double magnitude = std::fabs(value);
  if (!(magnitude > 0 && magnitude < 1e9)) return nullptr;
  std::int64_t scaled = 0;
  int decimals = 1;
  for (;; ++decimals) {
    if (decimals > 3) return nullptr;
    scaled = std::llround(magnitude * kPow10[kPow10Offset + decimals]);
    if (static_cast<double>(scaled) / kPow10[kPow10Offset + decimals] == magnitude) break;
  }
  if (scaled % 10 == 0) return nullptr;  // fewer decimals would do: formatWhole's or another's case
  char digits[24];
  const int length = static_cast<int>(std::to_chars(digits, digits + sizeof digits, scaled).ptr - digits);
  if (value < 0) *out++ = '-';
  if (length <= decimals) {  // 0.xyz
    *out++ = '0';
    *out++ = '.';
    for (int i = length; i < decimals; ++i) *out++ = '0';
    std::memcpy(out, digits, static_cast<std::size_t>(length));
    return out + length;
  }
  std::memcpy(out, digits, static_cast<std::size_t>(length - decimals));
  out += length - decimals;
  *out++ = '.';
  std::memcpy(out, digits + length - decimals, static_cast<std::size_t>(decimals));
  return out + decimals;
}

char* formatNumberTo(double value, char* out) {
  if (char* end = formatWhole(value, out)) return end;
  if (char* end = formatDecimals(value, out)) return end;
  return std::to_chars(out, out + kNumberTextSize, value).ptr;
}

std::string formatNumber(double value) {
  std::array<char, kNumberTextSize> buf{};
  return std::string(buf.data(), formatNumberTo(value, buf.data()));
}

double applyScale(double raw, double scale) {
  for (int k = -kPow10Offset; k <= kPow10Offset; ++k) {
    if (kPow10[k + kPow10Offset] != scale) continue;
    if (k >= 0) return raw * scale;
    return raw / kPow10[-k + kPow10Offset];
  }
  return raw * scale;
}

int decimalsOfScale(double scale) {
  constexpr int kMaxDecimals = 10;
  if (!(scale > 0.0) || !std::isfinite(scale) || scale >= 1.0) return 0;
  // The usual scales are the doubles nearest 10^-k, whose shortest text is "0.0…1": k decimals
  // (test_fast_paths.cpp "[report]" compares every one with the text written below).
  for (int k = 1; k <= kMaxDecimals; ++k)
    if (scale == kPow10[kPow10Offset - k]) return k;
  std::array<char, 64> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), scale, std::chars_format::fixed);
  std::string_view text(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return 0;
  int decimals = static_cast<int>(text.size() - dot - 1);
  return decimals > kMaxDecimals ? kMaxDecimals : decimals;
}

}  // namespace symemu::smartmetering

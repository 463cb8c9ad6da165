// Strict, locale-independent number reading and writing for report values.
// The logger may send any value as a JSON number or as a string; both end up here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace symemu::smartmetering {

enum class NumberStatus {
  Ok,
  NotANumber,  // empty, letters, "1,5", "0x10", ...
  NotFinite,   // "NaN", "inf", "Infinity" (any case, any sign)
  OutOfRange,  // does not fit a double (e.g. "1e999", "1e-400")
};

struct ParsedNumber {
  NumberStatus status = NumberStatus::NotANumber;
  double value = 0.0;
  // Set when the text is a plain integer that fits int64 exactly.
  std::optional<std::int64_t> integer;

  bool ok() const { return status == NumberStatus::Ok; }
};

// Reads a decimal number: optional sign ('+' or '-'), digits, optional
// fraction and exponent. Surrounding ASCII blanks are ignored.
ParsedNumber parseNumber(std::string_view text);

// Shortest text that reads back as the same double ("0.1", "12345670", "1e+300").
std::string formatNumber(double value);
// The same text written to `out` (room for kNumberTextSize chars); returns its end.
inline constexpr std::size_t kNumberTextSize = 32;
char* formatNumberTo(double value, char* out);

// VAL x SCALE. A power-of-ten scale is applied by multiplying or dividing by an
// exact power of ten, so 8423 x 0.1 gives the double nearest to 842.3.
double applyScale(double raw, double scale);

// Decimal places a SCALE introduces: 0.001 -> 3, 0.1 -> 1, 0.25 -> 2, >= 1 -> 0.
// Capped at 10.
int decimalsOfScale(double scale);

}  // namespace symemu::smartmetering

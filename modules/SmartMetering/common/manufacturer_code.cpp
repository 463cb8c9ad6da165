#include "symemu/smartmetering/common/manufacturer_code.h"

#include <array>

namespace symemu::smartmetering {
namespace {

bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

struct NameRow {
  std::string_view code;
  std::string_view name;
};

// Names as in wmbusmeters src/manufacturers.h.
constexpr std::array<NameRow, 7> kNames = {{
    {"WEP", "Weptech elektronik"},
    {"BMT", "BMETERS"},
    {"QDS", "Qundis"},
    {"SON", "Sontex"},
    {"SLV", "Solvimus"},
    {"KAM", "Kamstrup"},
    {"EFE", "Engelmann Sensor"},
}};

}  // namespace

bool isValidManufacturerCode(std::string_view code) {
  return code.size() == 3 && isUpper(code[0]) && isUpper(code[1]) && isUpper(code[2]);
}

bool isValidManufacturerId(std::uint16_t id) {
  if (id & 0x8000) return false;
  for (int shift : {10, 5, 0}) {
    const int letter = (id >> shift) & 0x1F;
    if (letter < 1 || letter > 26) return false;
  }
  return true;
}

std::optional<std::uint16_t> encodeManufacturer(std::string_view code) {
  if (!isValidManufacturerCode(code)) return std::nullopt;
  return static_cast<std::uint16_t>(((code[0] - 64) << 10) | ((code[1] - 64) << 5) | (code[2] - 64));
}

std::optional<std::string> decodeManufacturer(std::uint16_t id) {
  if (!isValidManufacturerId(id)) return std::nullopt;
  std::string code(3, ' ');
  code[0] = static_cast<char>(((id >> 10) & 0x1F) + 64);
  code[1] = static_cast<char>(((id >> 5) & 0x1F) + 64);
  code[2] = static_cast<char>((id & 0x1F) + 64);
  return code;
}

std::string_view manufacturerName(std::string_view code) {
  for (const NameRow& row : kNames)
    if (row.code == code) return row.name;
  return {};
}

}  // namespace symemu::smartmetering

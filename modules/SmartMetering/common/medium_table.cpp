#include "symemu/smartmetering/common/medium_table.h"

#include <array>
#include <cctype>

namespace symemu::smartmetering {
namespace {

struct MediumRow {
  int code;
  std::string_view text;
};

// [D] where seen in the Stark screenshot or solvimus XML (Electricity, Gas,
// Heat (outlet), Warm water, Water, Heat cost allocator, Smoke detector,
// Room sensor); the rest is our sentence-case rendering of EN 13757-3 [A].
constexpr std::array<MediumRow, 39> kMedia = {{
    {0x00, "Other"},
    {0x01, "Oil"},
    {0x02, "Electricity"},
    {0x03, "Gas"},
    {0x04, "Heat (outlet)"},
    {0x05, "Steam"},
    {0x06, "Warm water"},
    {0x07, "Water"},
    {0x08, "Heat cost allocator"},
    {0x09, "Compressed air"},
    {0x0A, "Cooling (outlet)"},
    {0x0B, "Cooling (inlet)"},
    {0x0C, "Heat (inlet)"},
    {0x0D, "Heat / Cooling"},
    {0x0E, "Bus/System"},
    {0x0F, "Unknown"},
    {0x10, "Irrigation water"},
    {0x11, "Water data logger"},
    {0x12, "Gas data logger"},
    {0x13, "Gas converter"},
    {0x14, "Calorific value"},
    {0x15, "Hot water"},
    {0x16, "Cold water"},
    {0x17, "Dual water"},
    {0x18, "Pressure"},
    {0x19, "A/D converter"},
    {0x1A, "Smoke detector"},
    {0x1B, "Room sensor"},
    {0x1C, "Gas detector"},
    {0x20, "Breaker"},
    {0x21, "Valve"},
    {0x25, "Customer unit"},
    {0x28, "Waste water"},
    {0x29, "Garbage"},
    {0x30, "Service tool"},
    {0x31, "Gateway"},
    {0x32, "Unidirectional repeater"},
    {0x33, "Bidirectional repeater"},
    {0x38, "Bus control unit"},
}};

const MediumRow* findCode(int code) {
  for (const MediumRow& row : kMedia)
    if (row.code == code) return &row;
  return nullptr;
}

bool equalsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

std::string_view mediumText(int code) {
  const MediumRow* row = findCode(code);
  return row ? row->text : findCode(0x0F)->text;
}

bool isKnownMediumCode(int code) { return findCode(code) != nullptr; }

std::optional<int> mediumCode(std::string_view text) {
  for (const MediumRow& row : kMedia)
    if (equalsNoCase(row.text, text)) return row.code;
  return std::nullopt;
}

}  // namespace symemu::smartmetering

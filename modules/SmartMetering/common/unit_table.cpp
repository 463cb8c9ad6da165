#include "symemu/smartmetering/common/unit_table.h"

#include <array>
#include <cstdint>
#include <stdexcept>

#include "symemu/kernel/short_text.h"

namespace symemu::smartmetering {
namespace {

using UnitRow = UnitEntry;

// Spellings seen in solvimus reports [D], libmbus [D], and our own [A] ("%").
constexpr std::array<UnitRow, 40> kUnits = {{
    {"None", "", "", UnitKind::Dimensionless},
    {"", "", "", UnitKind::Dimensionless},
    {"UTC", "", "", UnitKind::UnixTime},
    {"Bin", "", "", UnitKind::BitField},
    {"Wh", " Wh", "Wh", UnitKind::Measure},
    {"kWh", " kWh", "kWh", UnitKind::Measure},
    {"MWh", " MWh", "MWh", UnitKind::Measure},
    {"J", " J", "J", UnitKind::Measure},
    {"kJ", " kJ", "kJ", UnitKind::Measure},
    {"MJ", " MJ", "MJ", UnitKind::Measure},
    {"GJ", " GJ", "GJ", UnitKind::Measure},
    {"m^3", " m³", "m3", UnitKind::Measure},
    {"m³", " m³", "m3", UnitKind::Measure},
    {"l", " l", "l", UnitKind::Measure},
    {"m^3/h", " m³/h", "m3_h", UnitKind::Measure},
    {"m³/h", " m³/h", "m3_h", UnitKind::Measure},
    {"m^3/min", " m³/min", "m3_min", UnitKind::Measure},
    {"m^3/s", " m³/s", "m3_s", UnitKind::Measure},
    {"l/h", " l/h", "l_h", UnitKind::Measure},
    {"kg", " kg", "kg", UnitKind::Measure},
    {"kg/h", " kg/h", "kg_h", UnitKind::Measure},
    {"W", " W", "W", UnitKind::Measure},
    {"kW", " kW", "kW", UnitKind::Measure},
    {"J/h", " J/h", "J_h", UnitKind::Measure},
    {"Degree C", " °C", "Degree_C", UnitKind::Measure},
    {"°C", " °C", "Degree_C", UnitKind::Measure},
    {"deg C", " °C", "Degree_C", UnitKind::Measure},
    {"K", " K", "K", UnitKind::Measure},
    {"bar", " bar", "bar", UnitKind::Measure},
    {"V", " V", "V", UnitKind::Measure},
    {"A", " A", "A", UnitKind::Measure},
    {"Hz", " Hz", "Hz", UnitKind::Measure},
    {"h", " h", "h", UnitKind::Measure},
    {"min", " min", "min", UnitKind::Measure},
    {"s", " s", "s", UnitKind::Measure},
    {"d", " d", "d", UnitKind::Measure},
    {"dBm", " dBm", "dBm", UnitKind::Measure},
    {"%", " %", "Percent", UnitKind::Measure},
    {"%RH", " %", "Percent_RH", UnitKind::Measure},
    {"var", " var", "var", UnitKind::Measure},
}};

bool isKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

void appendSeparator(std::string& out) {
  if (!out.empty() && out.back() != '_') out.push_back('_');
}

}  // namespace

std::string unitProfileKey(std::string_view unit) {
  for (const UnitRow& row : kUnits)
    if (row.unit == unit && !row.key.empty()) return std::string(row.key);
  constexpr std::string_view kDegreeSign = "\xC2\xB0";  // '°' in UTF-8
  std::string out;
  for (std::size_t i = 0; i < unit.size();) {
    char c = unit[i];
    if (c == '^') {
      ++i;
      continue;
    }
    if (c == '%') {
      appendSeparator(out);
      out += "Percent_";
      ++i;
      continue;
    }
    if (unit.substr(i, kDegreeSign.size()) == kDegreeSign) {
      appendSeparator(out);
      out += "Degree_";
      i += kDegreeSign.size();
      continue;
    }
    if (isKeyChar(c))
      out.push_back(c);
    else
      appendSeparator(out);
    ++i;
  }
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  while (!out.empty() && out.back() == '_') out.pop_back();
  // Collapse "__" left by explicit underscores next to separators.
  std::string collapsed;
  for (char c : out)
    if (!(c == '_' && !collapsed.empty() && collapsed.back() == '_')) collapsed.push_back(c);
  return collapsed.empty() ? std::string("Unit") : collapsed;
}

namespace {

// The table's rows by a cheap hash of the spelling (length, first and last byte): a unit is
// compared only with the rows in its bucket. std::unordered_map's hash of the text cost as much
// as scanning the forty rows, and this runs three times for every value of every report.
class UnitIndex {
 public:
  UnitIndex() {
    for (std::uint8_t row = 0; row < kUnits.size(); ++row) {
      auto& bucket = buckets_[hash(kUnits[row].unit)];
      std::size_t slot = 0;
      while (slot < kPerBucket && bucket[slot] != 0) ++slot;
      if (slot == kPerBucket) throw std::logic_error("unit table: widen UnitIndex's buckets");
      bucket[slot] = static_cast<std::uint8_t>(row + 1);  // rows in table order: the first spelling wins
    }
  }
  const UnitEntry* find(std::string_view unit) const {
    for (const std::uint8_t row : buckets_[hash(unit)]) {
      if (row == 0) return nullptr;
      const UnitEntry& entry = kUnits[row - 1];
      if (sameText(entry.unit, unit)) return &entry;  // inline: no memcmp call (short_text.h)
    }
    return nullptr;
  }

 private:
  static constexpr std::size_t kBuckets = 64, kPerBucket = 4;
  static std::size_t hash(std::string_view u) {
    if (u.empty()) return 0;
    return (u.size() * 31 + static_cast<unsigned char>(u.front()) * 7 + static_cast<unsigned char>(u.back())) &
           (kBuckets - 1);
  }
  std::array<std::array<std::uint8_t, kPerBucket>, kBuckets> buckets_{};  // row + 1; 0 ends a bucket
};

}  // namespace

const UnitEntry* findUnit(std::string_view unit) {
  static const UnitIndex index;
  return index.find(unit);
}

const std::string& profileNameOf(const UnitEntry& row) {
  // Built once per row: a name per value of every report was a string built from two pieces.
  static const auto names = [] {
    std::array<std::string, kUnits.size()> all;
    for (std::size_t i = 0; i < kUnits.size(); ++i)
      if (kUnits[i].kind == UnitKind::Measure) all[i] = std::string(kProfilePrefix) + std::string(kUnits[i].key);
    return all;
  }();
  return names[static_cast<std::size_t>(&row - kUnits.data())];
}

UnitKind unitKind(std::string_view unit) {
  const UnitEntry* row = findUnit(unit);
  return row ? row->kind : UnitKind::Measure;  // as lookupUnit gives for units not in the table
}

UnitInfo lookupUnit(std::string_view unit) {
  if (const UnitEntry* row = findUnit(unit))
    return UnitInfo{std::string(row->suffix), std::string(row->key), row->kind, true};
  UnitInfo info;
  info.suffix = " " + std::string(unit);
  info.key = unitProfileKey(unit);
  info.kind = UnitKind::Measure;
  return info;
}

std::string profileNameForUnit(std::string_view unit) {
  UnitInfo info = lookupUnit(unit);
  if (info.kind != UnitKind::Measure) return {};
  return std::string(kProfilePrefix) + info.key;
}

}  // namespace symemu::smartmetering

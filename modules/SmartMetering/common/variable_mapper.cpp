#include "symemu/smartmetering/common/variable_mapper.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "symemu/smartmetering/common/number_text.h"
#include "symemu/smartmetering/common/unit_table.h"

namespace symemu::smartmetering {
namespace {

bool isIdentChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

const char* functionSuffix(ValueFunction f) {
  switch (f) {
    case ValueFunction::Maximum:
      return "_Max";
    case ValueFunction::Minimum:
      return "_Min";
    case ValueFunction::ErrorState:
      return "_Err";
    case ValueFunction::Instantaneous:
      break;
  }
  return "";
}

const char* functionLabel(ValueFunction f) {
  switch (f) {
    case ValueFunction::Maximum:
      return "Max";
    case ValueFunction::Minimum:
      return "Min";
    case ValueFunction::ErrorState:
      return "Error";
    case ValueFunction::Instantaneous:
      break;
  }
  return "";
}

std::int64_t wholeValue(const DataRecord& record) {
  // Exact for plain integers at SCALE 1; rounded otherwise (the parser
  // already refused values outside int64).
  if (record.scale == 1.0 && record.entry.valInteger) return *record.entry.valInteger;
  return static_cast<std::int64_t>(std::llround(*record.scaledValue));
}

}  // namespace

std::string sanitizeIdent(std::string_view description) {
  // Most descriptions are idents already ("Energy", "Volume"): one copy, no byte by byte append.
  if (std::all_of(description.begin(), description.end(), isIdentChar)) return std::string(description);
  std::string out;
  out.reserve(description.size());
  for (std::size_t i = 0; i < description.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(description[i]);
    if (isIdentChar(static_cast<char>(c))) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('_');
      // Skip the continuation bytes of a UTF-8 character.
      if (c >= 0xC0)
        while (i + 1 < description.size() && (static_cast<unsigned char>(description[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

std::string baseIdent(const DataRecord& record) {
  std::string ident = sanitizeIdent(record.description);
  if (ident.empty()) ident = "Value";
  if (record.storage > 0) ident += "_S" + std::to_string(record.storage);
  if (record.tariff > 0) ident += "_T" + std::to_string(record.tariff);
  if (record.subunit > 0) ident += "_U" + std::to_string(record.subunit);
  if (record.functionKind != ValueFunction::Instantaneous) ident += functionSuffix(record.functionKind);
  return ident;
}

std::string displayName(const DataRecord& record) {
  std::vector<std::string> parts;
  if (record.storage > 0) parts.push_back("Storage " + std::to_string(record.storage));
  if (record.tariff > 0) parts.push_back("Tariff " + std::to_string(record.tariff));
  if (record.subunit > 0) parts.push_back("Subunit " + std::to_string(record.subunit));
  if (record.functionKind != ValueFunction::Instantaneous) parts.push_back(functionLabel(record.functionKind));
  std::string name = record.description.empty() ? std::string("Value") : record.description;
  if (parts.empty()) return name;
  name += " (";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) name += ", ";
    name += parts[i];
  }
  name += ")";
  return name;
}

namespace {
// profileFor with the unit's table row already looked up (findUnit; null: not listed), written
// into `out` (empty): no ProfileSpec moved out of a temporary.
void profileOfRow(const UnitEntry* row, std::string_view unit, double scale, std::optional<ProfileSpec>& out) {
  if (row) {  // a listed unit: its texts as they stand, no UnitInfo
    if (row->kind != UnitKind::Measure) return;
    ProfileSpec& spec = out.emplace();
    spec.name = profileNameOf(*row);
    spec.type = VariableType::Float;
    spec.suffix = row->suffix;
    spec.digits = decimalsOfScale(scale);
    return;
  }
  const UnitInfo info = lookupUnit(unit);
  if (info.kind != UnitKind::Measure) return;
  ProfileSpec& spec = out.emplace();
  spec.name = std::string(kProfilePrefix) + info.key;
  spec.type = VariableType::Float;
  spec.suffix = info.suffix;
  spec.digits = decimalsOfScale(scale);
}

}  // namespace

std::optional<ProfileSpec> profileFor(std::string_view unit, double scale) {
  std::optional<ProfileSpec> out;
  profileOfRow(findUnit(unit), unit, scale, out);
  return out;
}

VariableSpec mapRecord(const DataRecord& record) {
  VariableSpec spec;
  mapRecord(record, spec);
  return spec;
}

void mapRecord(const DataRecord& record, VariableSpec& spec) {
  const std::string& description = record.description;
  if (record.storage == 0 && record.tariff == 0 && record.subunit == 0 &&
      record.functionKind == ValueFunction::Instantaneous && !description.empty() &&
      std::all_of(description.begin(), description.end(), isIdentChar)) {
    // What baseIdent and displayName give a plain record whose description is an ident
    // already (most are: "Energy", "Volume"), copied without their temporaries.
    spec.ident = description;
    spec.name = description;
  } else {
    spec.ident = baseIdent(record);
    spec.name = displayName(record);
  }
  spec.recordIndex = record.index;
  if (!record.scaledValue) {
    spec.type = VariableType::String;
    spec.value = record.entry.valText;
    return;
  }
  // The unit looked up once for its kind and its profile (unitKind and profileFor each did).
  const UnitEntry* row = findUnit(record.unit);
  switch (row ? row->kind : UnitKind::Measure) {  // unitKind(record.unit)
    case UnitKind::UnixTime:
      spec.type = VariableType::Integer;
      spec.value = wholeValue(record);
      spec.profile = std::string(kUnixTimestampProfile);
      break;
    case UnitKind::BitField:
      spec.type = VariableType::Integer;
      spec.value = wholeValue(record);
      break;
    case UnitKind::Dimensionless:
      spec.type = VariableType::Float;
      spec.value = *record.scaledValue;
      break;
    case UnitKind::Measure:
      spec.type = VariableType::Float;
      spec.value = *record.scaledValue;
      profileOfRow(row, record.unit, record.scale, spec.profileSpec);
      spec.profile = spec.profileSpec->name;
      break;
  }
}

void makeIdentsUnique(std::vector<VariableSpec>& specs) {
  // Each ident is checked against the final idents before it; a meter has a handful of records,
  // so they are searched in place, a hash set (an allocation per ident) only for long lists.
  std::unordered_set<std::string> taken;
  const bool hashed = specs.size() > 32;
  if (hashed) taken.reserve(specs.size() * 2);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto take = [&](const std::string& ident) {
      if (hashed) return taken.insert(ident).second;
      for (std::size_t j = 0; j < i; ++j)
        if (specs[j].ident == ident) return false;
      return true;
    };
    VariableSpec& spec = specs[i];
    if (take(spec.ident)) continue;
    for (int n = 2;; ++n) {
      std::string candidate = spec.ident + "_" + std::to_string(n);
      if (take(candidate)) {
        spec.ident = std::move(candidate);
        break;
      }
    }
  }
}

std::vector<VariableSpec> mapMeter(const MeterRecord& meter) {
  std::vector<VariableSpec> specs;
  specs.reserve(meter.data.size());
  for (const DataRecord& record : meter.data) specs.push_back(mapRecord(record));
  makeIdentsUnique(specs);
  return specs;
}

ProfileSpec mergeProfile(const ProfileSpec& existing, const ProfileSpec& incoming) {
  ProfileSpec merged = existing;
  merged.digits = std::max(existing.digits, incoming.digits);
  return merged;
}

}  // namespace symemu::smartmetering

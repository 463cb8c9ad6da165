// One Symcon variable per value record (issue rules; README "Variable mapping").
//
// ident   DESCRIPTION with every character outside [A-Za-z0-9] replaced by '_'
//         (a multi-byte UTF-8 character counts as one), "Value" when that is
//         empty, then _S<n> (storage n > 0), _T<n> (tariff n > 0), _U<n>
//         (subunit n > 0), _Max/_Min/_Err (FUNCTION); within one meter a repeat
//         gets _2, _3, ... (the first free number).
// name    DESCRIPTION ("Value" when empty) plus one bracket listing, in this
//         order and joined by ", ": "Storage n", "Tariff n", "Subunit n",
//         "Max"/"Min"/"Error" -> "Volume (Storage 1, Tariff 2)". Repeats keep
//         the same name.
// value   VAL not numeric   -> string, raw text, no profile
//         unit "UTC"        -> integer Unix time, profile ~UnixTimestamp
//         unit "Bin"        -> integer, no profile
//         unit "None" / ""  -> float VAL x SCALE, no profile
//         any other unit    -> float VAL x SCALE (no unit conversion),
//                              profile SM_<unit key> (see unit_table.h)
// profile digits come from SCALE (0.001 -> 3, 0.1 -> 1, >= 1 -> 0); one
// profile per unit: mergeProfile() keeps the larger digits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "symemu/smartmetering/common/report.h"

namespace symemu::smartmetering {

// Symcon variable types.
enum class VariableType : int { Boolean = 0, Integer = 1, Float = 2, String = 3 };

using VariableValue = std::variant<bool, std::int64_t, double, std::string>;

struct ProfileSpec {
  std::string name;  // "SM_m3"
  VariableType type = VariableType::Float;
  std::string suffix;  // " m³"
  int digits = 0;

  bool operator==(const ProfileSpec& o) const {
    return name == o.name && type == o.type && suffix == o.suffix && digits == o.digits;
  }
};

struct VariableSpec {
  // User-provided, so that a list's emplace_back() does not zero-fill the object before its
  // members are initialised anyway (a `rep stos` per record on the MQTT listener thread).
  VariableSpec() {}  // NOLINT(modernize-use-equals-default)
  std::string ident;
  std::string name;
  VariableType type = VariableType::Float;
  VariableValue value;
  std::string profile;                     // "" for none; "~UnixTimestamp" is a built-in
  std::optional<ProfileSpec> profileSpec;  // set for SM_* profiles the library defines
  std::size_t recordIndex = 0;             // DataRecord::index it came from
};

// DESCRIPTION with every non-[A-Za-z0-9] character replaced by '_' ("" stays "").
std::string sanitizeIdent(std::string_view description);

// Ident without the repeat suffix, e.g. "Volume_S1".
std::string baseIdent(const DataRecord& record);

// Display name, e.g. "Volume (Storage 1)".
std::string displayName(const DataRecord& record);

// Profile for a numeric value in `unit` with `scale`; nullopt for units
// without an SM_ profile (None, "", UTC, Bin).
std::optional<ProfileSpec> profileFor(std::string_view unit, double scale);

// One variable for one record (ident without the repeat suffix).
VariableSpec mapRecord(const DataRecord& record);
// The same into `spec`, a VariableSpec as default-constructed (a list's new last item: no move).
void mapRecord(const DataRecord& record, VariableSpec& spec);

// All variables of a meter, in record order, idents made unique (_2, _3, ...).
std::vector<VariableSpec> mapMeter(const MeterRecord& meter);
// mapMeter's last step, for variables mapped one record at a time (mapRecord, in record order).
void makeIdentsUnique(std::vector<VariableSpec>& specs);

// The profile to keep when `incoming` meets an existing profile of the same
// name: the existing one with the larger digits of both.
ProfileSpec mergeProfile(const ProfileSpec& existing, const ProfileSpec& incoming);

}  // namespace symemu::smartmetering

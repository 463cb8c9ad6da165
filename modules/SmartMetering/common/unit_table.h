// Logger unit strings (docs/selog-format.md 2.1/3.3): display suffix, profile key,
// and how a value in that unit becomes a variable.
#pragma once

#include <string>
#include <string_view>

namespace symemu::smartmetering {

enum class UnitKind {
  Measure,        // VAL x SCALE as a float with profile SM_<key>
  Dimensionless,  // "None" or "": float, no suffix, no profile
  UnixTime,       // "UTC": integer Unix time, profile ~UnixTimestamp
  BitField,       // "Bin": integer, no profile
};

struct UnitInfo {
  std::string suffix;  // " m³", " °C", "" for None
  std::string key;     // profile key: "m3", "Degree_C"; "" when no profile
  UnitKind kind = UnitKind::Measure;
  bool known = false;  // listed in the table (else derived by rule)
};

// One row of the table: a spelling, its suffix and profile key ("" when none) and its kind.
struct UnitEntry {
  std::string_view unit;
  std::string_view suffix;
  std::string_view key;
  UnitKind kind;
};
// The table's row for `unit`, without building texts; nullptr when the unit is not listed.
const UnitEntry* findUnit(std::string_view unit);
// "SM_" + key of a row findUnit gave ("" for a row that is not a Measure).
const std::string& profileNameOf(const UnitEntry& row);

// Table lookup; units not in the table get suffix " <unit>" and a key made by
// unitProfileKey(). Case-sensitive ("kWh" and "KWH" are different units).
UnitInfo lookupUnit(std::string_view unit);
// lookupUnit(unit).kind without building the texts (per value of every report).
UnitKind unitKind(std::string_view unit);

// Key rule for any unit text: '^' is dropped, '%' becomes "Percent_",
// '°' becomes "Degree_", every other run of characters outside [A-Za-z0-9_]
// becomes one '_', leading/trailing '_' are trimmed; an empty result is "Unit".
//   m^3 -> m3, m^3/h -> m3_h, Degree C -> Degree_C, % -> Percent, %RH -> Percent_RH
// The table maps the spellings of one unit to one key ("°C", "deg C" and
// "Degree C" all -> Degree_C).
std::string unitProfileKey(std::string_view unit);

// "SM_" + key for Measure units, "" otherwise.
std::string profileNameForUnit(std::string_view unit);

inline constexpr std::string_view kProfilePrefix = "SM_";
inline constexpr std::string_view kUnixTimestampProfile = "~UnixTimestamp";

}  // namespace symemu::smartmetering

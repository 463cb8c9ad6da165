#pragma once
// Variable profiles (docs/symcon-kernel.md §4.4): how a value is shown; `~` profiles are system
// profiles, preloaded and read-only.
#include <map>
#include <string>
#include <vector>

#include "symemu/kernel/types.h"

namespace symemu {

struct ProfileAssociation {
  double value = 0;
  std::string name, icon;
  int color = -1;
};

struct Profile {
  std::string name;
  VariableType type = VariableType::Integer;
  std::string icon, prefix, suffix;
  double minValue = 0, maxValue = 0, stepSize = 0;
  int digits = 0;
  bool readOnly = false;
  std::vector<ProfileAssociation> associations;  // numeric profiles: sorted by value
};

// Formats a value the way GetValueFormatted does: association name if one matches, otherwise
// prefix + value with `digits` decimals + suffix. A null profile formats the plain value.
std::string formatValue(const Value& v, const Profile* profile);

// An association name with the value put in, as Symcon does for names such as "%d %%" or
// "%.1f °C": one printf-style conversion per '%' (d i u x X o c f F e E g G s, with flags, width
// and precision), "%%" for a percent sign; anything else after '%' (e.g. "%n") stays as written.
std::string formatAssociationName(const std::string& name, double value);

// The system profiles modules commonly use (~Switch, ~UnixTimestamp, ~Temperature, ...).
std::vector<Profile> systemProfiles();

}  // namespace symemu

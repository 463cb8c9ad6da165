#include "symemu/kernel/profile.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <ctime>

namespace symemu {

static std::string fixed(double d, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits < 0 ? 0 : digits, d);
  return buf;
}

// One conversion of an association name, rebuilt from parsed parts: the user's text is never
// handed to printf as the format (a name such as "%s" or "%n" would read or write memory).
// Returns the text or nullopt when `name` at `at` is no conversion we take.
static std::optional<std::string> formatConversion(const std::string& name, std::size_t& at, double d) {
  std::size_t i = at + 1;
  std::string flags;
  while (i < name.size() && std::strchr("-+ 0#", name[i]) && flags.size() < 5) flags.push_back(name[i++]);
  auto digitsAt = [&](std::size_t& j) {
    std::string out;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])) && out.size() < 3)
      out.push_back(name[j++]);
    return out;
  };
  std::string width = digitsAt(i), precision;
  bool hasPrecision = false;
  if (i < name.size() && name[i] == '.') {
    ++i;
    hasPrecision = true;
    precision = digitsAt(i);
  }
  if (i >= name.size()) return std::nullopt;
  const char conv = name[i];
  std::string spec = "%" + flags + width + (hasPrecision ? "." + precision : "");
  char buf[512];
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c': {
      const long long n = std::isfinite(d) && std::fabs(d) < 9.2e18 ? static_cast<long long>(d) : 0;
      if (conv == 'c') {  // PHP prints the byte with that code
        at = i + 1;
        return std::string(1, static_cast<char>(n & 0xFF));
      }
      spec += "ll";
      spec.push_back(conv == 'i' ? 'd' : conv);
      std::snprintf(buf, sizeof buf, spec.c_str(), n);
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      spec.push_back(conv);
      std::snprintf(buf, sizeof buf, spec.c_str(), d);
      break;
    case 's': {  // the value as PHP turns a number into a string
      spec.push_back('s');
      const std::string text = valueToString(Value(d));
      std::snprintf(buf, sizeof buf, spec.c_str(), text.c_str());
      break;
    }
    default:
      return std::nullopt;
  }
  at = i + 1;
  return std::string(buf);
}

std::string formatAssociationName(const std::string& name, double d) {
  if (name.find('%') == std::string::npos) return name;
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    if (name[i] != '%') {
      out.push_back(name[i++]);
      continue;
    }
    if (i + 1 < name.size() && name[i + 1] == '%') {  // "%%" is a literal percent sign
      out.push_back('%');
      i += 2;
      continue;
    }
    if (auto text = formatConversion(name, i, d)) {
      out += *text;
      continue;
    }
    out.push_back(name[i++]);  // anything else ("%n", "%z", a lone "%") is shown as written
  }
  return out;
}

std::string formatValue(const Value& v, const Profile* p) {
  if (!p) {
    if (v.index() == 0) return std::get<bool>(v) ? "true" : "false";
    return valueToString(v);
  }
  if (v.index() != 3) {
    double d = v.index() == 0   ? (std::get<bool>(v) ? 1.0 : 0.0)
               : v.index() == 1 ? static_cast<double>(std::get<std::int64_t>(v))
                                : std::get<double>(v);
    // Associations: the one with the largest value <= d (Symcon matches ranges that way).
    const ProfileAssociation* hit = nullptr;
    for (const auto& a : p->associations)
      if (a.value <= d + 1e-9) hit = &a;
    if (hit && !hit->name.empty()) return p->prefix + formatAssociationName(hit->name, d) + p->suffix;
    if (p->name == "~UnixTimestamp" || p->name == "~UnixTimestampDate" || p->name == "~UnixTimestampTime") {
      std::time_t t = static_cast<std::time_t>(d);
      std::tm tm{};
      gmtime_r(&t, &tm);
      char buf[64];
      const char* fmt = p->name == "~UnixTimestampDate"   ? "%d.%m.%Y"
                        : p->name == "~UnixTimestampTime" ? "%H:%M:%S"
                                                          : "%d.%m.%Y %H:%M:%S";
      std::strftime(buf, sizeof buf, fmt, &tm);
      return buf;
    }
    if (v.index() == 0) return p->prefix + (std::get<bool>(v) ? "true" : "false") + p->suffix;
    return p->prefix + fixed(d, p->digits) + p->suffix;
  }
  return p->prefix + std::get<std::string>(v) + p->suffix;
}

static Profile make(const std::string& name, VariableType t, const std::string& suffix = "", int digits = 0,
                    double mn = 0, double mx = 0, double step = 0) {
  Profile p;
  p.name = name;
  p.type = t;
  p.suffix = suffix;
  p.digits = digits;
  p.minValue = mn;
  p.maxValue = mx;
  p.stepSize = step;
  p.readOnly = true;
  return p;
}

std::vector<Profile> systemProfiles() {
  using T = VariableType;
  std::vector<Profile> v;
  Profile sw = make("~Switch", T::Boolean);
  sw.associations = {{0, "Off", "", -1}, {1, "On", "", 0x00FF00}};
  v.push_back(sw);
  Profile alert = make("~Alert", T::Boolean);
  alert.associations = {{0, "OK", "", -1}, {1, "Alarm", "", 0xFF0000}};
  v.push_back(alert);
  v.push_back(make("~String", T::String));
  v.push_back(make("~TextBox", T::String));
  v.push_back(make("~HTMLBox", T::String));
  v.push_back(make("~UnixTimestamp", T::Integer));
  v.push_back(make("~UnixTimestampDate", T::Integer));
  v.push_back(make("~UnixTimestampTime", T::Integer));
  v.push_back(make("~Temperature", T::Float, " °C", 1, -10, 40, 0.5));
  v.push_back(make("~Humidity.F", T::Float, " %", 1, 0, 100, 0));
  v.push_back(make("~Humidity", T::Integer, " %", 0, 0, 100, 1));
  v.push_back(make("~Intensity.100", T::Integer, " %", 0, 0, 100, 1));
  v.push_back(make("~Electricity", T::Float, " kWh", 2));
  v.push_back(make("~Watt", T::Float, " W", 1));
  v.push_back(make("~Volt", T::Float, " V", 1));
  v.push_back(make("~Ampere", T::Float, " A", 2));
  v.push_back(make("~Water", T::Float, " m³", 3));
  v.push_back(make("~Gas", T::Float, " m³", 3));
  v.push_back(make("~Flow", T::Float, " m³/h", 3));
  v.push_back(make("~Battery.100", T::Integer, " %", 0, 0, 100, 1));
  return v;
}

}  // namespace symemu

#include "symemu/kernel/types.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace symemu {

VariableType typeOf(const Value& v) { return static_cast<VariableType>(v.index()); }

const char* typeName(VariableType t) {
  switch (t) {
    case VariableType::Boolean:
      return "Boolean";
    case VariableType::Integer:
      return "Integer";
    case VariableType::Float:
      return "Float";
    case VariableType::String:
      return "String";
  }
  return "?";
}

Value defaultValue(VariableType t) {
  switch (t) {
    case VariableType::Boolean:
      return false;
    case VariableType::Integer:
      return std::int64_t{0};
    case VariableType::Float:
      return 0.0;
    case VariableType::String:
      return std::string();
  }
  return false;
}

static double toDouble(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v) ? 1.0 : 0.0;
    case 1:
      return static_cast<double>(std::get<std::int64_t>(v));
    case 2:
      return std::get<double>(v);
    default:
      return std::strtod(std::get<std::string>(v).c_str(), nullptr);
  }
}

Value convertValue(const Value& v, VariableType to) {
  if (typeOf(v) == to) return v;
  switch (to) {
    case VariableType::Boolean:
      if (v.index() == 3) {
        const auto& s = std::get<std::string>(v);
        return !(s.empty() || s == "0");
      }
      return toDouble(v) != 0.0;
    case VariableType::Integer: {
      if (v.index() == 3) return static_cast<std::int64_t>(std::strtoll(std::get<std::string>(v).c_str(), nullptr, 10));
      double d = toDouble(v);
      if (!std::isfinite(d)) return std::int64_t{0};
      if (d >= 9.2e18 || d <= -9.2e18) return std::int64_t{0};
      return static_cast<std::int64_t>(d);
    }
    case VariableType::Float:
      return toDouble(v);
    case VariableType::String:
      return valueToString(v);
  }
  return v;
}

std::string valueToString(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v) ? "1" : "";
    case 1:
      return std::to_string(std::get<std::int64_t>(v));
    case 2: {
      // Shortest representation that round-trips, like PHP's default float output.
      double d = std::get<double>(v);
      if (std::isnan(d)) return "NAN";
      if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
      char buf[40];
      if (std::floor(d) == d && std::fabs(d) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", d);
        return buf;
      }
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
      }
      return buf;
    }
    default:
      return std::get<std::string>(v);
  }
}

bool valuesEqual(const Value& a, const Value& b) { return a == b; }

}  // namespace symemu

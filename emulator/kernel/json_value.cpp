#include "json_value.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>

namespace symemu {

Poco::Dynamic::Var toVar(const Value& v) {
  switch (v.index()) {
    case 0: return std::get<bool>(v);
    case 1: return static_cast<Poco::Int64>(std::get<std::int64_t>(v));
    case 2: return std::get<double>(v);
    default: return std::get<std::string>(v);
  }
}

Value anyFromVar(const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return std::string();
  if (v.isBoolean()) return v.extract<bool>();
  if (v.isInteger()) return static_cast<std::int64_t>(v.convert<Poco::Int64>());
  if (v.isNumeric()) return v.convert<double>();
  return v.convert<std::string>();
}

Value fromVar(const Poco::Dynamic::Var& v, VariableType type, const std::string& what) {
  auto mismatch = [&]() { return KernelError(what + " is not of type " + typeName(type)); };
  switch (type) {
    case VariableType::Boolean:
      if (v.isBoolean()) return v.extract<bool>();
      if (v.isInteger()) {
        auto i = v.convert<Poco::Int64>();
        if (i == 0 || i == 1) return i == 1;
      }
      throw mismatch();
    case VariableType::Integer:
      if (v.isInteger() && !v.isBoolean()) return static_cast<std::int64_t>(v.convert<Poco::Int64>());
      if (v.isNumeric() && !v.isBoolean()) {
        double d = v.convert<double>();
        if (std::floor(d) == d && std::fabs(d) < 9.2e18) return static_cast<std::int64_t>(d);
      }
      throw mismatch();
    case VariableType::Float:
      if (v.isNumeric() && !v.isBoolean()) return v.convert<double>();
      throw mismatch();
    case VariableType::String:
      if (v.isString()) return v.convert<std::string>();
      throw mismatch();
  }
  throw mismatch();
}

std::string jsonQuote(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8 + 2);
  out.push_back('"');
  // Runs of characters that need no escape are appended whole (packets carry kilobytes of text).
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        }
    }
  }
  out.append(s, run, std::string::npos);
  out.push_back('"');
  return out;
}

static std::string scalarJson(const Value& v) {
  switch (v.index()) {
    case 0: return std::get<bool>(v) ? "true" : "false";
    case 1: return std::to_string(std::get<std::int64_t>(v));
    case 2: {
      double d = std::get<double>(v);
      if (!std::isfinite(d)) return "null";
      std::string s = valueToString(v);
      return s;
    }
    default: return jsonQuote(std::get<std::string>(v));
  }
}

std::string toJsonText(const std::vector<std::pair<std::string, Value>>& fields) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    if (!first) out.push_back(',');
    first = false;
    out += jsonQuote(k);
    out.push_back(':');
    out += scalarJson(v);
  }
  out.push_back('}');
  return out;
}

std::map<std::string, Value> parseJsonObjectValues(const std::string& json, const std::string& what) {
  std::map<std::string, Value> out;
  Poco::JSON::Object::Ptr obj;
  try {
    Poco::JSON::Parser parser;
    obj = parser.parse(json.empty() ? "{}" : json).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw KernelError(what + " is not valid JSON: " + e.displayText());
  } catch (const std::exception&) {
    throw KernelError(what + " is not a JSON object");
  }
  if (!obj) throw KernelError(what + " is not a JSON object");
  for (const auto& [k, v] : *obj) {
    if (v.isArray() || v.type() == typeid(Poco::JSON::Object::Ptr)) {
      std::ostringstream ss;
      Poco::JSON::Stringifier::stringify(v, ss);
      out[k] = ss.str();  // complex settings are JSON strings in Symcon
    } else {
      out[k] = anyFromVar(v);
    }
  }
  return out;
}

}  // namespace symemu

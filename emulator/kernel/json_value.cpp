#include "symemu/kernel/json_value.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>

namespace symemu {

Poco::Dynamic::Var toVar(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v);
    case 1:
      return static_cast<Poco::Int64>(std::get<std::int64_t>(v));
    case 2:
      return std::get<double>(v);
    default:
      return std::get<std::string>(v);
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
  appendJsonQuoted(out, s);
  return out;
}

namespace {
// Output bytes beyond the first for each input byte: 1 for a two-character escape, 5 for \u00XX,
// and 1 for bytes >= 0x80 when they are mapped to U+0080..U+00FF in UTF-8.
struct EscapeTable {
  unsigned char extra[256] = {};
  constexpr explicit EscapeTable(bool mapHighBytes) {
    for (int c = 0; c < 0x20; ++c) extra[c] = 5;
    for (unsigned char c : {'"', '\\', '\n', '\r', '\t', '\b', '\f'}) extra[c] = 1;
    if (mapHighBytes)
      for (int c = 0x80; c < 0x100; ++c) extra[c] = 1;
  }
};
constexpr EscapeTable kPlain(false), kMapped(true);  // constant-initialised: usable from static init
}  // namespace

// One pass sizes the output, one writes it: packet texts are kilobytes of JSON full of quotes,
// and appending run by run cost more than the scan.
void appendJsonQuoted(std::string& out, const std::string& s, bool mapHighBytes) {
  const EscapeTable& table = mapHighBytes ? kMapped : kPlain;
  std::size_t extra = 0;
  for (unsigned char c : s) extra += table.extra[c];
  const std::size_t start = out.size();
  out.resize(start + s.size() + extra + 2);
  char* w = &out[start];
  *w++ = '"';
  if (extra == 0) {
    s.copy(w, s.size());
    w += s.size();
  } else {
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : s) {
      if (table.extra[c] == 0) {
        *w++ = static_cast<char>(c);
      } else if (c >= 0x80) {
        *w++ = static_cast<char>(0xC0 | (c >> 6));
        *w++ = static_cast<char>(0x80 | (c & 0x3F));
      } else if (table.extra[c] == 5) {
        *w++ = '\\';
        *w++ = 'u';
        *w++ = '0';
        *w++ = '0';
        *w++ = hex[c >> 4];
        *w++ = hex[c & 0xF];
      } else {
        *w++ = '\\';
        switch (c) {
          case '\n':
            *w++ = 'n';
            break;
          case '\r':
            *w++ = 'r';
            break;
          case '\t':
            *w++ = 't';
            break;
          case '\b':
            *w++ = 'b';
            break;
          case '\f':
            *w++ = 'f';
            break;
          default:
            *w++ = static_cast<char>(c);  // '"' and '\\'
        }
      }
    }
  }
  *w = '"';
}

static std::string scalarJson(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v) ? "true" : "false";
    case 1:
      return std::to_string(std::get<std::int64_t>(v));
    case 2: {
      double d = std::get<double>(v);
      if (!std::isfinite(d)) return "null";
      std::string s = valueToString(v);
      return s;
    }
    default:
      return jsonQuote(std::get<std::string>(v));
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

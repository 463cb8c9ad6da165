#include "symemu/api/json_text.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>

#include "symemu/kernel/json_value.h"

namespace symemu::api {

namespace {

JsonValue fromVar(const Poco::Dynamic::Var& v);

JsonValue fromObject(const Poco::JSON::Object& object) {
  JsonObject out;
  // The parse handler was built to keep insertion order, so getNames() is in document order.
  for (const auto& name : object.getNames()) out.emplace_back(name, fromVar(object.get(name)));
  return out;
}

JsonValue fromVar(const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return nullptr;
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) return fromObject(*v.extract<Poco::JSON::Object::Ptr>());
  if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    JsonArray out;
    const auto& array = *v.extract<Poco::JSON::Array::Ptr>();
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) out.push_back(fromVar(array.get(static_cast<unsigned>(i))));
    return out;
  }
  if (v.isBoolean()) return v.extract<bool>();
  if (v.isInteger()) {
    if (!v.isSigned() && v.convert<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      throw JsonSyntaxError("integer " + v.toString() + " does not fit in 64 bits");
    return v.convert<std::int64_t>();
  }
  if (v.isNumeric()) return v.convert<double>();
  if (v.isString()) return v.extract<std::string>();
  throw JsonSyntaxError("unsupported JSON value");
}

void appendFloat(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest text that reads back exactly
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  out.append(text);
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

}  // namespace

bool isValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // overlong forms, surrogates and values beyond U+10FFFF are not UTF-8
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

JsonValue parseJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] != '{' && text[first] != '[') {
      // Poco's parser takes only objects and arrays at the top; JSON allows any value there.
      JsonValue wrapped = fromVar(parser.parse("[" + text + "]"));
      if (wrapped.asArray().size() != 1) throw JsonSyntaxError("more than one JSON value");
      return wrapped.asArray().front();
    }
    return fromVar(parser.parse(text));
  } catch (const JsonSyntaxError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw JsonSyntaxError(e.displayText());
  } catch (const std::exception& e) {
    throw JsonSyntaxError(e.what());
  }
}

void appendJson(std::string& out, const JsonValue& value) {
  switch (value.kind()) {
    case JsonValue::Kind::Null:
      out += "null";
      break;
    case JsonValue::Kind::Boolean:
      out += value.asBool() ? "true" : "false";
      break;
    case JsonValue::Kind::Integer:
      out += std::to_string(value.asInt());
      break;
    case JsonValue::Kind::Float:
      appendFloat(out, value.asFloat());
      break;
    case JsonValue::Kind::String:
      appendJsonQuoted(out, value.asString(), !isValidUtf8(value.asString()));
      break;
    case JsonValue::Kind::Array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.asArray()) {
        if (!first) out += ',';
        first = false;
        appendJson(out, item);
      }
      out += ']';
      break;
    }
    case JsonValue::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [name, item] : value.asObject()) {
        if (!first) out += ',';
        first = false;
        appendJsonQuoted(out, name, !isValidUtf8(name));
        out += ':';
        appendJson(out, item);
      }
      out += '}';
      break;
    }
  }
}

std::string writeJson(const JsonValue& value) {
  std::string out;
  appendJson(out, value);
  return out;
}

}  // namespace symemu::api

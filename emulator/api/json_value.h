#pragma once
// JsonValue: the arguments and results of the kernel function table (function_table.h), shaped
// like JSON so JSON-RPC, Python and PHP can each turn it into their own values without knowing
// any kernel record. Objects keep their field order (Symcon's order, e.g. ObjectID first).
//
// Plain data: no threads, no shared state. Strings are raw bytes as the kernel holds them; the
// JSON writer (json_text.h) decides how bytes that are not UTF-8 are written.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "symemu/kernel/types.h"

namespace symemu::api {

struct JsonValue;
using JsonArray = std::vector<JsonValue>;
using JsonObject = std::vector<std::pair<std::string, JsonValue>>;  // ordered fields

struct JsonValue {
  enum class Kind { Null = 0, Boolean, Integer, Float, String, Array, Object };
  using Storage = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, JsonArray, JsonObject>;

  Storage data;

  JsonValue() : data(nullptr) {}
  JsonValue(std::nullptr_t) : data(nullptr) {}
  JsonValue(bool b) : data(b) {}
  JsonValue(int i) : data(std::int64_t{i}) {}
  JsonValue(long i) : data(static_cast<std::int64_t>(i)) {}
  JsonValue(long long i) : data(static_cast<std::int64_t>(i)) {}
  JsonValue(double d) : data(d) {}
  JsonValue(const char* s) : data(std::string(s)) {}
  JsonValue(std::string s) : data(std::move(s)) {}
  JsonValue(JsonArray a) : data(std::move(a)) {}
  JsonValue(JsonObject o) : data(std::move(o)) {}

  Kind kind() const { return static_cast<Kind>(data.index()); }
  bool isNull() const { return kind() == Kind::Null; }
  bool isScalar() const { return kind() >= Kind::Boolean && kind() <= Kind::String; }
  bool asBool() const { return std::get<bool>(data); }
  std::int64_t asInt() const { return std::get<std::int64_t>(data); }
  double asFloat() const { return std::get<double>(data); }
  const std::string& asString() const { return std::get<std::string>(data); }
  const JsonArray& asArray() const { return std::get<JsonArray>(data); }
  const JsonObject& asObject() const { return std::get<JsonObject>(data); }
  // The field's value, or nullptr when the object has no such field (or this is no object).
  const JsonValue* find(const std::string& field) const;
};

const char* kindName(JsonValue::Kind kind);  // "null", "boolean", "integer", "float", "string", ...

// Kernel scalar <-> JsonValue. toKernelValue throws KernelError for null, arrays and objects.
JsonValue fromKernelValue(const Value& v);
Value toKernelValue(const JsonValue& v);

template <class T>
JsonValue arrayOf(const std::vector<T>& items) {
  JsonArray out;
  out.reserve(items.size());
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

}  // namespace symemu::api

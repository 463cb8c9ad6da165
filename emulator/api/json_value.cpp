#include "symemu/api/json_value.h"

namespace symemu::api {

const JsonValue* JsonValue::find(const std::string& field) const {
  if (kind() != Kind::Object) return nullptr;
  for (const auto& [name, value] : asObject())
    if (name == field) return &value;
  return nullptr;
}

const char* kindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::Null:
      return "null";
    case JsonValue::Kind::Boolean:
      return "boolean";
    case JsonValue::Kind::Integer:
      return "integer";
    case JsonValue::Kind::Float:
      return "float";
    case JsonValue::Kind::String:
      return "string";
    case JsonValue::Kind::Array:
      return "array";
    case JsonValue::Kind::Object:
      return "object";
  }
  return "?";
}

JsonValue fromKernelValue(const Value& v) {
  switch (v.index()) {
    case 0:
      return std::get<bool>(v);
    case 1:
      return std::get<std::int64_t>(v);
    case 2:
      return std::get<double>(v);
    default:
      return std::get<std::string>(v);
  }
}

Value toKernelValue(const JsonValue& v) {
  switch (v.kind()) {
    case JsonValue::Kind::Boolean:
      return v.asBool();
    case JsonValue::Kind::Integer:
      return v.asInt();
    case JsonValue::Kind::Float:
      return v.asFloat();
    case JsonValue::Kind::String:
      return v.asString();
    default:
      throw KernelError(std::string("a kernel value is a boolean, integer, float or string, not ") +
                        kindName(v.kind()));
  }
}

}  // namespace symemu::api

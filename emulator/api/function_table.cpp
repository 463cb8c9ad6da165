#include "symemu/api/function_table.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "symemu/api/kernel_functions.h"

namespace symemu::api {

const char* paramTypeName(ParamType type) {
  switch (type) {
    case ParamType::Boolean:
      return "bool";
    case ParamType::Integer:
      return "int";
    case ParamType::Float:
      return "float";
    case ParamType::String:
      return "string";
    case ParamType::Variant:
      return "mixed";
  }
  return "?";
}

namespace {

// PHP names the given value's type in a TypeError: "int given", "array given".
const char* phpTypeOf(const JsonValue& v) {
  switch (v.kind()) {
    case JsonValue::Kind::Null:
      return "null";
    case JsonValue::Kind::Boolean:
      return "bool";
    case JsonValue::Kind::Integer:
      return "int";
    case JsonValue::Kind::Float:
      return "float";
    case JsonValue::Kind::String:
      return "string";
    default:
      return "array";
  }
}

FunctionError typeError(const std::string& function, std::size_t i, const Param& p, const JsonValue& given) {
  const char* wanted = p.type == ParamType::Variant ? "bool|int|float|string" : paramTypeName(p.type);
  return FunctionError(FunctionError::Kind::InvalidParams, function + "(): Argument #" + std::to_string(i + 1) + " ($" +
                                                               p.name + ") must be of type " + wanted + ", " +
                                                               phpTypeOf(given) + " given");
}

// A PHP numeric string ("12", " 1.5e3"): whole text, surrounding whitespace allowed.
bool parseNumeric(const std::string& s, JsonValue& out) {
  const char* begin = s.c_str();
  while (*begin == ' ' || *begin == '\t' || *begin == '\n' || *begin == '\r' || *begin == '\v' || *begin == '\f')
    ++begin;
  if (!*begin) return false;
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(begin, &end, 10);
  auto restIsSpace = [](const char* p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f') ++p;
    return *p == '\0';
  };
  if (end != begin && errno == 0 && restIsSpace(end)) {
    out = static_cast<std::int64_t>(i);
    return true;
  }
  double d = std::strtod(begin, &end);
  if (end != begin && restIsSpace(end) && std::isfinite(d)) {
    out = d;
    return true;
  }
  return false;
}

// PHP's coercive mode for one scalar parameter; false when PHP would throw a TypeError.
bool coercePhp(const JsonValue& v, ParamType type, JsonValue& out) {
  if (!v.isScalar()) return false;
  switch (type) {
    case ParamType::Variant:
      out = v;
      return true;
    case ParamType::Boolean:
      switch (v.kind()) {
        case JsonValue::Kind::Boolean:
          out = v;
          return true;
        case JsonValue::Kind::Integer:
          out = v.asInt() != 0;
          return true;
        case JsonValue::Kind::Float:
          out = v.asFloat() != 0.0;
          return true;
        default:
          out = !(v.asString().empty() || v.asString() == "0");
          return true;
      }
    case ParamType::Integer:
      switch (v.kind()) {
        case JsonValue::Kind::Boolean:
          out = static_cast<std::int64_t>(v.asBool());
          return true;
        case JsonValue::Kind::Integer:
          out = v;
          return true;
        case JsonValue::Kind::Float: {
          double d = v.asFloat();
          if (!std::isfinite(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) return false;
          out = static_cast<std::int64_t>(d);  // PHP 8.1+: deprecated when it loses precision, still done
          return true;
        }
        default: {
          JsonValue n;
          if (!parseNumeric(v.asString(), n)) return false;
          return coercePhp(n, type, out);
        }
      }
    case ParamType::Float:
      switch (v.kind()) {
        case JsonValue::Kind::Boolean:
          out = v.asBool() ? 1.0 : 0.0;
          return true;
        case JsonValue::Kind::Integer:
          out = static_cast<double>(v.asInt());
          return true;
        case JsonValue::Kind::Float:
          out = v;
          return true;
        default: {
          JsonValue n;
          if (!parseNumeric(v.asString(), n)) return false;
          return coercePhp(n, type, out);
        }
      }
    case ParamType::String:
      switch (v.kind()) {
        case JsonValue::Kind::Boolean:
          out = std::string(v.asBool() ? "1" : "");
          return true;
        case JsonValue::Kind::Integer:
          out = std::to_string(v.asInt());
          return true;
        case JsonValue::Kind::Float:
          out = valueToString(Value{v.asFloat()});
          return true;
        default:
          out = v;
          return true;
      }
  }
  return false;
}

bool matchesStrict(const JsonValue& v, ParamType type) {
  switch (type) {
    case ParamType::Boolean:
      return v.kind() == JsonValue::Kind::Boolean;
    case ParamType::Integer:
      return v.kind() == JsonValue::Kind::Integer;
    case ParamType::Float:
      return v.kind() == JsonValue::Kind::Float;
    case ParamType::String:
      return v.kind() == JsonValue::Kind::String;
    case ParamType::Variant:
      return v.isScalar();
  }
  return false;
}

std::string countError(const std::string& function, std::size_t wanted, std::size_t given) {
  return function + "() expects exactly " + std::to_string(wanted) + (wanted == 1 ? " argument, " : " arguments, ") +
         std::to_string(given) + " given";
}

}  // namespace

int Args::integer(std::size_t i) const {
  std::int64_t v = values_[i].asInt();
  if (v < INT_MIN || v > INT_MAX)
    throw FunctionError(FunctionError::Kind::InvalidParams, function_ + "(): Argument #" + std::to_string(i + 1) +
                                                                " ($" + params_[i].name + ") is out of range (" +
                                                                std::to_string(v) + ")");
  return static_cast<int>(v);
}

JsonArray FunctionTable::checkArguments(const std::string& function, const std::vector<Param>& params,
                                        const JsonArray& args, Coercion coercion) {
  if (args.size() != params.size())
    throw FunctionError(FunctionError::Kind::InvalidParams, countError(function, params.size(), args.size()));
  JsonArray out;
  out.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (coercion == Coercion::Strict) {
      if (!matchesStrict(args[i], params[i].type)) throw typeError(function, i, params[i], args[i]);
      out.push_back(args[i]);
    } else {
      JsonValue converted;
      if (!coercePhp(args[i], params[i].type, converted)) throw typeError(function, i, params[i], args[i]);
      out.push_back(std::move(converted));
    }
  }
  return out;
}

void FunctionTable::add(FunctionSpec spec) { functions_.push_back(std::move(spec)); }

void FunctionTable::finish() {
  std::sort(functions_.begin(), functions_.end(),
            [](const FunctionSpec& a, const FunctionSpec& b) { return a.name < b.name; });
  index_.clear();
  for (std::size_t i = 0; i < functions_.size(); ++i) index_[functions_[i].name] = i;
}

const FunctionSpec* FunctionTable::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &functions_[it->second];
}

const FunctionTable& FunctionTable::kernel() {
  static const FunctionTable table = [] {
    FunctionTable t;
    addObjectFunctions(t);
    addInstanceFunctions(t);
    addModuleFunctions(t);
    addVariableFunctions(t);
    addProfileFunctions(t);
    addKernelStateFunctions(t);
    t.finish();
    return t;
  }();
  return table;
}

bool isModuleFunctionName(Kernel& kernel, const std::string& name) {
  auto sep = name.find('_');
  if (sep == std::string::npos || sep == 0 || sep + 1 == name.size()) return false;
  std::string prefix = name.substr(0, sep);
  for (const ModuleInfo* m : kernel.modules().modules())
    if (m->prefix == prefix) return true;
  return false;
}

CallResult FunctionTable::call(Kernel& kernel, const std::string& name, const JsonArray& args,
                               Coercion coercion) const {
  if (const FunctionSpec* spec = find(name)) {
    JsonArray checked = checkArguments(name, spec->params, args, coercion);
    return spec->invoke(kernel, Args(name, spec->params, checked));
  }
  if (!isModuleFunctionName(kernel, name))
    throw FunctionError(FunctionError::Kind::UnknownFunction, "Call to undefined function " + name + "()");
  // Module functions: the instance first, then whatever the module declared (C++ modules take
  // any scalars and check them themselves; PHP modules are checked by PHP).
  if (args.empty())
    throw FunctionError(FunctionError::Kind::InvalidParams,
                        name + "() expects at least 1 argument (InstanceID), 0 given");
  std::vector<Param> head{{"InstanceID", ParamType::Integer}};
  JsonArray first = checkArguments(name, head, JsonArray{args[0]}, coercion);
  int instanceId = Args(name, head, first).integer(0);
  std::vector<Value> rest;
  rest.reserve(args.size() - 1);
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!args[i].isScalar())
      throw typeError(name, i, Param{"Arg" + std::to_string(i + 1), ParamType::Variant}, args[i]);
    rest.push_back(toKernelValue(args[i]));
  }
  return fromKernelValue(kernel.callFunction(name, instanceId, rest));
}

}  // namespace symemu::api

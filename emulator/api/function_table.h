#pragma once
// The kernel function table: every IPS_* and global function of Symcon that symemu offers
// (docs/symcon-kernel.md §4), by name, with Symcon's parameter list, calling into symemu::Kernel.
// One table serves every way in: JSON-RPC (`POST /api/`, strict types), the PHP host (global PHP
// functions, PHP's coercive types) and, through the API, `symemu call`, Python's Client and the
// browser console. Module functions `PREFIX_Name(InstanceID, ...)` are not listed; call() routes
// them to Kernel::callFunction, where C++ and PHP modules register them.
//
// Threads: the table is built once and never changes, so find()/functions() may be read from any
// thread. call() touches the kernel and must run on the kernel thread. From a network thread, post
// to the kernel and wait: `kernelThread.call([&] { return table.call(kernel, name, args, mode); })`
// (KernelThread::call returns after the batch the call ran in has been committed to SQLite, so
// when the answer leaves, the call's effects are durable).
//
// Errors: call() throws FunctionError (unknown function, wrong parameter count or type; nothing
// was called) or KernelError (the kernel refused; Symcon's text, e.g. "Object #99999 does not
// exist"). Kernel functions validate before they change anything, so a refused call changes
// nothing. Warnings that Symcon raises while still returning (IPS_GetObjectIDByIdent not found:
// returns false) come back in CallResult::warning for the PHP host to raise as E_WARNING.
//
// Results are JsonValue: scalars, lists, and records with Symcon's field names (record_values.h),
// exactly what the Python binding returns for the same record.
//
// Use (the PHP host, on the kernel thread):
//   const auto& table = api::FunctionTable::kernel();
//   for (const auto& f : table.functions())  // declare PHP functions: f.name, f.params[i].name/.type
//     ...;
//   api::CallResult r = table.call(kernel, "IPS_GetObject", {api::JsonValue(0)}, api::Coercion::Php);
//   // r.value: JsonValue -> zval; r.warning non-empty -> E_WARNING; FunctionError -> TypeError/
//   // ArgumentCountError/undefined function; KernelError -> Symcon's message for the PHP host to raise
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "symemu/api/json_value.h"
#include "symemu/kernel/kernel.h"

namespace symemu::api {

// Symcon's parameter types. Variant: any of boolean/integer/float/string (SetValue, IPS_SetProperty).
enum class ParamType { Boolean, Integer, Float, String, Variant };
const char* paramTypeName(ParamType type);  // PHP spelling: "bool", "int", "float", "string", "mixed"

struct Param {
  std::string name;  // Symcon's name (VariableID, Value, ...), shown in errors as PHP does ($Name)
  ParamType type;
};

// How arguments are matched to parameter types.
enum class Coercion {
  // JSON-RPC: the JSON kind must equal the parameter type. An integer where a float is wanted is
  // refused, as are booleans for integers and numbers for strings.
  Strict,
  // PHP's coercive typing for internal functions (no strict_types): int -> float, bool -> int,
  // numeric strings -> numbers, scalars -> string, float -> int (truncated). Null and arrays are
  // refused. A PHP host that converts zvals itself may pass converted values with Strict instead.
  Php,
};

class FunctionError : public std::runtime_error {
 public:
  enum class Kind { UnknownFunction, InvalidParams };
  FunctionError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct CallResult {
  CallResult() = default;
  // Anything a JsonValue can be made from (bool, int, std::string, JsonObject, ...).
  template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, CallResult>>>
  CallResult(T&& v) : value(std::forward<T>(v)) {}
  JsonValue value;
  std::string warning;  // non-empty: Symcon raises this as a PHP warning and returns `value`
};

// Arguments after they were checked against the parameter list: each has the parameter's type
// (Variant: any scalar), so the accessors cannot fail except for 32-bit range (FunctionError).
class Args {
 public:
  Args(const std::string& function, const std::vector<Param>& params, const JsonArray& values)
      : function_(function), params_(params), values_(values) {}
  bool boolean(std::size_t i) const { return values_[i].asBool(); }
  int integer(std::size_t i) const;  // Symcon IDs and small numbers: must fit in 32 bits
  std::int64_t integer64(std::size_t i) const { return values_[i].asInt(); }
  double number(std::size_t i) const { return values_[i].asFloat(); }
  const std::string& string(std::size_t i) const { return values_[i].asString(); }
  Value value(std::size_t i) const { return toKernelValue(values_[i]); }  // Variant parameters
  std::size_t size() const { return values_.size(); }

 private:
  const std::string& function_;
  const std::vector<Param>& params_;
  const JsonArray& values_;
};

struct FunctionSpec {
  std::string name;
  std::vector<Param> params;
  std::string result;  // what it returns, for listings: "int", "bool", "array", "string", "void", ...
  std::function<CallResult(Kernel&, const Args&)> invoke;
};

class FunctionTable {
 public:
  // The kernel's functions (built on first use; thread-safe).
  static const FunctionTable& kernel();

  const FunctionSpec* find(const std::string& name) const;                   // nullptr: not a kernel function
  const std::vector<FunctionSpec>& functions() const { return functions_; }  // sorted by name

  // Checks `args` against the function's parameters (count, then each type under `coercion`),
  // then calls it. Names not in the table that look like PREFIX_Name, where a loaded module has
  // that prefix, go to Kernel::callFunction(name, args[0] as InstanceID, the rest as scalars).
  // Kernel thread only. Throws FunctionError or KernelError (see the top of this file).
  CallResult call(Kernel& kernel, const std::string& name, const JsonArray& args,
                  Coercion coercion = Coercion::Strict) const;

  // Checks and converts arguments without calling (the PHP host and tests). Throws FunctionError.
  static JsonArray checkArguments(const std::string& function, const std::vector<Param>& params, const JsonArray& args,
                                  Coercion coercion);

  // For the builders in kernel_functions_*.cpp.
  void add(FunctionSpec spec);
  void finish();  // sorts; find() uses the index built here

 private:
  std::vector<FunctionSpec> functions_;
  std::map<std::string, std::size_t> index_;
};

// Module prefixes (SM, WC, ...) of loaded modules, for routing PREFIX_Name. Kernel thread only.
bool isModuleFunctionName(Kernel& kernel, const std::string& name);

}  // namespace symemu::api

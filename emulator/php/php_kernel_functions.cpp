// The global kernel functions PHP modules call (docs/symcon-kernel.md §4): IPS_*, GetValue*, SetValue*,
// RequestAction. They go through the one kernel function table (emulator/api/function_table.h)
// that JSON-RPC and Python use, with PHP's coercive parameter types; only what needs PHP itself
// (IPS_RunScriptText*) and the no-ops of a single-threaded emulator (IPS_Sleep, semaphores) are
// here. A function in neither list is not defined in PHP, so calling it fails with PHP's
// "Call to undefined function NAME()", which names it.
#include <climits>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

#include "symemu/api/function_table.h"
#include "symemu/kernel/kernel.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_ops.h"

namespace symemu::php {

namespace {

using Fn = std::function<void(Kernel&, const ArgList&, zval*)>;

api::JsonValue jsonFromZvalValue(zval* z) {
  ZVAL_DEREF(z);
  switch (Z_TYPE_P(z)) {
    case IS_TRUE:
      return true;
    case IS_FALSE:
      return false;
    case IS_LONG:
      return static_cast<long long>(Z_LVAL_P(z));
    case IS_DOUBLE:
      return Z_DVAL_P(z);
    case IS_STRING:
      return std::string(Z_STRVAL_P(z), Z_STRLEN_P(z));
    case IS_ARRAY: {
      api::JsonArray list;
      zval* item;
      ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(z), item) { list.push_back(jsonFromZvalValue(item)); }
      ZEND_HASH_FOREACH_END();
      return list;
    }
    default:
      return nullptr;
  }
}

void zvalFromJsonValue(zval* out, const api::JsonValue& v) {
  using K = api::JsonValue::Kind;
  switch (v.kind()) {
    case K::Null:
      ZVAL_NULL(out);
      break;
    case K::Boolean:
      ZVAL_BOOL(out, v.asBool());
      break;
    case K::Integer:
      ZVAL_LONG(out, v.asInt());
      break;
    case K::Float:
      ZVAL_DOUBLE(out, v.asFloat());
      break;
    case K::String:
      ZVAL_STRINGL(out, v.asString().data(), v.asString().size());
      break;
    case K::Array:
      array_init_size(out, static_cast<uint32_t>(v.asArray().size()));
      for (const auto& item : v.asArray()) {
        zval z;
        zvalFromJsonValue(&z, item);
        add_next_index_zval(out, &z);
      }
      break;
    case K::Object:
      array_init_size(out, static_cast<uint32_t>(v.asObject().size()));
      for (const auto& [key, item] : v.asObject()) {
        zval z;
        zvalFromJsonValue(&z, item);
        zend_symtable_str_update(Z_ARRVAL_P(out), key.data(), key.size(), &z);
      }
      break;
  }
}

// IPS_RunScriptText / IPS_RunScriptTextWait: the text runs here, at once, with $_IPS['SENDER'].
void runScriptText(Kernel& k, const std::string& code, zval* r) {
  PhpEntry entry;
  CallFrame* outer = PhpHost::get().current();
  int target = outer ? outer->instanceId : 0;
  zval args[2];
  ZVAL_STRINGL(&args[0], code.data(), code.size());
  array_init(&args[1]);
  add_assoc_string(&args[1], "SENDER", "RunScript");
  if (target) add_assoc_long(&args[1], "TARGET", target);
  CallFrame frame;
  frame.kernel = &k;
  frame.instanceId = target;
  zval result;
  bool ok = PhpHost::get().call("__symemu_script", 2, args, &result, frame);
  zval_ptr_dtor(&args[0]);
  zval_ptr_dtor(&args[1]);
  std::string output, error;
  if (ok && Z_TYPE(result) == IS_ARRAY) {
    zval* okFlag = zend_hash_index_find(Z_ARRVAL(result), 0);
    zval* out = zend_hash_index_find(Z_ARRVAL(result), zend_is_true(okFlag) ? 2 : 5);
    if (out) output = stringFromZval(out);
    if (!zend_is_true(okFlag)) {
      zval* msg = zend_hash_index_find(Z_ARRVAL(result), 2);
      error = msg ? stringFromZval(msg) : "exception";
    }
  } else {
    error = frame.faults.empty() ? "script failed" : frame.faults.front().text();
  }
  zval_ptr_dtor(&result);
  if (!error.empty()) throw KernelError("IPS_RunScriptText: " + error);
  ZVAL_STRINGL(r, output.data(), output.size());
}

const std::map<std::string, Fn>& extras() {
  static const std::map<std::string, Fn> table = {
      {"IPS_RunScriptText",
       [](Kernel& k, const ArgList& a, zval* r) {
         runScriptText(k, a.str(0), r);
         zval_ptr_dtor(r);
         ZVAL_TRUE(r);
       }},
      {"IPS_RunScriptTextWait", [](Kernel& k, const ArgList& a, zval* r) { runScriptText(k, a.str(0), r); }},
      {"IPS_Sleep", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_SemaphoreEnter", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_SemaphoreLeave", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_GetSystemLanguage", [](Kernel&, const ArgList&, zval* r) { ZVAL_STRING(r, "de_DE"); }},
      {"IPS_GetReferenceList",
       [](Kernel& k, const ArgList& a, zval* r) {
         array_init(r);
         for (int id : referencesOf(k, static_cast<int>(a.integer(0)))) add_next_index_long(r, id);
       }},
  };
  return table;
}

}  // namespace

namespace {

// Arguments of exactly their parameter's type (the usual case; an int for a float too) become
// the checked values directly, as FunctionTable::checkArguments would leave them; false when any
// needs PHP's coercion or the count is wrong, for checkArguments to convert or refuse.
bool directArguments(const std::vector<api::Param>& params, const ArgList& args, api::JsonArray& out) {
  if (args.size() != params.size()) return false;
  out.reserve(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    zval* z = args.at(i);
    switch (params[i].type) {
      case api::ParamType::Boolean:
        if (Z_TYPE_P(z) != IS_TRUE && Z_TYPE_P(z) != IS_FALSE) return false;
        out.emplace_back(Z_TYPE_P(z) == IS_TRUE);
        break;
      case api::ParamType::Integer:
        if (Z_TYPE_P(z) != IS_LONG) return false;
        out.emplace_back(static_cast<long long>(Z_LVAL_P(z)));
        break;
      case api::ParamType::Float:
        if (Z_TYPE_P(z) == IS_DOUBLE)
          out.emplace_back(Z_DVAL_P(z));
        else if (Z_TYPE_P(z) == IS_LONG)
          out.emplace_back(static_cast<double>(Z_LVAL_P(z)));
        else
          return false;
        break;
      case api::ParamType::String:
        if (Z_TYPE_P(z) != IS_STRING) return false;
        out.emplace_back(std::string(Z_STRVAL_P(z), Z_STRLEN_P(z)));
        break;
      case api::ParamType::Variant:
        if (Z_TYPE_P(z) != IS_TRUE && Z_TYPE_P(z) != IS_FALSE && Z_TYPE_P(z) != IS_LONG && Z_TYPE_P(z) != IS_DOUBLE &&
            Z_TYPE_P(z) != IS_STRING)
          return false;
        out.push_back(jsonFromZvalValue(z));
        break;
    }
  }
  return true;
}

// The call itself, for a name already looked up (spec null: not in the kernel's table).
std::string callKernelFunction(Kernel& kernel, const std::string& name, const api::FunctionSpec* spec,
                               const ArgList& args, zval* ret) {
  if (!spec) {
    auto it = extras().find(name);
    if (it == extras().end()) throw KernelError("Function " + name + " is not offered by symemu");
    it->second(kernel, args, ret);
    return "";
  }
  api::JsonArray checked;
  if (!directArguments(spec->params, args, checked)) {
    api::JsonArray values;
    values.reserve(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) values.push_back(jsonFromZvalValue(args.at(i)));
    // As FunctionTable::call does for a function it finds.
    checked = api::FunctionTable::checkArguments(name, spec->params, values, api::Coercion::Php);
  }
  api::CallResult result = spec->invoke(kernel, api::Args(name, spec->params, checked));
  zvalFromJsonValue(ret, result.value);
  return result.warning;
}

// SetValue($VariableID, $Value) with an integer ID in range and a scalar value, straight to the
// kernel: what the table's SetValue does with the values directArguments would check (the same
// kernel call, its errors and warnings), without building the argument list and the result.
// False when the arguments need the table's checks (count, coercion, range, type errors).
bool directSetValue = true;           // tests switch it off to compare
std::size_t directSetValueCount = 0;  // PHP's thread only

bool setValueDirectly(Kernel& kernel, const ArgList& args, zval* ret) {
  if (!directSetValue || args.size() != 2) return false;
  zval* id = args.at(0);
  zval* value = args.at(1);
  if (Z_TYPE_P(id) != IS_LONG || Z_LVAL_P(id) < INT_MIN || Z_LVAL_P(id) > INT_MAX) return false;
  switch (Z_TYPE_P(value)) {
    case IS_TRUE:
    case IS_FALSE:
    case IS_LONG:
    case IS_DOUBLE:
    case IS_STRING:
      break;
    default:
      return false;
  }
  kernel.setValue(static_cast<int>(Z_LVAL_P(id)), valueFromZval(value));
  ZVAL_TRUE(ret);
  ++directSetValueCount;
  return true;
}

}  // namespace

std::string kernelFunction(Kernel& kernel, const std::string& name, const ArgList& args, zval* ret) {
  // Modules call a few functions thousands of times a second: one hashed lookup per call (the
  // table is fixed, so what it found stays valid; only its names are kept).
  static std::unordered_map<std::string, const api::FunctionSpec*> found;
  auto at = found.find(name);
  const api::FunctionSpec* spec = at != found.end() ? at->second : api::FunctionTable::kernel().find(name);
  if (spec && at == found.end()) found.emplace(name, spec);
  return callKernelFunction(kernel, name, spec, args, ret);
}

// A name looked up once: its entry of the kernel's table (null: an extra or not offered).
struct KernelFunctionRef {
  std::string name;
  const api::FunctionSpec* spec = nullptr;
  bool setValue = false;  // the kernel's own SetValue (a device sets its values with it)
};

namespace {
KernelFunctionRef lookUp(std::string name) {
  KernelFunctionRef r{std::move(name)};
  r.spec = api::FunctionTable::kernel().find(r.name);
  r.setValue = r.spec && r.name == "SetValue";
  return r;
}
}  // namespace

std::string kernelFunction(Kernel& kernel, const zend_string* name, const ArgList& args, zval* ret) {
  // symemu_kernel() is passed literal names, the same zend_string at every call: what was found
  // for an address is kept with the name's text, which is compared, so an address reused for
  // another name only costs a new lookup.
  static std::unordered_map<const zend_string*, KernelFunctionRef> byAddress;
  auto at = byAddress.find(name);
  if (at == byAddress.end() || at->second.name.size() != ZSTR_LEN(name) ||
      std::memcmp(at->second.name.data(), ZSTR_VAL(name), ZSTR_LEN(name)) != 0) {
    if (byAddress.size() >= 4096) byAddress.clear();  // names built at run time: bounded
    at = byAddress.insert_or_assign(name, lookUp(std::string(ZSTR_VAL(name), ZSTR_LEN(name)))).first;
  }
  return kernelFunction(kernel, at->second, args, ret);
}

const KernelFunctionRef& kernelFunctionRef(const std::string& name) {
  static std::unordered_map<std::string, std::unique_ptr<KernelFunctionRef>> refs;  // kept: callers hold them
  auto& ref = refs[name];
  if (!ref) ref = std::make_unique<KernelFunctionRef>(lookUp(name));
  return *ref;
}

std::string kernelFunction(Kernel& kernel, const KernelFunctionRef& function, const ArgList& args, zval* ret) {
  if (function.setValue && setValueDirectly(kernel, args, ret)) return "";
  return callKernelFunction(kernel, function.name, function.spec, args, ret);
}

void setDirectSetValue(bool on) { directSetValue = on; }
std::size_t directSetValues() { return directSetValueCount; }

const std::vector<std::string>& kernelFunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& spec : api::FunctionTable::kernel().functions()) out.push_back(spec.name);
    for (const auto& [name, fn] : extras())
      if (!api::FunctionTable::kernel().find(name)) out.push_back(name);
    return out;
  }();
  return names;
}

}  // namespace symemu::php

// The internal functions the prelude calls (prelude/prelude.php) and the module entry that
// registers them: symemu_module, symemu_kernel, symemu_function; one __symemu_<Op> per module API
// op, the way IPSModule's helpers take; and every global kernel function (IPS_*, GetValue, ...)
// under its own name (docs/performance.md, "Tenth step"). A kernel error becomes a PHP warning
// naming the problem (as Symcon's kernel functions do) and the function returns false. When a PHP
// module called from here failed with a fatal error, this call ends with a fatal error too: that
// request cannot go on.
#include <php.h>
#include <zend_extensions.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_extension.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_ops.h"

namespace symemu::php {

namespace {

Kernel* currentKernel(PhpHost& host) {
  CallFrame* frame = host.current();
  return frame ? frame->kernel : host.defaultKernel();
}

// Runs `op` with the kernel running PHP; afterwards, with no C++ object left alive in this
// frame, raises what went wrong. (The host is looked up once: this runs for every module call.)
template <class F>
void guardedOp(F&& op, zval* return_value) {
  PhpHost& host = PhpHost::get();
  zend_string* error = nullptr;
  try {
    Kernel* kernel = currentKernel(host);
    if (!kernel) throw KernelError("symemu: no kernel is running PHP right now");
    op(*kernel);
  } catch (const std::exception& e) {
    error = zend_string_init(e.what(), std::strlen(e.what()), 0);
  }
  if (host.poisoned()) {
    if (error) zend_string_release(error);
    zend_error_noreturn(E_ERROR, "A PHP module called from here failed with a fatal error (see the kernel log)");
  }
  if (error) {
    zval_ptr_dtor(return_value);
    ZVAL_FALSE(return_value);
    zend_error(E_WARNING, "%s", ZSTR_VAL(error));
    zend_string_release(error);
  }
}

constexpr char kDirectPrefix[] = "__symemu_";
std::size_t directModuleOpCount = 0;  // PHP's thread only

// The reserved slot of a zend_internal_function where a direct function keeps what it calls
// (null until its first call), so a call hashes no name; -1: no slot left, found by name each call.
int opSlot() {
  static const int slot = zend_get_resource_handle("symemu");
  return slot;
}

// A kernel function's internal function (IPS_GetInstance, SetValue, ...): its name looked up once.
const KernelFunctionRef& kernelFunctionOf(zend_function* function) {
  const int slot = opSlot();
  if (slot >= 0) {
    if (void* bound = function->internal_function.reserved[slot]) return *static_cast<const KernelFunctionRef*>(bound);
  }
  const zend_string* name = function->common.function_name;
  const KernelFunctionRef& ref = kernelFunctionRef(std::string(ZSTR_VAL(name), ZSTR_LEN(name)));
  if (slot >= 0) function->internal_function.reserved[slot] = const_cast<KernelFunctionRef*>(&ref);
  return ref;
}

std::size_t directOpOf(zend_function* function) {
  const int slot = opSlot();
  if (slot >= 0) {
    if (auto bound = reinterpret_cast<std::uintptr_t>(function->internal_function.reserved[slot])) return bound - 1;
  }
  const char* name = ZSTR_VAL(function->common.function_name) + sizeof(kDirectPrefix) - 1;
  const auto& names = moduleOpNames();
  std::size_t index = 0;
  while (index < names.size() && std::strcmp(names[index], name) != 0) ++index;  // registered from names
  if (slot >= 0) function->internal_function.reserved[slot] = reinterpret_cast<void*>(index + 1);
  return index;
}

}  // namespace

}  // namespace symemu::php

using symemu::php::ArgList;

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_module, 0, 0, 3)
ZEND_ARG_INFO(0, InstanceID)
ZEND_ARG_INFO(0, Op)
ZEND_ARG_INFO(0, Args)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_kernel, 0, 0, 2)
ZEND_ARG_INFO(0, Function)
ZEND_ARG_INFO(0, Args)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_function, 0, 0, 3)
ZEND_ARG_INFO(0, Function)
ZEND_ARG_INFO(0, InstanceID)
ZEND_ARG_INFO(0, Args)
ZEND_END_ARG_INFO()

static PHP_FUNCTION(symemu_module) {
  zend_long id = 0;
  zend_string* op = nullptr;
  HashTable* args = nullptr;
  ZEND_PARSE_PARAMETERS_START(3, 3)
  Z_PARAM_LONG(id)
  Z_PARAM_STR(op)
  Z_PARAM_ARRAY_HT(args)
  ZEND_PARSE_PARAMETERS_END();
  ZVAL_NULL(return_value);
  symemu::php::guardedOp(
      [&](symemu::Kernel& kernel) {
        symemu::php::moduleOp(kernel, static_cast<int>(id), op, ArgList(args, ZSTR_VAL(op)), return_value);
      },
      return_value);
}

static PHP_FUNCTION(symemu_kernel) {
  zend_string* name = nullptr;
  HashTable* args = nullptr;
  ZEND_PARSE_PARAMETERS_START(2, 2)
  Z_PARAM_STR(name)
  Z_PARAM_ARRAY_HT(args)
  ZEND_PARSE_PARAMETERS_END();
  ZVAL_NULL(return_value);
  zend_string* warning = nullptr;
  symemu::php::guardedOp(
      [&](symemu::Kernel& kernel) {
        std::string w = symemu::php::kernelFunction(kernel, name, ArgList(args, ZSTR_VAL(name)), return_value);
        if (!w.empty()) warning = zend_string_init(w.data(), w.size(), 0);
      },
      return_value);
  if (warning) {  // Symcon warns and still returns the value (e.g. IPS_GetObjectIDByIdent: false)
    zend_error(E_WARNING, "%s", ZSTR_VAL(warning));
    zend_string_release(warning);
  }
}

// PREFIX_Name($InstanceID, ...): a PHP target gets the PHP values as they are; any other module
// gets kernel Values through Kernel::callFunction, as JSON-RPC and Python do.
static PHP_FUNCTION(symemu_function) {
  zend_string* name = nullptr;
  zend_long id = 0;
  zval* args = nullptr;
  ZEND_PARSE_PARAMETERS_START(3, 3)
  Z_PARAM_STR(name)
  Z_PARAM_LONG(id)
  Z_PARAM_ARRAY(args)
  ZEND_PARSE_PARAMETERS_END();
  ZVAL_NULL(return_value);
  symemu::php::guardedOp(
      [&](symemu::Kernel& k) {
        using namespace symemu;
        const std::string function = ZSTR_VAL(name);
        auto module = k.instanceExists(static_cast<int>(id)) ? k.getInstance(static_cast<int>(id)).module : nullptr;
        if (auto* phpModule = dynamic_cast<php::PhpModule*>(module.get())) {
          const auto& cls = phpModule->phpClass();
          auto sep = function.find('_');
          std::string method = sep == std::string::npos ? function : function.substr(sep + 1);
          if (function.substr(0, sep) == cls.prefix) {
            for (const auto& m : cls.exportedMethods) {
              if (strcasecmp(m.c_str(), method.c_str()) != 0) continue;
              php::CallFrame frame;
              if (!phpModule->callExported(m, args, return_value, frame))
                throw KernelError(frame.faults.empty() ? function + " failed" : frame.faults.front().text());
              return;
            }
          }
        }
        std::vector<Value> values;
        ArgList list(Z_ARRVAL_P(args), ZSTR_VAL(name));
        for (std::size_t i = 0; i < list.size(); ++i) values.push_back(list.value(i));
        php::zvalFromValue(return_value, k.callFunction(function, static_cast<int>(id), values));
      },
      return_value);
}

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_direct_op, 0, 0, 1)
ZEND_ARG_INFO(0, InstanceID)
ZEND_END_ARG_INFO()

// __symemu_<Op>($InstanceID, ...): symemu_module($InstanceID, '<Op>', [...]) with the arguments read
// from the call frame. An InstanceID that is not an int (IPSModule takes any) goes through
// symemu_module itself, so its coercion, deprecation and TypeError stay symemu_module's.
static ZEND_NAMED_FUNCTION(symemu_direct_op) {
  const std::uint32_t argc = ZEND_CALL_NUM_ARGS(execute_data);
  zval* args = ZEND_CALL_ARG(execute_data, 1);
  const std::size_t op = symemu::php::directOpOf(execute_data->func);
  // The op's name, as registered (moduleOpNames()[op]), read from the function's own name.
  const char* name = ZSTR_VAL(execute_data->func->common.function_name) + sizeof(symemu::php::kDirectPrefix) - 1;
  if (argc == 0) {
    zend_argument_count_error("%s() expects at least 1 argument, 0 given",
                              ZSTR_VAL(execute_data->func->common.function_name));
    return;
  }
  if (Z_TYPE(args[0]) != IS_LONG) {
    zval function, params[3];
    ZVAL_STRINGL(&function, "symemu_module", sizeof("symemu_module") - 1);
    ZVAL_COPY(&params[0], &args[0]);
    ZVAL_STRING(&params[1], name);
    array_init_size(&params[2], argc - 1);
    for (std::uint32_t i = 1; i < argc; ++i) {
      Z_TRY_ADDREF(args[i]);
      add_next_index_zval(&params[2], &args[i]);
    }
    call_user_function(nullptr, nullptr, &function, return_value, 3, params);
    for (zval& p : params) zval_ptr_dtor(&p);
    zval_ptr_dtor(&function);
    return;
  }
  const zend_long id = Z_LVAL(args[0]);
  ++symemu::php::directModuleOpCount;
  ZVAL_NULL(return_value);
  symemu::php::guardedOp(
      [&](symemu::Kernel& kernel) {
        symemu::php::moduleOp(kernel, static_cast<int>(id), op, ArgList(args + 1, argc - 1, name), return_value);
      },
      return_value);
}

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_kernel_function, 0, 0, 0)
ZEND_ARG_VARIADIC_INFO(0, Args)
ZEND_END_ARG_INFO()

// Every global kernel function (IPS_*, GetValue, SetValue, ...) under its own name: what
// `function NAME(...$Args) { return symemu_kernel('NAME', $Args); }` did, without a PHP frame and an
// argument array. Named arguments are collected as that variadic parameter collected them.
static ZEND_NAMED_FUNCTION(symemu_kernel_function) {
  const symemu::php::KernelFunctionRef& function = symemu::php::kernelFunctionOf(execute_data->func);
  const std::uint32_t argc = ZEND_CALL_NUM_ARGS(execute_data);
  const char* name = ZSTR_VAL(execute_data->func->common.function_name);
  zval named;  // positional and named arguments in one array, as `...$Args` had them
  ZVAL_UNDEF(&named);
  if (ZEND_CALL_INFO(execute_data) & ZEND_CALL_HAS_EXTRA_NAMED_PARAMS) {
    array_init_size(&named, argc + zend_hash_num_elements(execute_data->extra_named_params));
    for (std::uint32_t i = 0; i < argc; ++i) {
      zval* arg = ZEND_CALL_ARG(execute_data, i + 1);
      Z_TRY_ADDREF_P(arg);
      add_next_index_zval(&named, arg);
    }
    zend_string* key;
    zval* value;
    ZEND_HASH_FOREACH_STR_KEY_VAL(execute_data->extra_named_params, key, value) {
      Z_TRY_ADDREF_P(value);
      zend_hash_update(Z_ARRVAL(named), key, value);
    }
    ZEND_HASH_FOREACH_END();
  }
  ZVAL_NULL(return_value);
  zend_string* warning = nullptr;
  symemu::php::guardedOp(
      [&](symemu::Kernel& kernel) {
        const ArgList args =
            Z_ISUNDEF(named) ? ArgList(ZEND_CALL_ARG(execute_data, 1), argc, name) : ArgList(Z_ARRVAL(named), name);
        std::string w = symemu::php::kernelFunction(kernel, function, args, return_value);
        if (!w.empty()) warning = zend_string_init(w.data(), w.size(), 0);
      },
      return_value);
  zval_ptr_dtor(&named);
  if (warning) {  // as symemu_kernel: Symcon warns and still returns the value
    zend_error(E_WARNING, "%s", ZSTR_VAL(warning));
    zend_string_release(warning);
  }
}

namespace symemu::php {
namespace {

// A function entry for a name built at run time.
template <std::size_t N>
zend_function_entry functionEntry(const char* name, zif_handler handler, const zend_internal_arg_info (&info)[N]) {
  return {name, handler, info, static_cast<std::uint32_t>(N - 1), 0};
}

// The three named functions, one per module API op and one per kernel function, built once
// before PHP starts (the entries' names must outlive PHP).
std::vector<zend_function_entry>& functionEntries() {
  static std::vector<std::string> names;  // the entries point into these
  static std::vector<zend_function_entry> entries = [] {
    std::vector<zend_function_entry> out = {PHP_FE(symemu_module, arginfo_symemu_module)  //
                                            PHP_FE(symemu_kernel, arginfo_symemu_kernel)  //
                                            PHP_FE(symemu_function, arginfo_symemu_function)};
    const std::size_t ops = moduleOpNames().size();
    names.reserve(ops + kernelFunctionNames().size());
    for (const char* op : moduleOpNames()) names.push_back(kDirectPrefix + std::string(op));
    for (const auto& function : kernelFunctionNames()) names.push_back(function);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i < ops)
        out.push_back(functionEntry(names[i].c_str(), symemu_direct_op, arginfo_symemu_direct_op));
      else
        out.push_back(functionEntry(names[i].c_str(), symemu_kernel_function, arginfo_symemu_kernel_function));
    }
    out.push_back(PHP_FE_END);
    return out;
  }();
  return entries;
}

}  // namespace

_zend_module_entry* symemuModuleEntry() {
  static zend_module_entry entry = {STANDARD_MODULE_HEADER,
                                    "symemu",
                                    functionEntries().data(),
                                    nullptr,
                                    nullptr,
                                    nullptr,
                                    nullptr,
                                    nullptr,
                                    "0.1.0",
                                    STANDARD_MODULE_PROPERTIES};
  return &entry;
}
std::size_t directModuleOps() { return directModuleOpCount; }
const _zend_function_entry* symemuFunctionEntries() { return functionEntries().data(); }
}  // namespace symemu::php

// The three internal functions the prelude calls (prelude/prelude.php) and the module entry that
// registers them. A kernel error becomes a PHP warning naming the problem (as Symcon's kernel
// functions do) and the function returns false. When a PHP module called from here failed with a
// fatal error, this call ends with a fatal error too: that request cannot go on.
#include <php.h>

#include <cstring>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_extension.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_ops.h"

namespace symemu::php {

namespace {

Kernel* currentKernel() {
  CallFrame* frame = PhpHost::get().current();
  return frame ? frame->kernel : PhpHost::get().defaultKernel();
}

// Runs `op`; afterwards, with no C++ object left alive in this frame, raises what went wrong.
template <class F>
void guardedOp(F&& op, zval* return_value) {
  zend_string* error = nullptr;
  try {
    if (!currentKernel()) throw KernelError("symemu: no kernel is running PHP right now");
    op();
  } catch (const std::exception& e) {
    error = zend_string_init(e.what(), std::strlen(e.what()), 0);
  }
  if (PhpHost::get().poisoned()) {
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
      [&] {
        symemu::php::moduleOp(*symemu::php::currentKernel(), static_cast<int>(id), op, ArgList(args, ZSTR_VAL(op)),
                              return_value);
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
      [&] {
        std::string w = symemu::php::kernelFunction(*symemu::php::currentKernel(), name, ArgList(args, ZSTR_VAL(name)),
                                                    return_value);
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
      [&] {
        using namespace symemu;
        Kernel& k = *php::currentKernel();
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

static const zend_function_entry symemu_functions[] = {PHP_FE(symemu_module, arginfo_symemu_module)      //
                                                       PHP_FE(symemu_kernel, arginfo_symemu_kernel)      //
                                                       PHP_FE(symemu_function, arginfo_symemu_function)  //
                                                       PHP_FE_END};

static zend_module_entry symemu_module_entry = {
    STANDARD_MODULE_HEADER,    "symemu", symemu_functions, nullptr, nullptr, nullptr, nullptr, nullptr, "0.1.0",
    STANDARD_MODULE_PROPERTIES};

namespace symemu::php {
_zend_module_entry* symemuModuleEntry() { return &symemu_module_entry; }
const _zend_function_entry* symemuFunctionEntries() { return symemu_functions; }
}  // namespace symemu::php

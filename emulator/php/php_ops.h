#pragma once
// The operations behind the internal functions. Internal to the PHP host (includes PHP).
// Each runs on the PHP thread inside a call frame, writes its result to `ret` and reports
// failures as KernelError with Symcon's wording; the caller turns that into a PHP warning.
#include <string>
#include <vector>

#include "symemu/php/php_values.h"

namespace symemu {
class Kernel;
}

namespace symemu::php {

// IPSModule helpers acting on instance `id` (php_module_ops.cpp), named as PHP passes the name:
// a name seen before at that address is not copied or hashed.
void moduleOp(Kernel& kernel, int id, const zend_string* op, const ArgList& args, zval* ret);
// The same for the op at `op` in moduleOpNames() (the direct __symemu_<Op> functions).
void moduleOp(Kernel& kernel, int id, std::size_t op, const ArgList& args, zval* ret);
// Every module API op's name, in a fixed order (its index is its number for moduleOp).
const std::vector<const char*>& moduleOpNames();
// For tests: how many module API calls went the direct way (__symemu_<Op> with an int InstanceID).
std::size_t directModuleOps();
// Global kernel functions: IPS_*, GetValue, SetValue, ... (php_kernel_functions.cpp). Returns a
// warning Symcon raises while still returning a value ("" when none).
std::string kernelFunction(Kernel& kernel, const std::string& name, const ArgList& args, zval* ret);
// The same for the name as PHP passes it: a name seen before at that address is not copied or hashed.
std::string kernelFunction(Kernel& kernel, const zend_string* name, const ArgList& args, zval* ret);
// A kernel function's name looked up once (the internal function of that name keeps it): valid
// for the process's lifetime.
struct KernelFunctionRef;
const KernelFunctionRef& kernelFunctionRef(const std::string& name);
std::string kernelFunction(Kernel& kernel, const KernelFunctionRef& function, const ArgList& args, zval* ret);
// What instance `id` registered with RegisterReference (IPS_GetReferenceList).
std::vector<int> referencesOf(const Kernel& kernel, int id);
// Every global kernel function name: each is an internal function of that name (php_internal_functions.cpp).
const std::vector<std::string>& kernelFunctionNames();

// For tests: whether SetValue($VariableID, $Value) goes to the kernel directly when its
// arguments allow (default) or always through the function table; and how often it went directly.
void setDirectSetValue(bool on);
std::size_t directSetValues();

}  // namespace symemu::php

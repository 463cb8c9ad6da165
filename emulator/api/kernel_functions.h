#pragma once
// Internal to emulator/api: the parts of the kernel function table, one file per area of
// docs/symcon-kernel.md §4. Each adds its functions; function_table.cpp puts them together.
#include <string>
#include <utility>
#include <vector>

#include "symemu/api/function_table.h"
#include "symemu/api/record_values.h"

namespace symemu::api {

void addObjectFunctions(FunctionTable& table);       // §4.1 objects and categories
void addInstanceFunctions(FunctionTable& table);     // §4.2 instances, configuration
void addModuleFunctions(FunctionTable& table);       // §4.2 module loader
void addVariableFunctions(FunctionTable& table);     // §4.3 variables and values
void addProfileFunctions(FunctionTable& table);      // §4.4 variable profiles
void addKernelStateFunctions(FunctionTable& table);  // §4.5 kernel state, log, debug, function list

namespace param {
inline Param boolean(std::string name) { return {std::move(name), ParamType::Boolean}; }
inline Param integer(std::string name) { return {std::move(name), ParamType::Integer}; }
inline Param number(std::string name) { return {std::move(name), ParamType::Float}; }
inline Param string(std::string name) { return {std::move(name), ParamType::String}; }
inline Param variant(std::string name) { return {std::move(name), ParamType::Variant}; }
}  // namespace param

inline void define(FunctionTable& table, std::string name, std::vector<Param> params, std::string result,
                   std::function<CallResult(Kernel&, const Args&)> invoke) {
  table.add(FunctionSpec{std::move(name), std::move(params), std::move(result), std::move(invoke)});
}

}  // namespace symemu::api

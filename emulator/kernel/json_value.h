#pragma once
// Conversions between kernel Values and JSON (configuration, stored properties, Python).
#include <Poco/Dynamic/Var.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "symemu/kernel/types.h"

namespace symemu {

Poco::Dynamic::Var toVar(const Value& v);
// Converts a JSON value to `type`; throws KernelError("<what> is not of type <T>") on mismatch.
Value fromVar(const Poco::Dynamic::Var& v, VariableType type, const std::string& what);
// Best-effort typed value of a JSON scalar (bool, integer, float or string).
Value anyFromVar(const Poco::Dynamic::Var& v);
std::string jsonQuote(const std::string& s);  // JSON string literal, '/' not escaped
// out += jsonQuote(s) without a copy; with mapHighBytes, out += jsonQuote(utf8Encode(s)).
void appendJsonQuoted(std::string& out, std::string_view s, bool mapHighBytes = false);
// Tests only, before other threads run: the widest block writer appendJsonQuoted may use (2:
// AVX-512 when the CPU has it, 1: SSSE3, 0: SSE2), so a guard test covers each; returns the
// former limit.
int limitJsonEscapeWidth(int width);
std::string toJsonText(const std::vector<std::pair<std::string, Value>>& fields);
std::map<std::string, Value> parseJsonObjectValues(const std::string& json, const std::string& what);

}  // namespace symemu

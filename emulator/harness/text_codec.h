#pragma once
// Byte helpers for fixtures and in-process HTTP: UTF-8 check and base64. Pure functions, any thread.
#include <string>

namespace symemu::harness {

// True when `s` is well-formed UTF-8 (fixture payloads are text then, base64 otherwise).
bool isValidUtf8(const std::string& s);
std::string base64(const std::string& bytes);

}  // namespace symemu::harness

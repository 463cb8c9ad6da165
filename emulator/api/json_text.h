#pragma once
// JSON text <-> JsonValue for the API (JSON-RPC bodies, stream frames, `symemu call`).
//
// Threads: pure functions, any thread. Errors: parseJson throws JsonSyntaxError naming the
// problem (Poco's parser message); writeJson never throws for a well-formed JsonValue.
#include <stdexcept>
#include <string>

#include "symemu/api/json_value.h"

namespace symemu::api {

class JsonSyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one JSON text; object field order is kept. Integers stay integers ("1"), numbers with a
// fraction or exponent become floats ("1.0"), so a strict caller can tell them apart.
JsonValue parseJson(const std::string& text);

// Compact JSON. Floats are written so they read back as floats ("1.0", not "1"); NaN and
// infinities, which JSON cannot carry, become null. A string that is not valid UTF-8 (binary
// buffers) is written with every byte >= 0x80 mapped to U+0080..U+00FF, as Symcon maps binary
// data for IPSModule (utf8_encode); valid UTF-8 is written as is.
std::string writeJson(const JsonValue& value);
void appendJson(std::string& out, const JsonValue& value);

bool isValidUtf8(const std::string& s);

}  // namespace symemu::api

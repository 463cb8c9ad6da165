#pragma once
// PHP's json_encode() with the common case written in C++ (docs/performance.md, "PHP edition",
// "Sixth step, the host"): PHP's encoder took ~2.7 µs for a 600-byte meter packet, most of it
// per value and per byte overhead, and a report encodes several texts.
// Threads: PHP's; install once at start-up, before PHP code is compiled (the JIT may call a
// function's handler directly). Ownership: nothing is kept between calls.
// Errors: none of its own. The fast writer takes only an array of arrays, strings, integers,
// floats, booleans and null (no objects, no references) nested at most $depth deep, with valid
// UTF-8 and finite floats, and the flags JSON_UNESCAPED_SLASHES, JSON_UNESCAPED_UNICODE,
// JSON_UNESCAPED_LINE_TERMINATORS, JSON_PRESERVE_ZERO_FRACTION, JSON_INVALID_UTF8_IGNORE and
// JSON_INVALID_UTF8_SUBSTITUTE; it writes what PHP's encoder writes for them. Everything else,
// each error included, goes to PHP's own json_encode from the start.
#include <cstddef>
#include <string>
#include <utility>

struct _zval_struct;

namespace symemu::php {

// Puts the fast writer in front of json_encode(); false when PHP has no json_encode.
bool installFastJsonEncode();

// json_decode($text, true, $depth) of the text json_encode() wrote last, when that decodes to
// exactly the array it wrote: `out` becomes that array (shared, copy-on-write). False otherwise.
bool takeEncodedArray(const char* text, std::size_t length, long depth, _zval_struct* out);

// For tests: how often takeEncodedArray gave the array (since the process started).
std::size_t encodedArraysTaken();

// For tests: json_encode($value, $flags, $depth) through the fast writer and through PHP's own,
// each as var_export($result) . ' ' . json_last_error(). PHP must be started.
std::pair<std::string, std::string> compareJsonEncode(_zval_struct* value, long flags, long depth);

// For tests: whether the fast writer took that value (false: PHP's own wrote it).
bool fastJsonEncodeTakes(_zval_struct* value, long flags, long depth);

}  // namespace symemu::php

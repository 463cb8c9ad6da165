#pragma once
// json_decode()'s fast reader (php_json_decode.cpp): PHP values built in one pass over the tokens
// simdjson's stage 1 finds (its structural index), without simdjson's tape (stage 2) in between
// (docs/performance.md, "Tenth step").
// Threads: PHP's thread only (one reusable token buffer). Ownership: `out` is the caller's when
// the text is taken; nothing is kept but the buffers, as large as the largest text read.
// Errors: none of its own: whatever is not read exactly as PHP's reader reads it (any syntax or
// encoding error, an escape simdjson refuses, a number PHP reads otherwise, nesting at PHP's
// depth limit) gives false, with everything built so far freed, and PHP's own reader answers.
#include <cstddef>

struct _zval_struct;

namespace symemu::php {

// Builds `out` from the object or array text `s` (n bytes, starting with '{' or '['), objects as
// arrays when `assoc`, refusing nesting at `depth` (json_decode()'s) and beyond; false: not taken.
bool readJsonText(const char* s, std::size_t n, bool assoc, long depth, _zval_struct* out);

}  // namespace symemu::php

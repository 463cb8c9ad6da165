// PHP's json_decode() with simdjson reading the text (docs/performance.md, "PHP edition").
// Threads: PHP's (the kernel thread); install once at start-up, before PHP code is compiled
// (the JIT may call a function's handler directly).
// Ownership: nothing is kept between calls but a reusable simdjson parser.
// Errors: none of its own. The fast reader takes only what it reads exactly as PHP's reader
// does (an object or array text up to 1 MiB, no negative zero, no integer beyond 64 bits,
// default flags or JSON_OBJECT_AS_ARRAY / JSON_BIGINT_AS_STRING); everything else, each error
// included, goes to PHP's own json_decode, which then answers as always.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

struct _zval_struct;
struct _zend_string;

namespace symemu::php {

// Puts the fast reader in front of json_decode(); false when PHP has no json_decode.
bool installFastJsonDecode();

// Whether the fast reader reads with json_decode()'s $associative (-1: null), $depth and $flags
// (assoc: whether objects become arrays); false: PHP's own reads, or refuses them.
bool fastJsonDecodeOptions(int assocArgument, long depth, long flags, bool& assoc);

// For tests: json_decode($json, $assoc (-1: null), $depth, $flags) through the fast reader and
// through PHP's own, each as serialize($result) . ' ' . json_last_error(). PHP must be started,
// and the options must not make json_decode throw (outside a PHP frame that is a fatal error).
std::pair<std::string, std::string> compareJsonDecode(const std::string& json, int assoc, long depth, long flags);

// For tests: the same through both readers, each as the layout of the decoded value's tables
// (list or map, size and counts, members), which serialize() does not show.
std::pair<std::string, std::string> compareJsonDecodeLayout(const std::string& json, int assoc, long depth, long flags);

// The interned string of an object key json_decode() would use (a new string when none is
// interned; release it). PHP's thread.
_zend_string* internedJsonKey(std::string_view key);

// For tests: json_decode($json, $assoc) read by PHP's own reader only (`out` to destroy).
void decodeWithPhpReader(const std::string& json, bool assoc, _zval_struct* out);

// For tests: how many objects' tables were copied from a known shape (the keys of an object
// decoded before, in the same order) instead of being built key by key.
std::size_t jsonDecodeShapesCopied();

// For tests: with `on` false every json_decode() call is PHP's own (the handler stays installed).
void setFastJsonDecode(bool on);

// For tests: whether the fast reader took that text (false: PHP's own read it).
bool fastJsonDecodeTakes(const std::string& json, bool assoc, long depth, long flags);

}  // namespace symemu::php

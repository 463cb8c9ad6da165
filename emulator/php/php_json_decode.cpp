// json_decode() through simdjson: PHP's own reader spent a third of the PHP edition's time
// (each packet is decoded at every hop, ~80 instructions per byte). The fast reader builds the
// values PHP's parser builds (array keys through zend_symtable_update, a stdClass with the
// property table zend_std_write_property would leave), so a module cannot tell which one read
// its text; whatever it is not sure to read alike goes to PHP's own.
#include "symemu/php/php_json_decode.h"

#include <php.h>
#include <zend_exceptions.h>

#include <climits>
#include <cstdint>
#include <string_view>

extern "C" {  // php_json.h has no C++ guards
#include <ext/json/php_json.h>
}

#include "symemu/php/php_call_describe.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_decode_kept.h"
#include "symemu/php/php_json_decode_reader.h"
#include "symemu/php/php_json_encode.h"
#include "symemu/php/php_json_mqtt.h"

namespace symemu::php {

namespace {

using json_kept::internedKeys;
using json_kept::KnownShapes;

zif_handler phpJsonDecode = nullptr;  // PHP's own handler
bool fastReaderOn = true;             // setFastJsonDecode (tests)
constexpr std::size_t kLargestFastText = 1 << 20;

// The fast read of a text json_decode() got with these options; false: not taken.
bool fastDecode(const char* s, std::size_t n, bool assoc, zend_long depth, zval* out) {
  // Containers only (a BOM, leading white space or a scalar text goes to PHP). simdjson refuses
  // what PHP refuses (control bytes and unpaired surrogates in strings, invalid UTF-8,
  // trailing text), and every refusal goes to PHP for its error code.
  if (n == 0 || (s[0] != '{' && s[0] != '[')) return false;
  // The reader keeps buffers as large as the largest text it read: large texts (rare, and
  // never per packet) go to PHP, whose memory is its own and counted against memory_limit.
  if (n > kLargestFastText) return false;
  return readJsonText(s, n, assoc, static_cast<long>(depth), out);
}

// The options json_decode() reads, without its parameter parsing (which must run once only, in
// PHP's handler, for the notices it may give): false when the arguments are not the plain kinds.
bool plainArguments(zend_execute_data* execute_data, zend_string*& json, bool& assoc, zend_long& depth) {
  const uint32_t argc = ZEND_CALL_NUM_ARGS(execute_data);
  if (argc < 1 || argc > 4 || (ZEND_CALL_INFO(execute_data) & ZEND_CALL_HAS_EXTRA_NAMED_PARAMS)) return false;
  zval* text = ZEND_CALL_ARG(execute_data, 1);
  if (Z_TYPE_P(text) != IS_STRING) return false;
  json = Z_STR_P(text);
  zend_long flags = 0;
  depth = PHP_JSON_PARSER_DEFAULT_DEPTH;
  int assocArg = -1;  // null
  if (argc >= 2) {
    zval* a = ZEND_CALL_ARG(execute_data, 2);
    if (Z_TYPE_P(a) == IS_TRUE || Z_TYPE_P(a) == IS_FALSE)
      assocArg = Z_TYPE_P(a) == IS_TRUE;
    else if (Z_TYPE_P(a) != IS_NULL)
      return false;
  }
  if (argc >= 3) {
    zval* d = ZEND_CALL_ARG(execute_data, 3);
    if (Z_TYPE_P(d) != IS_LONG) return false;
    depth = Z_LVAL_P(d);
  }
  if (argc >= 4) {
    zval* f = ZEND_CALL_ARG(execute_data, 4);
    if (Z_TYPE_P(f) != IS_LONG) return false;
    flags = Z_LVAL_P(f);
  }
  return fastJsonDecodeOptions(assocArg, depth, flags, assoc);
}

ZEND_NAMED_FUNCTION(fastJsonDecode) {
  zend_string* json = nullptr;
  bool assoc = false;
  zend_long depth = 0;
  if (fastReaderOn && plainArguments(execute_data, json, assoc, depth) &&
      (decodeMqttPacket(ZSTR_VAL(json), ZSTR_LEN(json), assoc, depth, return_value) ||
       (assoc && takeEncodedArray(ZSTR_VAL(json), ZSTR_LEN(json), depth, return_value)) ||
       fastDecode(ZSTR_VAL(json), ZSTR_LEN(json), assoc, depth, return_value))) {
    JSON_G(error_code) = PHP_JSON_ERROR_NONE;
    return;
  }
  phpJsonDecode(execute_data, return_value);
}

zend_internal_function* jsonDecodeFunction() {
  auto* f = static_cast<zend_function*>(zend_hash_str_find_ptr(CG(function_table), "json_decode", 11));
  return f && f->type == ZEND_INTERNAL_FUNCTION ? &f->internal_function : nullptr;
}

namespace {

// json_decode()'s four arguments as PHP code passes them ($assoc -1: null); `args` to destroy.
void setJsonDecodeArguments(zval (&args)[4], const std::string& json, int assoc, long depth, long flags) {
  ZVAL_STRINGL(&args[0], json.data(), json.size());
  if (assoc < 0)
    ZVAL_NULL(&args[1]);
  else
    ZVAL_BOOL(&args[1], assoc != 0);
  ZVAL_LONG(&args[2], depth);
  ZVAL_LONG(&args[3], flags);
}

}  // namespace

// Calls json_decode() as PHP code would, then serialize() and json_last_error().
std::string decodeAsPhp(const std::string& json, int assoc, long depth, long flags) {
  zval args[4];
  setJsonDecodeArguments(args, json, assoc, depth, flags);
  std::string out = describeJsonCall("json_decode", args, 4, "serialize", false);
  for (auto& a : args) zval_ptr_dtor(&a);
  return out;
}

// json_decode($json, $assoc (-1: null), $depth, $flags) called as PHP code calls it, through
// whichever handler is installed; `out` to destroy.
void callJsonDecode(const std::string& json, int assoc, long depth, long flags, zval* out) {
  zval fn, args[4];
  ZVAL_STRING(&fn, "json_decode");
  setJsonDecodeArguments(args, json, assoc, depth, flags);
  ZVAL_UNDEF(out);
  call_user_function(nullptr, nullptr, &fn, out, 4, args);
  zval_ptr_dtor(&fn);
  for (auto& a : args) zval_ptr_dtor(&a);
}

void describeLayout(const zval* v, std::string& out);

// A table as built: list, map or not set up yet, its size and counts, then its members. A
// map's size is left out: the fast reader sizes an object's table for all its members, PHP's
// grows it to the distinct ones, so they differ when keys repeat; PHP code cannot tell (only
// memory_get_usage() could, and that differs anyway: PHP's reader allocates every key).
void describeTable(const HashTable* t, std::string& out) {
  const uint32_t flags = HT_FLAGS(t);
  if (GC_FLAGS(t) & IS_ARRAY_IMMUTABLE) out += "immutable ";
  const bool map = !(flags & (HASH_FLAG_UNINITIALIZED | HASH_FLAG_PACKED));
  out += (flags & HASH_FLAG_UNINITIALIZED) ? "u" : map ? "m" : "p";
  out += (map ? std::string() : std::to_string(t->nTableSize)) + "/" + std::to_string(t->nNumUsed) + "/" +
         std::to_string(t->nNumOfElements) + "/" + std::to_string(t->nNextFreeElement) + "/" +
         std::to_string(t->nInternalPointer) + "(";
  if (flags & HASH_FLAG_UNINITIALIZED) return void(out += ")");
  for (uint32_t i = 0; i < t->nNumUsed; ++i) {
    if (flags & HASH_FLAG_PACKED) {
      describeLayout(&t->arPacked[i], out);
    } else {
      const Bucket& b = t->arData[i];
      if (b.key)
        out += "'" + std::string(ZSTR_VAL(b.key), ZSTR_LEN(b.key)) + "'=";
      else
        out += std::to_string(b.h) + "=";
      describeLayout(&b.val, out);
    }
    out += ",";
  }
  out += ")";
}

// What serialize() leaves out of a decoded value: the layout of its arrays and property tables.
void describeLayout(const zval* v, std::string& out) {
  switch (Z_TYPE_P(v)) {
    case IS_ARRAY:
      return describeTable(Z_ARRVAL_P(v), out);
    case IS_OBJECT: {
      const zend_object* o = Z_OBJ_P(v);
      out += std::string(ZSTR_VAL(o->ce->name), ZSTR_LEN(o->ce->name));
      // PHP's reader leaves an object without members without a table (made when asked for).
      if (o->properties && zend_hash_num_elements(o->properties) > 0) describeTable(o->properties, out);
      return;
    }
    case IS_UNDEF:
      out += "_";
      return;
    default:
      out += std::to_string(Z_TYPE_P(v));
  }
}

}  // namespace

bool fastJsonDecodeOptions(int assocArgument, long depth, long flags, bool& assoc) {
  if (assocArgument == 1) flags |= PHP_JSON_OBJECT_AS_ARRAY;
  if (assocArgument == 0) flags &= ~static_cast<long>(PHP_JSON_OBJECT_AS_ARRAY);
  if ((flags & ~static_cast<long>(PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING)) != 0) return false;
  if (depth <= 0 || depth > INT_MAX) return false;  // PHP's ValueError
  assoc = (flags & PHP_JSON_OBJECT_AS_ARRAY) != 0;
  return true;
}

zend_string* internedJsonKey(std::string_view key) { return internedKeys().find(key); }

std::size_t jsonDecodeShapesCopied() { return KnownShapes::copied(); }

void setFastJsonDecode(bool on) { fastReaderOn = on; }

bool installFastJsonDecode() {
  zend_internal_function* f = jsonDecodeFunction();
  if (!f) return false;
  if (f->handler != fastJsonDecode) {
    phpJsonDecode = f->handler;
    f->handler = fastJsonDecode;
  }
  return true;
}

std::pair<std::string, std::string> compareJsonDecode(const std::string& json, int assoc, long depth, long flags) {
  zend_internal_function* f = jsonDecodeFunction();
  if (!f || !phpJsonDecode) return {"(not installed)", ""};
  std::string fast = decodeAsPhp(json, assoc, depth, flags);
  f->handler = phpJsonDecode;
  std::string own = decodeAsPhp(json, assoc, depth, flags);
  f->handler = fastJsonDecode;
  return {fast, own};
}

std::pair<std::string, std::string> compareJsonDecodeLayout(const std::string& json, int assoc, long depth,
                                                            long flags) {
  zend_internal_function* f = jsonDecodeFunction();
  if (!f || !phpJsonDecode) return {"(not installed)", ""};
  zval fast, own;
  callJsonDecode(json, assoc, depth, flags, &fast);
  f->handler = phpJsonDecode;
  callJsonDecode(json, assoc, depth, flags, &own);
  f->handler = fastJsonDecode;
  std::pair<std::string, std::string> layouts;
  describeLayout(&fast, layouts.first);
  describeLayout(&own, layouts.second);
  zval_ptr_dtor(&fast);
  zval_ptr_dtor(&own);
  return layouts;
}

void decodeWithPhpReader(const std::string& json, bool assoc, zval* out) {
  zend_internal_function* f = jsonDecodeFunction();
  ZVAL_UNDEF(out);
  if (!f || !phpJsonDecode) return;
  zval fn, args[2];
  ZVAL_STRING(&fn, "json_decode");
  ZVAL_STRINGL(&args[0], json.data(), json.size());
  ZVAL_BOOL(&args[1], assoc);
  f->handler = phpJsonDecode;
  call_user_function(nullptr, nullptr, &fn, out, 2, args);
  f->handler = fastJsonDecode;
  zval_ptr_dtor(&fn);
  zval_ptr_dtor(&args[0]);
}

bool fastJsonDecodeTakes(const std::string& json, bool assoc, long depth, long flags) {
  zval out;
  if (flags & ~static_cast<long>(PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING)) return false;
  if (!fastDecode(json.data(), json.size(), assoc || (flags & PHP_JSON_OBJECT_AS_ARRAY), depth, &out)) return false;
  zval_ptr_dtor(&out);
  return true;
}

}  // namespace symemu::php

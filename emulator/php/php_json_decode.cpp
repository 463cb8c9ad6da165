// json_decode() through simdjson: PHP's own reader spent a third of the PHP edition's time
// (each packet is decoded at every hop, ~80 instructions per byte). The fast reader builds the
// values PHP's parser builds (array keys through zend_symtable_update, a stdClass with the
// property table zend_std_write_property would leave), so a module cannot tell which one read
// its text; whatever it is not sure to read alike goes to PHP's own.
#include "symemu/php/php_json_decode.h"

#include <php.h>
#include <simdjson.h>
#include <zend_exceptions.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

extern "C" {  // php_json.h has no C++ guards
#include <ext/json/php_json.h>
}

#include "symemu/kernel/short_text.h"
#include "symemu/php/php_call_describe.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_encode.h"
#include "symemu/php/php_json_mqtt.h"

namespace symemu::php {

namespace {

zif_handler phpJsonDecode = nullptr;  // PHP's own handler
constexpr std::size_t kLargestFastText = 1 << 20;

simdjson::dom::parser& parser() {
  static simdjson::dom::parser p;
  return p;
}

// The interned strings json_decode found for object keys, by a cheap slot of the key's bytes: a
// report has ~100 keys, each looked up (hashed) in OPcache's table otherwise. Only interned
// strings are kept, and only for the request they belong to (request-local interned strings
// end with it); a slot holds the last key that fell there, compared byte for byte.
class InternedKeys {
 public:
  zend_string* find(std::string_view key) {
    const std::uint64_t generation = PhpHost::get().generation();
    if (generation != generation_) {
      std::fill(std::begin(slots_), std::end(slots_), nullptr);
      generation_ = generation;
    }
    zend_string*& slot = slots_[slotOf(key)];
    // sameBytes (short_text.h): no memcmp call for the usual short keys.
    if (slot && ZSTR_LEN(slot) == key.size() && sameBytes(ZSTR_VAL(slot), key.data(), key.size())) return slot;
    zend_string* found = zend_string_init_existing_interned(key.data(), key.size(), 0);
    if (ZSTR_IS_INTERNED(found)) slot = found;
    return found;
  }

 private:
  static std::size_t slotOf(std::string_view key) {
    if (key.empty()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(key[i])); };
    return (key.size() * 31 + byte(0) * 7 + byte(key.size() / 2) * 3 + byte(key.size() - 1)) & (kSlots - 1);
  }
  static constexpr std::size_t kSlots = 256;
  zend_string* slots_[kSlots] = {};
  std::uint64_t generation_ = 0;
};

InternedKeys& internedKeys() {
  static InternedKeys keys;  // PHP's thread only
  return keys;
}

struct Reader {
  bool assoc;
  long depth;

  // Builds `out` from `e`; false (out left undefined) for anything to leave to PHP.
  bool build(simdjson::dom::element e, zval* out, long level) {
    using T = simdjson::dom::element_type;
    switch (e.type()) {
      case T::OBJECT: {
        if (level + 1 >= depth) return false;  // at or near PHP's limit: PHP decides
        simdjson::dom::object object(e);
        // A stdClass gets the table its properties would have after zend_std_write_property()
        // of each (string keys, a repeated key updated in place), made as one table.
        HashTable* table = zend_new_array(static_cast<uint32_t>(object.size()));
        for (auto field : object) {
          std::string_view key = field.key;
          if (!assoc && !key.empty() && key[0] == '\0') return dropTable(table);  // PHP: invalid property name
          zval value;
          if (!build(field.value, &value, level + 1)) return dropTable(table);
          // The script's own text of a known key (interned by OPcache) when there is one: the
          // property and key lookups of the module then compare pointers, not bytes.
          zend_string* name = internedKeys().find(key);
          if (assoc)
            zend_symtable_update(table, name, &value);
          else
            zend_hash_update(table, name, &value);
          zend_string_release(name);
        }
        if (assoc)
          ZVAL_ARR(out, table);
        else
          object_and_properties_init(out, zend_standard_class_def, table);
        return true;
      }
      case T::ARRAY: {
        if (level + 1 >= depth) return false;
        array_init(out);
        for (simdjson::dom::element item : simdjson::dom::array(e)) {
          zval value;
          if (!build(item, &value, level + 1)) return drop(out);
          zend_hash_next_index_insert(Z_ARRVAL_P(out), &value);
        }
        return true;
      }
      case T::STRING: {
        std::string_view s = std::string_view(e);
        // One-byte texts ("0", the usual STORAGE, TARIFF and SUBUNIT) as PHP's own one-character
        // strings: nothing to allocate and free, the same string for PHP code.
        if (s.empty())
          ZVAL_EMPTY_STRING(out);
        else if (s.size() == 1)
          ZVAL_CHAR(out, s[0]);
        else
          ZVAL_STRINGL(out, s.data(), s.size());
        return true;
      }
      case T::INT64:  // within int64: PHP's ZEND_STRTOL gives the same
        ZVAL_LONG(out, static_cast<zend_long>(std::int64_t(e)));
        return true;
      case T::DOUBLE: {
        const double d = double(e);
        if (d == 0.0 && std::signbit(d)) return false;  // "-0" is PHP's int 0, "-0.0" its float -0
        // An integer literal beyond 64 bits is a double for simdjson; PHP reads it by its own
        // rules (a string with JSON_BIGINT_AS_STRING): any double that may be one goes to PHP.
        if (std::fabs(d) >= 9.2e18 && std::floor(d) == d) return false;
        ZVAL_DOUBLE(out, d);  // both round correctly
        return true;
      }
      case T::BOOL:
        ZVAL_BOOL(out, bool(e));
        return true;
      case T::NULL_VALUE:
        ZVAL_NULL(out);
        return true;
      default:  // UINT64 (PHP: a float or, with JSON_BIGINT_AS_STRING, a string) and anything new
        return false;
    }
  }

  static bool dropTable(HashTable* table) {
    zend_array_destroy(table);
    return false;
  }

  static bool drop(zval* container) {
    zval_ptr_dtor(container);
    return false;
  }
};

// The fast read of a text json_decode() got with these options; false: not taken.
bool fastDecode(const char* s, std::size_t n, bool assoc, zend_long depth, zval* out) {
  // Containers only (a BOM, leading white space or a scalar text goes to PHP). simdjson refuses
  // what PHP refuses (control bytes and unpaired surrogates in strings, invalid UTF-8,
  // trailing text), and every refusal goes to PHP for its error code.
  if (n == 0 || (s[0] != '{' && s[0] != '[')) return false;
  // The parser keeps buffers as large as the largest text it read: large texts (rare, and
  // never per packet) go to PHP, whose memory is its own and counted against memory_limit.
  if (n > kLargestFastText) return false;
  simdjson::dom::element root;
  if (parser().parse(s, n).get(root) != simdjson::SUCCESS) return false;
  return Reader{assoc, static_cast<long>(depth)}.build(root, out, 0);
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
  if (plainArguments(execute_data, json, assoc, depth) &&
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

// Calls json_decode() as PHP code would, then serialize() and json_last_error().
std::string decodeAsPhp(const std::string& json, int assoc, long depth, long flags) {
  zval args[4];
  ZVAL_STRINGL(&args[0], json.data(), json.size());
  if (assoc < 0)
    ZVAL_NULL(&args[1]);
  else
    ZVAL_BOOL(&args[1], assoc != 0);
  ZVAL_LONG(&args[2], depth);
  ZVAL_LONG(&args[3], flags);
  std::string out = describeJsonCall("json_decode", args, 4, "serialize", false);
  for (auto& a : args) zval_ptr_dtor(&a);
  return out;
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

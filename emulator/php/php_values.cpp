#include "symemu/php/php_values.h"

extern "C" {  // php_json.h has no C++ guards
#include <ext/json/php_json.h>
}
#include <zend_smart_str.h>

namespace symemu::php {

Value valueFromZval(zval* z) {
  ZVAL_DEREF(z);
  switch (Z_TYPE_P(z)) {
    case IS_TRUE:
      return true;
    case IS_FALSE:
      return false;
    case IS_LONG:
      return static_cast<std::int64_t>(Z_LVAL_P(z));
    case IS_DOUBLE:
      return Z_DVAL_P(z);
    case IS_STRING:
      return std::string(Z_STRVAL_P(z), Z_STRLEN_P(z));
    case IS_NULL:
    case IS_UNDEF:
      return std::int64_t{0};
    default:
      return jsonFromZval(z);
  }
}

void zvalFromValue(zval* out, const Value& v) {
  switch (v.index()) {
    case 0:
      ZVAL_BOOL(out, std::get<bool>(v));
      break;
    case 1:
      ZVAL_LONG(out, std::get<std::int64_t>(v));
      break;
    case 2:
      ZVAL_DOUBLE(out, std::get<double>(v));
      break;
    default: {
      const auto& s = std::get<std::string>(v);
      ZVAL_STRINGL(out, s.data(), s.size());
    }
  }
}

std::string stringFromZval(zval* z) {
  ZVAL_DEREF(z);
  if (Z_TYPE_P(z) == IS_STRING) return std::string(Z_STRVAL_P(z), Z_STRLEN_P(z));
  if (Z_TYPE_P(z) == IS_ARRAY || Z_TYPE_P(z) == IS_OBJECT) return jsonFromZval(z);
  zend_string* s = zval_get_string(z);
  std::string out(ZSTR_VAL(s), ZSTR_LEN(s));
  zend_string_release(s);
  return out;
}

std::string jsonFromZval(zval* z) {
  smart_str buf = {};
  php_json_encode(&buf, z, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_PRESERVE_ZERO_FRACTION);
  smart_str_0(&buf);
  std::string out = buf.s ? std::string(ZSTR_VAL(buf.s), ZSTR_LEN(buf.s)) : std::string("null");
  smart_str_free(&buf);
  return out;
}

bool zvalFromJson(zval* out, const std::string& text) {
  return php_json_decode_ex(out, text.data(), text.size(), PHP_JSON_OBJECT_AS_ARRAY, PHP_JSON_PARSER_DEFAULT_DEPTH) ==
         SUCCESS;
}

zval* ArgList::atInTable(std::size_t i) const {
  zval* z = table_ ? zend_hash_index_find(table_, i) : i < count_ ? args_ + i : nullptr;
  if (!z) throw KernelError(std::string(op_) + ": argument " + std::to_string(i + 1) + " is missing");
  ZVAL_DEREF(z);
  return z;
}

std::string ArgList::str(std::size_t i) const { return stringFromZval(at(i)); }
std::string_view ArgList::view(std::size_t i, std::string& scratch) const {
  zval* z = at(i);
  if (Z_TYPE_P(z) == IS_STRING) return {Z_STRVAL_P(z), Z_STRLEN_P(z)};
  scratch = stringFromZval(z);
  return scratch;
}

std::int64_t ArgList::integer(std::size_t i) const { return zval_get_long(at(i)); }
double ArgList::real(std::size_t i) const { return zval_get_double(at(i)); }
bool ArgList::boolean(std::size_t i) const { return zend_is_true(at(i)); }
Value ArgList::value(std::size_t i) const { return valueFromZval(at(i)); }

}  // namespace symemu::php

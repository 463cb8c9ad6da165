#pragma once
// Conversions between PHP values (zval) and the kernel's Values and JSON texts. Internal to the
// PHP host: includes PHP's headers. Every function runs on the PHP thread inside a request.
// Errors: the to-kernel conversions throw KernelError naming what did not fit.
#include <php.h>

#include <string>
#include <vector>

#include "symemu/kernel/types.h"

namespace symemu::php {

// A scalar as a kernel Value; null becomes 0, arrays and objects become their JSON text.
Value valueFromZval(zval* z);
void zvalFromValue(zval* out, const Value& v);
std::string stringFromZval(zval* z);  // PHP's string conversion; arrays as JSON
std::string jsonFromZval(zval* z);    // json_encode (unescaped slashes and unicode)
// json_decode($text, true); false when the text is not JSON.
bool zvalFromJson(zval* out, const std::string& text);

// Positional access to the argument array the prelude passes to an internal function.
class ArgList {
 public:
  ArgList(HashTable* table, const char* op) : table_(table), op_(op) {}
  std::size_t size() const { return table_ ? zend_hash_num_elements(table_) : 0; }
  zval* at(std::size_t i) const;  // throws when missing
  std::string str(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;
  double real(std::size_t i) const;
  bool boolean(std::size_t i) const;
  Value value(std::size_t i) const;

 private:
  HashTable* table_;
  const char* op_;
};

}  // namespace symemu::php

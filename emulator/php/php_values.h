#pragma once
// Conversions between PHP values (zval) and the kernel's Values and JSON texts. Internal to the
// PHP host: includes PHP's headers. Every function runs on the PHP thread inside a request.
// Errors: the to-kernel conversions throw KernelError naming what did not fit.
#include <php.h>

#include <cstdint>
#include <string>
#include <string_view>
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

// Positional access to the arguments of an internal function: the array the prelude passes, or
// the call frame's own arguments (the direct __symemu_<Op> functions, php_internal_functions.cpp).
class ArgList {
 public:
  ArgList(HashTable* table, const char* op) : table_(table), op_(op) {}
  ArgList(zval* args, std::uint32_t count, const char* op) : args_(args), count_(count), op_(op) {}
  std::size_t size() const { return table_ ? zend_hash_num_elements(table_) : count_; }
  // Throws when missing. (Inline for the call frame's own arguments: it runs several times for
  // every module call.)
  zval* at(std::size_t i) const {
    if (!table_ && i < count_) {
      zval* z = args_ + i;
      ZVAL_DEREF(z);
      return z;
    }
    return atInTable(i);
  }
  std::string str(std::size_t i) const;
  // What str() gives, without a copy of a string argument (the view is valid while the argument
  // is): other values are converted into `scratch`.
  std::string_view view(std::size_t i, std::string& scratch) const;
  std::int64_t integer(std::size_t i) const;
  double real(std::size_t i) const;
  bool boolean(std::size_t i) const;
  Value value(std::size_t i) const;

 private:
  zval* atInTable(std::size_t i) const;  // at() for an argument array, or a missing argument

  HashTable* table_ = nullptr;
  zval* args_ = nullptr;  // with count_: contiguous arguments of a call frame
  std::uint32_t count_ = 0;
  const char* op_;
};

}  // namespace symemu::php

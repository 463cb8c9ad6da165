#include "symemu/php/php_call_describe.h"

#include <php.h>
#include <zend_exceptions.h>

namespace symemu::php {

std::string describeJsonCall(const char* function, zval* args, std::uint32_t argc, const char* describer,
                             bool describerReturns) {
  zval fn, result, text, error;
  ZVAL_STRING(&fn, function);
  std::string out = "(call failed)";
  ZVAL_UNDEF(&result);
  if (call_user_function(nullptr, nullptr, &fn, &result, argc, args) == SUCCESS && EG(exception)) {
    out = "(exception)";  // e.g. the ValueError for a depth of 0
    zend_clear_exception();
    zval_ptr_dtor(&result);
  } else if (Z_TYPE(result) != IS_UNDEF) {
    zval describe, lastError, describeArgs[2];
    ZVAL_STRING(&describe, describer);
    ZVAL_STRING(&lastError, "json_last_error");
    ZVAL_COPY_VALUE(&describeArgs[0], &result);
    ZVAL_TRUE(&describeArgs[1]);
    if (call_user_function(nullptr, nullptr, &describe, &text, describerReturns ? 2 : 1, describeArgs) == SUCCESS &&
        call_user_function(nullptr, nullptr, &lastError, &error, 0, nullptr) == SUCCESS) {
      out = std::string(Z_STRVAL(text), Z_STRLEN(text)) + " " + std::to_string(zval_get_long(&error));
      zval_ptr_dtor(&text);
      zval_ptr_dtor(&error);
    }
    zval_ptr_dtor(&describe);
    zval_ptr_dtor(&lastError);
    zval_ptr_dtor(&result);
  }
  zval_ptr_dtor(&fn);
  return out;
}

}  // namespace symemu::php

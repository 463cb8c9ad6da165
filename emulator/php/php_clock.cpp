// PHP's time(), microtime(), date() and gmdate() read the kernel's clock while PHP runs for a
// kernel (docs/architecture.md §2: nothing reads the system time directly), so `advance()` and replay
// move a module's idea of "now" too. Outside a kernel call they behave as PHP's own.
#include <php.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_host.h"

extern "C" {  // ext/date has no C++ guards
#include <ext/date/php_date.h>
}

namespace symemu::php {

namespace {

zif_handler originalTime = nullptr, originalMicrotime = nullptr, originalDate = nullptr, originalGmdate = nullptr;

// php-cli test runs (docs/phpunit-stubs.md) read the test kernel's clock outside calls too.
Kernel* runningKernel() {
  CallFrame* frame = PhpHost::get().current();
  return frame ? frame->kernel : PhpHost::get().defaultKernel();
}

ZEND_FUNCTION(symemu_time) {
  Kernel* k = runningKernel();
  if (!k) return originalTime(INTERNAL_FUNCTION_PARAM_PASSTHRU);
  ZEND_PARSE_PARAMETERS_NONE();
  RETURN_LONG(k->nowSeconds());
}

ZEND_FUNCTION(symemu_microtime) {
  Kernel* k = runningKernel();
  if (!k) return originalMicrotime(INTERNAL_FUNCTION_PARAM_PASSTHRU);
  bool asFloat = false;
  ZEND_PARSE_PARAMETERS_START(0, 1)
  Z_PARAM_OPTIONAL
  Z_PARAM_BOOL(asFloat)
  ZEND_PARSE_PARAMETERS_END();
  const double now = k->now();
  if (asFloat) RETURN_DOUBLE(now);
  const double seconds = std::floor(now);
  char text[64];
  std::snprintf(text, sizeof text, "%.8F %ld", now - seconds, static_cast<long>(seconds));
  RETURN_STRING(text);
}

// gmdate()'s last text: a gateway stamps each report with gmdate('Y-m-d H:i:s', time()), and
// PHP's formatting (timelib) took ~3 k instructions a call for a text that changes once a second.
// UTC only: date() depends on the request's time zone. Kept for one request (its strings die
// with it); PHP's thread only.
class GmdateCache {
 public:
  zend_string* format(zend_string* format, zend_long ts) {
    const std::uint64_t generation = PhpHost::get().generation();
    if (text_ && (generation != generation_ || ts != ts_ || !zend_string_equals(format, format_))) {
      if (generation == generation_) {
        zend_string_release(text_);
        zend_string_release(format_);
      }
      text_ = format_ = nullptr;
    }
    if (!text_) {
      text_ = php_format_date(ZSTR_VAL(format), ZSTR_LEN(format), ts, false);
      format_ = zend_string_copy(format);
      ts_ = ts;
      generation_ = generation;
    }
    return zend_string_copy(text_);
  }

 private:
  zend_string* text_ = nullptr;
  zend_string* format_ = nullptr;
  zend_long ts_ = 0;
  std::uint64_t generation_ = 0;
};

void formatDate(INTERNAL_FUNCTION_PARAMETERS, bool local, zif_handler original) {
  Kernel* k = runningKernel();
  if (!k) return original(INTERNAL_FUNCTION_PARAM_PASSTHRU);
  zend_string* format = nullptr;
  zend_long ts = 0;
  bool tsIsNull = true;
  ZEND_PARSE_PARAMETERS_START(1, 2)
  Z_PARAM_STR(format)
  Z_PARAM_OPTIONAL
  Z_PARAM_LONG_OR_NULL(ts, tsIsNull)
  ZEND_PARSE_PARAMETERS_END();
  if (tsIsNull) ts = k->nowSeconds();
  if (!local) {
    static GmdateCache cache;
    RETURN_STR(cache.format(format, ts));
  }
  RETURN_STR(php_format_date(ZSTR_VAL(format), ZSTR_LEN(format), ts, local));
}

ZEND_FUNCTION(symemu_date) { formatDate(INTERNAL_FUNCTION_PARAM_PASSTHRU, true, originalDate); }
ZEND_FUNCTION(symemu_gmdate) { formatDate(INTERNAL_FUNCTION_PARAM_PASSTHRU, false, originalGmdate); }

void replace(const char* name, zif_handler handler, zif_handler& original) {
  auto* fn = static_cast<zend_function*>(zend_hash_str_find_ptr(CG(function_table), name, std::strlen(name)));
  if (!fn || fn->type != ZEND_INTERNAL_FUNCTION) return;
  original = fn->internal_function.handler;
  fn->internal_function.handler = handler;
}

}  // namespace

void installKernelClock() {
  if (originalTime) return;
  replace("time", ZEND_FN(symemu_time), originalTime);
  replace("microtime", ZEND_FN(symemu_microtime), originalMicrotime);
  replace("date", ZEND_FN(symemu_date), originalDate);
  replace("gmdate", ZEND_FN(symemu_gmdate), originalGmdate);
}

}  // namespace symemu::php

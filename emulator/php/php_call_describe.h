#pragma once
// For the json_encode / json_decode guard tests: calls a PHP function as PHP code would and
// describes what it gave, so that the fast path and PHP's own can be compared as texts.
// Threads: PHP's; PHP must be started. Ownership: `args` stay the caller's.
// Errors: none; a call that throws reads "(exception)", one that fails "(call failed)".
#include <cstdint>
#include <string>

struct _zval_struct;

namespace symemu::php {

// `describer`($result[, true]) . ' ' . json_last_error() of `function`(...args); `describerReturns`
// passes true as the describer's second argument (var_export's $return).
std::string describeJsonCall(const char* function, _zval_struct* args, std::uint32_t argc, const char* describer,
                             bool describerReturns);

}  // namespace symemu::php

// The embed SAPI start-up (the only SAPI-specific code of the PHP host).
#include "embed_sapi.h"

#include <php_embed.h>

#include <cstring>
#include <string>

#include "kernel/types.h"
#include "php_extension.h"
#include "php_host.h"

namespace symemu::php {

namespace {

// Our functions must be registered as a module at start-up: functions added after
// php_embed_init vanish at the end of the first request (docs/architecture.md §5a).
int startupWithSymemu(sapi_module_struct* sapi) { return php_module_startup(sapi, symemuModuleEntry()); }

// Output that reaches the SAPI escaped every output buffer of the host (e.g. flushed by a
// request restart after a fatal error); it belongs to no call, so it is dropped.
size_t discardOutput(const char*, size_t length) { return length; }
void discardLog(const char*, int) {}

void applyIni() {
  auto set = [](const char* name, const std::string& value) {
    zend_string* key = zend_string_init(name, std::strlen(name), 0);
    zend_alter_ini_entry_chars(key, value.c_str(), value.size(), PHP_INI_SYSTEM, PHP_INI_STAGE_RUNTIME);
    zend_string_release(key);
  };
  set("display_errors", "0");
  set("log_errors", "0");
  set("html_errors", "0");
  set("error_reporting", std::to_string(E_ALL));
  set("max_execution_time", "0");  // PhpHost's watchdog enforces the limit (no SIGPROF)
  set("memory_limit", PhpHost::get().memoryLimit());
  set("output_buffering", "0");
  set("implicit_flush", "0");
}

void restartRequest() {
  php_request_shutdown(nullptr);
  if (php_request_startup() != SUCCESS) throw KernelError("PHP: a new request could not be started");
  SG(headers_sent) = 1;
  SG(request_info).no_headers = 1;
  applyIni();
}

}  // namespace

void startEmbeddedPhp(const std::string& preludeDirectory) {
  static bool started = false;
  if (started) return;
  setPreludeDirectory(preludeDirectory);
  php_embed_module.startup = startupWithSymemu;
  php_embed_module.ub_write = discardOutput;
  php_embed_module.log_message = discardLog;
  static char name[] = "symemu";
  static char* argv[] = {name, nullptr};
  if (php_embed_init(1, argv) != SUCCESS) throw KernelError("PHP (libphp8.2-embed) could not be started");
  started = true;
  applyIni();
  PhpHost::get().attachSapi(restartRequest);
}

}  // namespace symemu::php

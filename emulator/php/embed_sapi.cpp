// The embed SAPI start-up (the only SAPI-specific code of the PHP host).
#include "symemu/php/embed_sapi.h"

#include <php_embed.h>

#include <cstring>
#include <string>

#include "symemu/kernel/types.h"
#include "symemu/php/php_extension.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_decode.h"
#include "symemu/php/php_json_encode.h"

namespace symemu::php {

namespace {

// OPcache with its JIT compiles each module.php once per process and runs the library code
// faster than the plain VM (docs/performance.md, "PHP edition"). It serves only
// SAPIs it knows, php-cli among them (opcache.enable_cli), not "embed". Our module starts after
// PHP_SAPI is defined and before the zend extensions (OPcache) do, so from there to the end of
// start-up this SAPI calls itself "cli"; PHP_SAPI and php_sapi_name() say "embed" as before.
// Without OPcache (not installed) PHP runs as it did. The Python module loads libphp with
// RTLD_LOCAL, where no shared extension loads: it runs without OPcache.
constexpr const char* kOpcacheIni =
    "opcache.enable=1\nopcache.enable_cli=1\nopcache.jit=tracing\nopcache.jit_buffer_size=32M\n"
    "opcache.memory_consumption=32\nopcache.validate_timestamps=1\nopcache.revalidate_freq=0\n";
char* embedName = nullptr;

zend_result presentAsCliToOpcache(int, int) {
  static char cli[] = "cli";
  embedName = sapi_module.name;
  sapi_module.name = cli;
  return SUCCESS;
}

// Our functions must be registered as a module at start-up: functions added after
// php_embed_init vanish at the end of the first request (docs/architecture.md §5a).
int startupWithSymemu(sapi_module_struct* sapi) {
  static std::string ini = std::string(sapi->ini_entries ? sapi->ini_entries : "") + kOpcacheIni;
  sapi->ini_entries = ini.data();  // php_module_startup copies *sapi into sapi_module
  symemuModuleEntry()->module_startup_func = presentAsCliToOpcache;
  int rc = php_module_startup(sapi, symemuModuleEntry());
  if (embedName) sapi_module.name = embedName;
  return rc;
}

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
  installFastJsonDecode();  // before any PHP code is compiled
  installFastJsonEncode();
  applyIni();
  PhpHost::get().attachSapi(restartRequest);
}

}  // namespace symemu::php

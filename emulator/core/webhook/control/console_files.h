#pragma once
// The web console's static files (emulator/console/, docs/console.md) served under /console/ on
// the WebHook Control's HTTP and HTTPS listeners. The console itself talks to the kernel only
// through the JSON-RPC API and its message stream; this route only hands out files.
// Threads: called on the HTTP server's worker threads, never touches the kernel; thread-safe.
// Errors: a missing or unreadable file is a 404 naming the path; no exception escapes.
#include <functional>
#include <optional>
#include <string>

#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::core {

// The folder the files come from: $SYMEMU_CONSOLE_DIR when set, else <data>/console, the copy of
// emulator/console in share/symemu found relative to the binary (runtime/data_dir.h). Empty when
// neither is found (every file is then a 404 saying so).
std::string consoleDirectory();

// nullopt when request.path is not /console or below it; otherwise the answer: what `refuse`
// answers when it refuses the caller (the API's access rules, docs/api.md), the file (GET and
// HEAD), a redirect from /console to /console/, 404 for unknown files or paths that try to leave
// the folder, 405 for other methods.
using AccessRule = std::function<std::optional<webhook::HookResponse>(const webhook::HookRequest&)>;
std::optional<webhook::HookResponse> serveConsoleFile(const webhook::HookRequest& request,
                                                      const AccessRule& refuse = nullptr);

}  // namespace symemu::core

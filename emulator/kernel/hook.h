#pragma once
// What a module's processHookData sees of an HTTP request and returns (docs/symcon-kernel.md §9.2).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace symemu {

// One struct for the whole way: the HTTP server (symemu_webhook_http) fills it, WebHook Control
// dispatches it, in-process traffic (emulator/harness/traffic.h) builds it.
struct HookRequest {
  std::string method;
  std::string uri;                                           // path + query exactly as received
  std::string path;                                          // percent-decoded, without the query
  std::string query;                                         // raw (still encoded), without '?'; empty when none
  std::vector<std::pair<std::string, std::string>> headers;  // in received order, names as sent
  std::string body;
  std::string clientAddress;
  int clientPort = 0;
  bool secure = false;  // came in over HTTPS
  // From "Authorization: Basic ..."; both absent when none was sent or it was malformed
  // (like PHP's PHP_AUTH_USER / PHP_AUTH_PW).
  std::optional<std::string> authUser, authPassword;
  std::string hook;  // the registered hook that matched, e.g. "/hook/smartlog" ($_SERVER['HOOK'])
  std::string header(const std::string& name) const;  // case-insensitive, "" when absent
};

struct HookResponse {
  int status = 200;
  // Sent as given (repeats allowed, e.g. Set-Cookie). Content-Length and Transfer-Encoding are
  // computed by the server; "Connection: close" closes the connection after the response.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace symemu

#pragma once
// Who may use the API (POST /api/ and its WebSocket). Symcon answers local callers without
// credentials and remote callers only with them; symemu does the same:
//  - Local means the connection comes from 127.0.0.1 or ::1 (also ::ffff:127.0.0.1). Other
//    127.x.y.z addresses count as remote, so a test can play a remote caller on one machine.
//  - Local callers need no credentials, unless `authAll` (serve --api-auth all).
//  - Everyone else needs HTTP Basic auth with the configured user and password; without
//    configured credentials remote callers are refused with a message saying how to allow them.
//  - A wrong user and a wrong password get the same answer; credentials are compared in time
//    independent of where they differ, and are never logged.
//
// Plain data and pure functions: any thread.
#include <optional>
#include <string>

#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::api {

struct ApiAccess {
  std::optional<std::string> user, password;
  bool authAll = false;  // local callers need credentials too
  bool hasCredentials() const { return user.has_value() && password.has_value(); }
};

bool isLoopbackCaller(const std::string& address);

// nullopt: allowed. Otherwise the 401 answer to send (JSON-RPC error body, WWW-Authenticate).
std::optional<webhook::HookResponse> refuseAccess(const ApiAccess& access, const webhook::HookRequest& request);

// Why a request is refused, for the WebSocket handshake (same texts as refuseAccess).
std::optional<std::string> accessProblem(const ApiAccess& access, const webhook::HookRequest& request);

}  // namespace symemu::api

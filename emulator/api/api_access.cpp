#include "symemu/api/api_access.h"

#include "symemu/api/json_rpc.h"
#include "symemu/api/json_text.h"

namespace symemu::api {

namespace {

// Compares without an early exit, so the time taken does not tell how much of a guess was right.
bool sameSecret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

bool isLoopbackCaller(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}

std::optional<std::string> accessProblem(const ApiAccess& access, const webhook::HookRequest& request) {
  bool local = isLoopbackCaller(request.clientAddress);
  if (local && !access.authAll) return std::nullopt;
  if (!access.hasCredentials())
    return std::string(
        "Remote access to the API is disabled: start symemu serve with --api-user USER "
        "--api-password PASSWORD to allow callers from other addresses (with HTTP Basic auth)");
  if (!request.authUser || !request.authPassword) return std::string("This API needs HTTP Basic auth");
  // Both compared always: a wrong user and a wrong password look the same from outside.
  bool userOk = sameSecret(*request.authUser, *access.user);
  bool passwordOk = sameSecret(*request.authPassword, *access.password);
  if (!(userOk & passwordOk)) return std::string("Wrong user name or password");
  return std::nullopt;
}

std::optional<webhook::HookResponse> refuseAccess(const ApiAccess& access, const webhook::HookRequest& request) {
  auto problem = accessProblem(access, request);
  if (!problem) return std::nullopt;
  webhook::HookResponse r;
  r.status = 401;
  r.headers = {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Basic realm=\"symemu API\""}};
  r.body = writeJson(jsonRpcErrorAnswer({rpc::Unauthorized, *problem})) + "\n";
  return r;
}

}  // namespace symemu::api

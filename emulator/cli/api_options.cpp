#include "symemu/cli/api_options.h"

namespace symemu::cli {

api::ApiAccess apiAccessFromArgs(const Args& a) {
  api::ApiAccess access;
  access.user = a.value("api-user");
  access.password = a.value("api-password");
  if (access.user.has_value() != access.password.has_value())
    throw UsageError("serve: --api-user and --api-password go together");
  std::string mode = a.value("api-auth", "remote");
  if (mode != "remote" && mode != "all")
    throw UsageError("serve: --api-auth is 'remote' (credentials for other addresses) or 'all', not '" + mode + "'");
  access.authAll = mode == "all";
  if (access.authAll && !access.hasCredentials())
    throw UsageError("serve: --api-auth all needs --api-user and --api-password");
  return access;
}

}  // namespace symemu::cli

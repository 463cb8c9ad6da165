#pragma once
// `serve --api-user U --api-password P --api-auth remote|all`: who may use the JSON-RPC API.
#include "symemu/api/api_access.h"
#include "symemu/cli/args.h"

namespace symemu::cli {

// Throws UsageError when only one of user and password is given, or `--api-auth all` lacks them.
api::ApiAccess apiAccessFromArgs(const Args& args);

}  // namespace symemu::cli

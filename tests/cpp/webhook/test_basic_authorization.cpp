#include <catch2/catch.hpp>

#include "symemu/core/webhook/basic_authorization.h"

using symemu::webhook::parseBasicAuthorization;
using Credentials = std::optional<std::pair<std::string, std::string>>;

TEST_CASE("parseBasicAuthorization decodes well-formed credentials", "[webhook][auth]") {
  CHECK(parseBasicAuthorization("Basic dXNlcjpwYXNz") == Credentials({"user", "pass"}));
  CHECK(parseBasicAuthorization("basic   dXNlcjpwYXNz ") == Credentials({"user", "pass"}));
  // Password with colons keeps them; empty user and empty password are allowed (as in PHP).
  CHECK(parseBasicAuthorization("Basic YTpiOmM=") == Credentials({"a", "b:c"}));
  CHECK(parseBasicAuthorization("Basic OnB3") == Credentials({"", "pw"}));
  CHECK(parseBasicAuthorization("Basic dTo=") == Credentials({"u", ""}));
  CHECK(parseBasicAuthorization("Basic dTo") == Credentials({"u", ""}));  // padding left out
}

TEST_CASE("parseBasicAuthorization rejects malformed values", "[webhook][auth]") {
  CHECK_FALSE(parseBasicAuthorization(""));
  CHECK_FALSE(parseBasicAuthorization("Basic"));
  CHECK_FALSE(parseBasicAuthorization("Basic "));
  CHECK_FALSE(parseBasicAuthorization("Bearer dXNlcjpwYXNz"));
  CHECK_FALSE(parseBasicAuthorization("Basic !!!!"));
  CHECK_FALSE(parseBasicAuthorization("Basic dXNl cjpwYXNz"));  // space inside
  CHECK_FALSE(parseBasicAuthorization("Basic dXNlcg=="));       // "user": no colon
  CHECK_FALSE(parseBasicAuthorization("Basic dXNlcjpwYXNz="));  // padding on a full group
  CHECK_FALSE(parseBasicAuthorization("Basic d"));              // impossible length
  CHECK_FALSE(parseBasicAuthorization("Basic =dTo"));
}

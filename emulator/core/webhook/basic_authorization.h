#pragma once

#include <optional>
#include <string>
#include <utility>

namespace symemu::webhook {

// Value of an Authorization header -> {user, password} for a well-formed Basic credential
// (scheme case-insensitive, valid base64, decoded text containing ':'); nothing otherwise.
std::optional<std::pair<std::string, std::string>> parseBasicAuthorization(const std::string& value);

}  // namespace symemu::webhook

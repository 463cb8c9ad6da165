#include "symemu/core/webhook/basic_authorization.h"

#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>

namespace symemu::webhook {

namespace {

bool isBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Poco's decoder skips characters it does not know, so check the token strictly first:
// alphabet characters, then at most two '=' that complete a 4-character group.
bool isStrictBase64(const std::string& token) {
  std::size_t n = token.size();
  std::size_t pad = 0;
  while (pad < 2 && n > pad && token[n - 1 - pad] == '=') ++pad;
  if (n == 0 || (pad > 0 && n % 4 != 0) || n % 4 == 1) return false;
  for (std::size_t i = 0; i + pad < n; ++i)
    if (!isBase64Char(token[i])) return false;
  return true;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> parseBasicAuthorization(const std::string& value) {
  const std::string trimmed = Poco::trim(value);
  const std::size_t space = trimmed.find_first_of(" \t");
  if (space == std::string::npos) return std::nullopt;
  if (Poco::icompare(trimmed.substr(0, space), "Basic") != 0) return std::nullopt;
  const std::string token = Poco::trim(trimmed.substr(space + 1));
  if (!isStrictBase64(token)) return std::nullopt;

  std::string decoded;
  try {
    std::string padded = token;
    while (padded.size() % 4 != 0) padded.push_back('=');  // Poco's decoder wants full groups
    std::istringstream in(padded);
    Poco::Base64Decoder decoder(in);
    decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  const std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;  // PHP sets nothing without a ':'
  return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
}

}  // namespace symemu::webhook

#pragma once
// What a module's processHookData sees of an HTTP request and returns (symcon-kernel.md §9.2).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace symemu {

struct HookRequest {
  std::string method, uri, path, query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body, clientAddress;
  int clientPort = 0;
  bool secure = false;
  std::optional<std::string> authUser, authPassword;  // absent when no Basic credentials were sent
  std::string hook;  // the registered hook that matched, e.g. "/hook/smartlog" ($_SERVER['HOOK'])
  std::string header(const std::string& name) const;  // case-insensitive, "" when absent
};

struct HookResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace symemu

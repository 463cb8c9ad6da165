#pragma once

// A HookHandler for tests: keeps every request it saw and answers with a configurable function.

#include <functional>
#include <mutex>
#include <vector>

#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::webhook::test {

class RecordingHandler {
 public:
  std::function<HookResponse(const HookRequest&)> respond = [](const HookRequest& r) {
    return HookResponse{200, {{"Content-Type", "text/plain"}}, "ok " + r.path};
  };

  HookHandler handler() {
    return [this](const HookRequest& r) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(r);
      }
      return respond(r);
    };
  }
  std::vector<HookRequest> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }
  HookRequest last() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.back();
  }

 private:
  std::mutex mutex_;
  std::vector<HookRequest> requests_;
};

inline std::optional<std::string> header(const HookRequest& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return std::nullopt;
}

inline HttpServerConfig loopbackHttp() {
  HttpServerConfig c;
  c.bindAddress = "127.0.0.1";
  c.httpPort = 0;
  c.httpsPort = -1;
  c.timeoutSeconds = 5;
  c.maxThreads = 4;
  return c;
}

}  // namespace symemu::webhook::test

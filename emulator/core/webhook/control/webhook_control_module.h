#pragma once
// Symcon's WebHook Control (docs/symcon-kernel.md §9): one core instance whose `Hooks` property maps
// path prefixes to target instances, served over HTTP and HTTPS. Requests arrive on server worker
// threads, are dispatched on the kernel thread, and are answered once the batch they ran in has
// committed (a 200 means the data is on disk).
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "symemu/kernel/hook.h"
#include "symemu/kernel/module.h"

namespace symemu::webhook {
class HookHttpServer;
struct HttpEndpoint;
}  // namespace symemu::webhook

namespace symemu::core {

inline const char* const kWebHookControlModuleId = "{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}";

namespace webhookcontrol {
constexpr int StatusBindFailed = 200, StatusBadHooks = 201;
}

struct HookEntry {
  std::string hook;
  int targetId = 0;
};

// Parses the Hooks property; throws KernelError naming the problem.
std::vector<HookEntry> parseHooks(const std::string& json);
std::string hooksToJson(const std::vector<HookEntry>& hooks);

class WebHookControlModule : public Module {
 public:
  WebHookControlModule();
  ~WebHookControlModule() override;
  void create() override;
  void applyChanges() override;
  void destroy() override;

  // Kernel thread: longest-prefix dispatch to the target's processHookData (404 when none).
  HookResponse dispatch(const HookRequest& request);
  // dispatch, with an exception answered 500 and its text, as the HTTP server answers it. Every
  // way in (sockets, replay, Python) answers through here.
  HookResponse answer(const HookRequest& request) noexcept;
  int httpPort() const;
  int httpsPort() const;
  std::string certificateFile() const;
  // Called for every request before dispatch (`serve --record`).
  void setRequestObserver(std::function<void(const HookRequest&)> observer) { observer_ = std::move(observer); }
  // Symcon's JSON-RPC API on the same listeners, at /api/ (emulator/api installs it; without it
  // /api/ is just a path without a hook). Any thread; takes effect for the next request.
  void setApiEndpoint(std::shared_ptr<const webhook::HttpEndpoint> endpoint);
  static constexpr std::size_t kApiMaxBodyBytes = 1024 * 1024;  // JSON-RPC bodies are small
  // The installed API, read by server worker threads: shared with the server's endpoint handlers.
  struct ApiSlot {
    std::mutex mutex;
    std::shared_ptr<const webhook::HttpEndpoint> endpoint;
    std::shared_ptr<const webhook::HttpEndpoint> get() {
      std::lock_guard<std::mutex> lock(mutex);
      return endpoint;
    }
  };

 private:
  struct ServerConfig {
    std::string bind, certFile, keyFile, certDir;
    int http = 0, https = 0, timeout = 0;
    std::int64_t maxBody = 0;
    bool operator==(const ServerConfig& o) const {
      return bind == o.bind && certFile == o.certFile && keyFile == o.keyFile && certDir == o.certDir &&
             http == o.http && https == o.https && timeout == o.timeout && maxBody == o.maxBody;
    }
  };
  ServerConfig wantedConfig() const;
  void stopServer();

  std::vector<HookEntry> hooks_;
  std::unique_ptr<webhook::HookHttpServer> server_;
  // Set while the server stops: handlers waiting for the kernel give up at once, so stopping
  // never waits for work the (already stopped) kernel thread will not run.
  std::shared_ptr<std::atomic<bool>> stopping_ = std::make_shared<std::atomic<bool>>(false);
  std::optional<ServerConfig> active_;
  std::function<void(const HookRequest&)> observer_;
  std::shared_ptr<ApiSlot> api_ = std::make_shared<ApiSlot>();
};

}  // namespace symemu::core

#pragma once
// Symcon's JSON-RPC API on the WebHook Control's HTTP and HTTPS listeners (docs/api.md):
//   POST /api/           JSON-RPC 2.0 over the kernel function table (json_rpc.h)
//   GET  /api/ + Upgrade  WebSocket: the kernel's message stream (message_stream.h)
// Access rules: api_access.h.
//
// Threads: create() on the kernel thread or before it starts (it adds kernel observers). The
// HTTP and WebSocket handlers run on the server's worker threads: a JSON-RPC request is posted
// to the kernel as one task (a batch runs in order in that task) and answered once the batch it
// ran in has been committed, so a result means its effects are on disk. Workers never touch
// kernel state themselves. A WebSocket client holds one worker thread while connected; at most
// Options::stream.maxSubscribers are served at once (more get 503).
//
// Ownership: the service is shared by the endpoint it hands out and by the kernel observers, so
// it lives as long as the kernel or a request in flight, whichever is longer.
#include <atomic>
#include <chrono>
#include <memory>

#include "symemu/api/api_access.h"
#include "symemu/kernel/kernel.h"
#include "symemu/api/message_stream.h"
#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::api {

struct ApiOptions {
  ApiAccess access;
  MessageStream::Options stream;
  std::chrono::seconds callTimeout{30};  // a call the kernel has not answered by then gets 503
};

class ApiService : public std::enable_shared_from_this<ApiService> {
 public:
  static std::shared_ptr<ApiService> create(Kernel& kernel, ApiOptions options);

  // The handlers for webhook::HttpServerConfig::endpoint (WebHookControlModule::setApiEndpoint).
  std::shared_ptr<webhook::HttpEndpoint> endpoint();

  webhook::HookResponse handleHttp(const webhook::HookRequest& request);
  webhook::HookResponse rejected(int status, const std::string& why) const;
  void handleUpgrade(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                     const webhook::HookRequest& head);
  // The server stops: streams end (1001), waiting calls give up, and calls that still arrive
  // on kept-alive connections are refused at once (the kernel thread may already be gone).
  void stopping();
  // The server started again: calls are served again.
  void started();

  MessageStream& stream() { return stream_; }

 private:
  ApiService(Kernel& kernel, ApiOptions options);
  webhook::HookResponse runJsonRpc(const std::string& body);

  Kernel& kernel_;
  ApiOptions options_;
  MessageStream stream_;
  std::atomic<std::uint64_t> generation_{0};  // bumped by stopping()
  std::atomic<bool> stopped_{false};          // set by stopping(), cleared by started()
};

// Installs the API on the WebHook Control instance `webhookId` (serve does this). Kernel thread.
std::shared_ptr<ApiService> installApi(Kernel& kernel, int webhookId, ApiOptions options);

}  // namespace symemu::api

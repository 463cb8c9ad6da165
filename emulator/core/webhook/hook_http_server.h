#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "symemu/kernel/hook.h"
#include "symemu/core/webhook/basic_authorization.h"
#include "symemu/core/webhook/longest_prefix_match.h"
#include "symemu/core/webhook/self_signed_certificate.h"

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace symemu::webhook {

// One request and its answer: the kernel's types (kernel/hook.h), so a request reaches a module's
// ProcessHookData without a copy into another struct.
using HookRequest = symemu::HookRequest;
using HookResponse = symemu::HookResponse;

// Called on one of the server's worker threads, possibly several at once; may block (e.g. wait
// for the kernel thread). An exception becomes a 500 response.
using HookHandler = std::function<HookResponse(const HookRequest&)>;

// A second kind of endpoint on the same listeners: Symcon's JSON-RPC API at /api/. Requests whose
// path is one of `paths` are read with this endpoint's body limit and go to `handler` instead of
// the hook handler; one that cannot be read (too large, bad framing, stalled) is answered with
// `rejected(status, why)`; a WebSocket upgrade (GET with "Upgrade: websocket") goes to `upgrade`,
// which owns the connection, on this worker thread, until it returns. Called on worker threads.
struct HttpEndpoint {
  std::vector<std::string> paths;
  std::size_t maxBodyBytes = 1024 * 1024;
  HookHandler handler;
  std::function<HookResponse(int status, const std::string& why)> rejected;
  std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&, const HookRequest& head)> upgrade;
  std::function<void()> stopping;  // the server stops: end long-lived handlers (streams) now
  std::function<void()> started;   // the server (re)started after stopping: serve calls again
  // The endpoint's access rule, for other routes that share it (the web console's files):
  // nullopt = allowed, otherwise the answer to send.
  std::function<std::optional<HookResponse>(const HookRequest&)> refuse;
};

struct HttpServerConfig {
  std::string bindAddress = "0.0.0.0";
  int httpPort = 3777;            // 0 = ephemeral, -1 = disabled
  int httpsPort = 3778;           // 0 = ephemeral, -1 = disabled
  std::string certFile, keyFile;  // empty: a self-signed pair in certDir, made once, then reused
  std::string certDir;
  std::size_t maxBodyBytes = 8 * 1024 * 1024;  // larger bodies get 413
  int timeoutSeconds = 10;                     // per read (stalled client) and keep-alive idle time
  int bodyDeadlineSeconds = 60;                // the whole body must arrive within this (trickling client)
  int maxThreads = 16;                         // per port: concurrent connections being served
  int maxQueued = 64;                          // per port: accepted connections waiting for a thread
  std::function<void(int level, const std::string& text)> log;  // optional; symemu::net::LogLevel
  std::optional<HttpEndpoint> endpoint;                         // optional: /api/
};

// Poco::Net::HTTPServer on a plain ServerSocket (HTTP) and a SecureServerSocket (HTTPS, TLS 1.2+).
class HookHttpServer {
 public:
  HookHttpServer(HttpServerConfig config, HookHandler handler);
  ~HookHttpServer();  // calls stop()
  HookHttpServer(const HookHttpServer&) = delete;
  HookHttpServer& operator=(const HookHttpServer&) = delete;

  // Throws std::runtime_error naming address:port on a bind failure ("cannot listen on
  // 0.0.0.0:3777: Address already in use") or the certificate problem. Nothing is left
  // listening when it throws. std::logic_error when already started.
  void start();
  // Stops accepting, aborts idle connections, waits for running handlers, joins all threads.
  // Idempotent. Must not be called from the handler.
  void stop();

  int httpPort() const;                 // actual port; -1 when disabled or stopped
  int httpsPort() const;                // actual port; -1 when disabled or stopped
  std::string certificateFile() const;  // the PEM certificate HTTPS uses; empty without HTTPS

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace symemu::webhook

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernel/hook.h"
#include "symemu/webhook/BasicAuthorization.h"
#include "symemu/webhook/LongestPrefixMatch.h"
#include "symemu/webhook/SelfSignedCertificate.h"

namespace symemu::webhook {

// One request and its answer: the kernel's types (kernel/hook.h), so a request reaches a module's
// ProcessHookData without a copy into another struct.
using HookRequest = symemu::HookRequest;
using HookResponse = symemu::HookResponse;

// Called on one of the server's worker threads, possibly several at once; may block (e.g. wait
// for the kernel thread). An exception becomes a 500 response.
using HookHandler = std::function<HookResponse(const HookRequest&)>;

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

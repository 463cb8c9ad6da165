#pragma once

// The Poco side of the webhook server: one handler object per request that reads the request,
// calls the HookHandler and writes its response; and the factory that makes them.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/StreamSocket.h>

#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::webhook {

// After answering without reading the whole request, half-close and read (and drop) a little
// of what the client is still sending, so that closing does not reset the connection before
// the client has read the answer. Bounded in bytes and time.
void lingerBriefly(Poco::Net::StreamSocket& socket);

// The config's extra endpoint (/api/) when the request's path is one of its paths.
const HttpEndpoint* endpointFor(const HttpServerConfig& config, const Poco::Net::HTTPServerRequest& request);

class HookRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  HookRequestHandler(const HttpServerConfig& config, const HookHandler& handler, bool secure)
      : config_(config), handler_(handler), secure_(secure) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

 private:
  HookResponse callHandler(const HookRequest& hook, const HookHandler& handler);
  void log(int level, const std::string& text) const;

  const HttpServerConfig& config_;
  const HookHandler& handler_;
  bool secure_;
};

class HookRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HookRequestHandlerFactory(const HttpServerConfig& config, const HookHandler& handler, bool secure)
      : config_(config), handler_(handler), secure_(secure) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;
  // Tells every open connection that the server stops (what HTTPServer::stopAll does).
  void notifyServerStopped(bool abortCurrent) { serverStopped(this, abortCurrent); }
  Poco::BasicEvent<const bool>& stopEvent() { return serverStopped; }

 private:
  const HttpServerConfig& config_;
  const HookHandler& handler_;
  bool secure_;
};

}  // namespace symemu::webhook

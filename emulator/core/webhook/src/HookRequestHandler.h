#pragma once

// The Poco side of the webhook server: one handler object per request that reads the request,
// calls the HookHandler and writes its response; and the factory that makes them.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "symemu/webhook/HookHttpServer.h"

namespace symemu::webhook {

class HookRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    HookRequestHandler(const HttpServerConfig& config, const HookHandler& handler, bool secure)
        : config_(config), handler_(handler), secure_(secure) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    HookResponse callHandler(const HookRequest& hook);
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

private:
    const HttpServerConfig& config_;
    const HookHandler& handler_;
    bool secure_;
};

}  // namespace symemu::webhook

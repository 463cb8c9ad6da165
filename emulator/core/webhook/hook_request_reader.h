#pragma once

// Turns a Poco server request into a HookRequest: splits the URI, parses Basic auth and reads
// the body within the size limit and time budget. Anything wrong becomes a RequestRejected
// with the status to answer (400, 408, 413); the caller then closes the connection.

#include <stdexcept>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

#include "symemu/core/webhook/hook_http_server.h"

namespace symemu::webhook {

class RequestRejected : public std::runtime_error {
 public:
  RequestRejected(int status, const std::string& text) : std::runtime_error(text), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// Request target -> decoded path and raw query. Accepts origin form ("/a%20b?x=1"), absolute
// form ("http://host/a?x") and "*". Throws RequestRejected(400) on bad percent-encoding.
void splitRequestTarget(const std::string& uri, std::string& path, std::string& query);

// True when the request announces a body larger than the limit (checked before reading).
bool announcesOversizedBody(const Poco::Net::HTTPServerRequest& request, std::size_t maxBodyBytes);

HookRequest readHookRequest(Poco::Net::HTTPServerRequest& request, const HttpServerConfig& config, bool secure);
// The same with another body limit (the /api/ endpoint has its own).
HookRequest readHookRequest(Poco::Net::HTTPServerRequest& request, const HttpServerConfig& config, bool secure,
                            std::size_t maxBodyBytes);
// Everything but the body (a WebSocket upgrade has none). Throws RequestRejected(400) on a bad path.
HookRequest readHookHead(Poco::Net::HTTPServerRequest& request, bool secure);

}  // namespace symemu::webhook

#include "symemu/core/webhook/hook_request_handler.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include "symemu/core/webhook/hook_request_reader.h"
#include "symemu/core/net/log_level.h"

namespace symemu::webhook {

namespace {

using Poco::Net::HTTPResponse;

void setStatus(Poco::Net::HTTPServerResponse& response, int status) {
  auto code = static_cast<HTTPResponse::HTTPStatus>(status);
  response.setStatusAndReason(code, HTTPResponse::getReasonForStatus(code));
}

void sendPlain(Poco::Net::HTTPServerResponse& response, int status, const std::string& text) {
  setStatus(response, status);
  response.setContentType("text/plain; charset=utf-8");
  const std::string body = text + "\n";
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = response.send();
  out << body;
  out.flush();  // before lingerBriefly() half-closes the socket
}

}  // namespace

void lingerBriefly(Poco::Net::StreamSocket& socket) {
  try {
    socket.shutdownSend();
    socket.setReceiveTimeout(Poco::Timespan(0, 200 * 1000));
    char sink[16384];
    std::size_t drained = 0;
    for (int i = 0; i < 64 && drained < 1024 * 1024; ++i) {
      int n = socket.receiveBytes(sink, sizeof sink);
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // The client went away or stayed silent; either way we are done with it.
  }
}

namespace {

bool allowsBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool isWebSocketUpgrade(const Poco::Net::HTTPServerRequest& request) {
  return request.getMethod() == "GET" && Poco::icompare(request.get("Upgrade", ""), "websocket") == 0;
}

}  // namespace

const HttpEndpoint* endpointFor(const HttpServerConfig& config, const Poco::Net::HTTPServerRequest& request) {
  if (!config.endpoint) return nullptr;
  const std::string& uri = request.getURI();
  const std::string path = uri.substr(0, uri.find('?'));
  for (const auto& p : config.endpoint->paths)
    if (p == path) return &*config.endpoint;
  return nullptr;
}

void HookRequestHandler::log(int level, const std::string& text) const {
  if (config_.log) config_.log(level, text);
}

HookResponse HookRequestHandler::callHandler(const HookRequest& hook, const HookHandler& handler) {
  try {
    HookResponse out = handler(hook);
    if (out.status < 200 || out.status > 599) {
      log(net::LogError, "webhook " + hook.path + ": handler returned invalid status " + std::to_string(out.status));
      return HookResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, "Internal Server Error\n"};
    }
    return out;
  } catch (const std::exception& e) {
    log(net::LogError, "webhook " + hook.path + ": handler failed: " + e.what());
  } catch (...) {
    log(net::LogError, "webhook " + hook.path + ": handler failed with an unknown exception");
  }
  return HookResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, "Internal Server Error\n"};
}

void HookRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const HttpEndpoint* endpoint = endpointFor(config_, request);
  if (endpoint && endpoint->upgrade && isWebSocketUpgrade(request)) {
    HookRequest head;
    try {
      head = readHookHead(request, secure_);
    } catch (const RequestRejected& rejected) {
      try {
        response.setKeepAlive(false);
        sendPlain(response, rejected.status(), rejected.what());
      } catch (const Poco::Exception&) {
      }
      return;
    }
    try {
      endpoint->upgrade(request, response, head);
    } catch (const std::exception& e) {
      log(net::LogWarning, "websocket " + head.path + " from " + head.clientAddress + ": " + e.what());
    }
    return;
  }

  HookRequest hook;
  try {
    hook = endpoint ? readHookRequest(request, config_, secure_, endpoint->maxBodyBytes)
                    : readHookRequest(request, config_, secure_);
  } catch (const RequestRejected& rejected) {
    log(net::LogWarning, std::string(secure_ ? "https" : "http") + " request from " +
                             request.clientAddress().toString() + " rejected: " + rejected.what());
    try {
      response.setKeepAlive(false);  // the rest of the body is not read
      if (endpoint && endpoint->rejected) {
        HookResponse answer = endpoint->rejected(rejected.status(), rejected.what());
        setStatus(response, answer.status);
        for (const auto& [name, value] : answer.headers) response.add(name, value);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        std::ostream& out = response.send();
        out << answer.body;
        out.flush();  // before lingerBriefly() half-closes the socket (sendBuffer would leave it buffered)
      } else {
        sendPlain(response, rejected.status(), rejected.what());
      }
      if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request)) lingerBriefly(impl->socket());
    } catch (const Poco::Exception&) {
    }
    return;
  }

  const HookResponse out = callHandler(hook, endpoint ? endpoint->handler : handler_);
  try {
    setStatus(response, out.status);
    for (const auto& [name, value] : out.headers) {
      if (Poco::icompare(name, "Content-Length") == 0 || Poco::icompare(name, "Transfer-Encoding") == 0)
        continue;  // we frame the body ourselves
      if (Poco::icompare(name, "Connection") == 0) {
        if (Poco::icompare(Poco::trim(value), "close") == 0) response.setKeepAlive(false);
        continue;
      }
      response.add(name, value);
    }
    if (allowsBody(out.status)) {
      response.sendBuffer(out.body.data(), out.body.size());
    } else {
      response.send().flush();
    }
  } catch (const Poco::Exception& e) {
    log(net::LogDebug, "webhook " + hook.path + ": response not delivered: " + e.displayText());
  }
}

Poco::Net::HTTPRequestHandler* HookRequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest& request) {
  // Poco sends "100 Continue" after this call only while the response status is 200: mark
  // oversized uploads here so the client is told 413 instead of being invited to send.
  try {
    const HttpEndpoint* endpoint = endpointFor(config_, request);
    if (request.getExpectContinue() &&
        announcesOversizedBody(request, endpoint ? endpoint->maxBodyBytes : config_.maxBodyBytes))
      request.response().setStatus(HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE);
  } catch (const Poco::Exception&) {
    // An unparsable Content-Length is reported by the handler.
  }
  return new HookRequestHandler(config_, handler_, secure_);
}

}  // namespace symemu::webhook

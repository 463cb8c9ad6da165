#include "symemu/core/webhook/hook_server_connection.h"

#include <memory>

#include <Poco/Delegate.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Timestamp.h>

#include "symemu/core/webhook/hook_request_handler.h"
#include "symemu/core/net/log_level.h"

namespace symemu::webhook {

using Poco::Net::HTTPResponse;

HookServerConnection::HookServerConnection(const Poco::Net::StreamSocket& socket,
                                           Poco::Net::HTTPServerParams::Ptr params,
                                           Poco::SharedPtr<HookRequestHandlerFactory> factory, const ConnectionLog& log)
    : TCPServerConnection(socket), params_(params), factory_(factory), log_(log) {
  factory_->stopEvent() += Poco::delegate(this, &HookServerConnection::onServerStopped);
}

HookServerConnection::~HookServerConnection() {
  try {
    factory_->stopEvent() -= Poco::delegate(this, &HookServerConnection::onServerStopped);
  } catch (...) {
  }
}

void HookServerConnection::onServerStopped(const bool& abortCurrent) {
  stopped_ = true;
  if (abortCurrent) {
    try {
      socket().shutdown();  // wakes a read waiting for the next request
    } catch (...) {
    }
  }
}

void HookServerConnection::run() {
  Poco::Net::HTTPServerSession session(socket(), params_);
  try {
    while (!stopped_ && session.hasMoreRequests()) {
      if (!serveOne(session)) break;
    }
  } catch (const Poco::Exception&) {
    // The keep-alive wait failed (reset, shut down by stop()): the connection just ends.
  }
}

bool HookServerConnection::serveOne(Poco::Net::HTTPServerSession& session) {
  try {
    Poco::Net::HTTPServerResponseImpl response(session);
    Poco::Net::HTTPServerRequestImpl request(response, session, params_);
    const std::string& version = request.getVersion();
    if (version != Poco::Net::HTTPMessage::HTTP_1_0 && version != Poco::Net::HTTPMessage::HTTP_1_1) {
      answerBadRequest("unsupported HTTP version");
      return false;
    }
    response.setDate(Poco::Timestamp());
    response.setVersion(version);
    response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && session.canKeepAlive());
    std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(factory_->createRequestHandler(request));
    if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) response.sendContinue();
    handler->handleRequest(request, response);
    session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
    return true;
  } catch (const Poco::Net::NoMessageException&) {
    return false;  // closed between requests
  } catch (const Poco::Net::SSLException& e) {
    if (log_) log_(net::LogDebug, "TLS connection failed: " + e.displayText());
  } catch (const Poco::Net::MessageException& e) {
    answerBadRequest(e.displayText());
  } catch (const Poco::SyntaxException& e) {  // e.g. a Content-Length that is not a number
    answerBadRequest(e.displayText());
  } catch (const Poco::DataException& e) {
    answerBadRequest(e.displayText());
  } catch (const Poco::Exception&) {
    // Timeouts, resets: nothing to answer.
  }
  return false;
}

void HookServerConnection::answerBadRequest(const std::string& why) {
  try {
    if (log_) log_(net::LogWarning, "malformed request from " + socket().peerAddress().toString() + ": " + why);
    static const std::string response =
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n"
        "Content-Length: 12\r\n\r\nBad Request\n";
    socket().sendBytes(response.data(), static_cast<int>(response.size()));
    lingerBriefly(socket());
  } catch (const Poco::Exception&) {
  }
}

}  // namespace symemu::webhook

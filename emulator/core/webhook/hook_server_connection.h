#pragma once

// One HTTP connection: reads requests in a keep-alive loop and hands each to the request
// handler factory, like Poco's HTTPServerConnection. Written out here because Poco 1.11 drops a
// connection without an answer when a request cannot be parsed (bad request line, a
// Content-Length that is not a number); this loop answers those with 400 first.

#include <atomic>
#include <functional>
#include <string>

#include <Poco/SharedPtr.h>

#include "symemu/core/webhook/hook_request_handler.h"
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace symemu::webhook {

using ConnectionLog = std::function<void(int level, const std::string& text)>;

class HookServerConnection : public Poco::Net::TCPServerConnection {
 public:
  HookServerConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                       Poco::SharedPtr<HookRequestHandlerFactory> factory, const ConnectionLog& log);
  ~HookServerConnection() override;
  void run() override;

 private:
  bool serveOne(Poco::Net::HTTPServerSession& session);  // false: close the connection
  void answerBadRequest(const std::string& why);
  void onServerStopped(const bool& abortCurrent);

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::SharedPtr<HookRequestHandlerFactory> factory_;
  const ConnectionLog& log_;
  std::atomic<bool> stopped_{false};
};

class HookConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  HookConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::SharedPtr<HookRequestHandlerFactory> factory,
                        const ConnectionLog& log)
      : params_(params), factory_(factory), log_(log) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new HookServerConnection(socket, params_, factory_, log_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::SharedPtr<HookRequestHandlerFactory> factory_;
  const ConnectionLog& log_;
};

}  // namespace symemu::webhook

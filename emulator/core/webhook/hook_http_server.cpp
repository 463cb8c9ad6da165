#include "symemu/core/webhook/hook_http_server.h"

#include <mutex>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include "symemu/core/webhook/hook_request_handler.h"
#include "symemu/core/webhook/hook_server_connection.h"

namespace symemu::webhook {

namespace {

std::string endpoint(const std::string& address, int port) {
  if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

std::string reasonOf(const Poco::Exception& e) { return e.message().empty() ? e.displayText() : e.message(); }

// SO_REUSEADDR for quick restarts but not SO_REUSEPORT, so a port in use is an error.
void bindAndListen(Poco::Net::ServerSocket& socket, const std::string& address, int port) {
  try {
    socket.bind(Poco::Net::SocketAddress(address, static_cast<Poco::UInt16>(port)), true, false);
    socket.listen(128);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on " + endpoint(address, port) + ": " + reasonOf(e));
  }
}

}  // namespace

class HookHttpServer::Impl {
 public:
  Impl(HttpServerConfig config, HookHandler handler) : config_(std::move(config)), handler_(std::move(handler)) {}
  ~Impl() { stop(); }

  void start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_) throw std::logic_error("HookHttpServer already started");
    try {
      if (config_.httpPort >= 0) {
        Poco::Net::ServerSocket socket;
        bindAndListen(socket, config_.bindAddress, config_.httpPort);
        http_.open(socket, config_, handler_, false);
      }
      if (config_.httpsPort >= 0) {
        Poco::Net::initializeSSL();
        sslInitialized_ = true;
        Poco::Net::SecureServerSocket socket(makeTlsContext());
        bindAndListen(socket, config_.bindAddress, config_.httpsPort);
        https_.open(socket, config_, handler_, true);
      }
    } catch (...) {
      teardown();
      throw;
    }
    if (config_.endpoint && config_.endpoint->started) config_.endpoint->started();
    http_.start();
    https_.start();
    running_ = true;
  }

  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    // Long-lived endpoint handlers (WebSocket streams) end first, so teardown need not wait.
    if (running_ && config_.endpoint && config_.endpoint->stopping) config_.endpoint->stopping();
    teardown();
    running_ = false;
  }

  int httpPort() const { return http_.port(); }
  int httpsPort() const { return https_.port(); }
  std::string certificateFile() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return certFile_;
  }

 private:
  // One listening port: its own thread pool, so stop() can wait for exactly its threads.
  // One listening port: Poco's TCPServer with an HTTP connection that also answers
  // unparsable requests, and its own thread pool so stop() can wait for exactly its threads.
  class Port {
   public:
    void open(const Poco::Net::ServerSocket& socket, const HttpServerConfig& config, const HookHandler& handler,
              bool secure) {
      Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
      params->setKeepAlive(true);
      params->setTimeout(Poco::Timespan(config.timeoutSeconds, 0));
      params->setKeepAliveTimeout(Poco::Timespan(config.timeoutSeconds, 0));
      params->setMaxKeepAliveRequests(0);  // unlimited
      params->setMaxThreads(config.maxThreads);
      params->setMaxQueued(config.maxQueued);
      requests_ = new HookRequestHandlerFactory(config, handler, secure);
      pool_ = std::make_unique<Poco::ThreadPool>(secure ? "webhook-https" : "webhook-http", 1, config.maxThreads, 60);
      server_ = std::make_unique<Poco::Net::TCPServer>(new HookConnectionFactory(params, requests_, config.log), *pool_,
                                                       socket, params);
    }
    void start() {
      if (server_) server_->start();
    }
    void close() {
      if (server_) {
        server_->stop();                       // stop accepting
        requests_->notifyServerStopped(true);  // and shut idle keep-alive connections
        pool_->joinAll();                      // wait for handlers still running
        server_.reset();
      }
      pool_.reset();  // ends the idle pool threads
      requests_ = nullptr;
    }
    int port() const { return server_ ? server_->port() : -1; }

   private:
    Poco::SharedPtr<HookRequestHandlerFactory> requests_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::TCPServer> server_;
  };

  Poco::Net::Context::Ptr makeTlsContext() {
    std::string cert = config_.certFile, key = config_.keyFile;
    if (cert.empty() != key.empty())
      throw std::runtime_error("HTTPS needs both certFile and keyFile (or neither, with certDir)");
    if (cert.empty()) {
      if (config_.certDir.empty())
        throw std::runtime_error("HTTPS needs certFile and keyFile, or certDir for a self-signed certificate");
      std::tie(cert, key) = ensureSelfSignedCertificate(config_.certDir, "localhost");
    }
    try {
      Poco::Net::Context::Params params;
      params.certificateFile = cert;
      params.privateKeyFile = key;
      params.verificationMode = Poco::Net::Context::VERIFY_NONE;
      params.loadDefaultCAs = false;
      params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
      Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
      context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      certFile_ = cert;
      return context;
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("cannot use certificate " + cert + " with key " + key + ": " + e.displayText());
    }
  }

  void teardown() {
    http_.close();
    https_.close();
    certFile_.clear();
    if (sslInitialized_) {
      Poco::Net::uninitializeSSL();
      sslInitialized_ = false;
    }
  }

  HttpServerConfig config_;
  HookHandler handler_;
  mutable std::mutex mutex_;
  bool running_ = false;
  bool sslInitialized_ = false;
  std::string certFile_;
  Port http_, https_;
};

HookHttpServer::HookHttpServer(HttpServerConfig config, HookHandler handler)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler))) {}
HookHttpServer::~HookHttpServer() = default;
void HookHttpServer::start() { impl_->start(); }
void HookHttpServer::stop() { impl_->stop(); }
int HookHttpServer::httpPort() const { return impl_->httpPort(); }
int HookHttpServer::httpsPort() const { return impl_->httpsPort(); }
std::string HookHttpServer::certificateFile() const { return impl_->certificateFile(); }

}  // namespace symemu::webhook

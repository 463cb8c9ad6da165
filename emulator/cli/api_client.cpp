#include "symemu/cli/api_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <mutex>

#include "symemu/api/json_text.h"

namespace symemu::cli {

namespace {

struct Target {
  bool secure = false;
  std::string host, path;
  int port = 0;
};

Target parseUrl(const std::string& url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw ApiClientError("bad URL '" + url + "': " + e.displayText());
  }
  Target t;
  const std::string scheme = uri.getScheme();
  if (scheme == "https" || scheme == "wss")
    t.secure = true;
  else if (scheme != "http" && scheme != "ws")
    throw ApiClientError("bad URL '" + url + "': use http://, https://, ws:// or wss://");
  t.host = uri.getHost();
  if (t.host.empty()) throw ApiClientError("bad URL '" + url + "': no host");
  t.port = uri.getPort() ? uri.getPort() : (t.secure ? 3778 : 3777);
  t.path = uri.getPathEtc().empty() ? "/api/" : uri.getPathEtc();
  if (t.path == "/") t.path = "/api/";
  return t;
}

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const ApiClientOptions& o, const Target& t) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (t.secure) {
    static std::once_flag ssl;
    std::call_once(ssl, [] { Poco::Net::initializeSSL(); });
    auto mode = o.insecure ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", o.caFile, mode, 9,
                                                         o.caFile.empty() && !o.insecure);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), ctx);
    session = std::make_unique<Poco::Net::HTTPSClientSession>(t.host, static_cast<Poco::UInt16>(t.port), ctx);
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(t.host, static_cast<Poco::UInt16>(t.port));
  }
  session->setTimeout(Poco::Timespan(o.timeoutSeconds, 0));
  return session;
}

void authenticate(const ApiClientOptions& o, Poco::Net::HTTPRequest& request) {
  if (o.user) Poco::Net::HTTPBasicCredentials(*o.user, o.password.value_or("")).authenticate(request);
}

}  // namespace

api::JsonValue parameterFromWord(const std::string& word) {
  try {
    return api::parseJson(word);
  } catch (const api::JsonSyntaxError&) {
    return word;
  }
}

JsonRpcReply callApi(const ApiClientOptions& o, const std::string& method, const api::JsonArray& params) {
  Target t = parseUrl(o.url);
  std::string body = api::writeJson(
      api::JsonObject{{"jsonrpc", "2.0"}, {"method", method}, {"params", api::JsonArray(params)}, {"id", 1}});
  JsonRpcReply reply;
  std::string text;
  try {
    auto session = openSession(o, t);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, t.path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    authenticate(o, request);
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, text);
    reply.httpStatus = static_cast<int>(response.getStatus());
  } catch (const Poco::Exception& e) {
    throw ApiClientError("cannot reach " + o.url + ": " + e.displayText());
  }
  if (reply.httpStatus == 204) return reply;
  try {
    reply.body = api::parseJson(text);
  } catch (const api::JsonSyntaxError&) {
    throw ApiClientError("HTTP " + std::to_string(reply.httpStatus) + " from " + o.url + ", not JSON: " + text);
  }
  return reply;
}

std::unique_ptr<Poco::Net::WebSocket> openMessageStream(const ApiClientOptions& o,
                                                        std::unique_ptr<Poco::Net::HTTPClientSession>& session) {
  Target t = parseUrl(o.url);
  try {
    session = openSession(o, t);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, t.path, Poco::Net::HTTPMessage::HTTP_1_1);
    authenticate(o, request);
    Poco::Net::HTTPResponse response;
    auto ws = std::make_unique<Poco::Net::WebSocket>(*session, request, response);
    ws->setReceiveTimeout(Poco::Timespan(0));  // wait for messages as long as it takes
    return ws;
  } catch (const Poco::Net::WebSocketException& e) {
    throw ApiClientError("the message stream at " + o.url + " refused the connection: " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw ApiClientError("cannot reach " + o.url + ": " + e.displayText());
  }
}

}  // namespace symemu::cli

// HookHttpServer over plain HTTP with Poco's client: request fields, responses, keep-alive,
// Basic auth, handler failures.

#include <catch2/catch.hpp>

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "recording_handler.h"
#include "webhook_test_support.h"

using namespace symemu::webhook;
using namespace symemu::webhook::test;
using Poco::Net::HTTPClientSession;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

namespace {

struct Reply {
  int status;
  std::string body;
  HTTPResponse response;
};

Reply exchange(HTTPClientSession& session, HTTPRequest& request, const std::string& body = "") {
  if (!body.empty() && !request.getChunkedTransferEncoding()) request.setContentLength(body.size());
  session.sendRequest(request) << body;
  Reply reply{};
  std::istream& in = session.receiveResponse(reply.response);
  Poco::StreamCopier::copyToString(in, reply.body);
  reply.status = reply.response.getStatus();
  return reply;
}

Reply get(int port, const std::string& uri) {
  HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  HTTPRequest request(HTTPRequest::HTTP_GET, uri, HTTPRequest::HTTP_1_1);
  return exchange(session, request);
}

}  // namespace

TEST_CASE("HookHttpServer hands the handler a complete request", "[webhook][http]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  REQUIRE(server.httpPort() > 0);
  CHECK(server.httpsPort() == -1);
  CHECK(server.certificateFile().empty());

  HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.httpPort()));
  HTTPRequest request(HTTPRequest::HTTP_POST, "/hook/smart%20log/x?a=1&b=%20", HTTPRequest::HTTP_1_1);
  request.set("X-Custom", "value 1");
  request.setContentType("application/json");
  Reply reply = exchange(session, request, R"({"k":1})");

  CHECK(reply.status == 200);
  CHECK(reply.body == "ok /hook/smart log/x");
  CHECK(reply.response.getContentLength() == static_cast<std::streamsize>(reply.body.size()));
  CHECK(reply.response.get("Content-Type") == "text/plain");

  REQUIRE(rec.count() == 1);
  HookRequest r = rec.last();
  CHECK(r.method == "POST");
  CHECK(r.uri == "/hook/smart%20log/x?a=1&b=%20");
  CHECK(r.path == "/hook/smart log/x");
  CHECK(r.query == "a=1&b=%20");
  CHECK(r.body == R"({"k":1})");
  CHECK(header(r, "X-Custom") == std::optional<std::string>("value 1"));
  CHECK(header(r, "Content-Type") == std::optional<std::string>("application/json"));
  CHECK(r.clientAddress == "127.0.0.1");
  CHECK(r.clientPort != 0);
  CHECK_FALSE(r.secure);
  CHECK_FALSE(r.authUser);
  CHECK_FALSE(r.authPassword);
}

TEST_CASE("HookHttpServer reads chunked bodies", "[webhook][http]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.httpPort()));
  HTTPRequest request(HTTPRequest::HTTP_POST, "/hook/c", HTTPRequest::HTTP_1_1);
  request.setChunkedTransferEncoding(true);
  std::string body(100000, 'q');
  Reply reply = exchange(session, request, body);
  CHECK(reply.status == 200);
  REQUIRE(rec.count() == 1);
  CHECK(rec.last().body == body);
}

TEST_CASE("HookHttpServer keeps connections alive across requests", "[webhook][http]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.httpPort()));
  session.setKeepAlive(true);
  for (int i = 0; i < 3; ++i) {
    HTTPRequest request(HTTPRequest::HTTP_POST, "/hook/k" + std::to_string(i), HTTPRequest::HTTP_1_1);
    Reply reply = exchange(session, request, "n=" + std::to_string(i));
    CHECK(reply.status == 200);
    CHECK(reply.response.getKeepAlive());
  }
  auto seen = rec.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].clientPort == seen[1].clientPort);  // same TCP connection
  CHECK(seen[1].clientPort == seen[2].clientPort);
  CHECK(seen[2].body == "n=2");
}

TEST_CASE("HookHttpServer parses Basic credentials, absent or malformed means none", "[webhook][http][auth]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  const auto port = static_cast<Poco::UInt16>(server.httpPort());

  SECTION("present") {
    HTTPClientSession session("127.0.0.1", port);
    HTTPRequest request(HTTPRequest::HTTP_GET, "/hook/a", HTTPRequest::HTTP_1_1);
    Poco::Net::HTTPBasicCredentials("logger", "s3cr:et").authenticate(request);
    CHECK(exchange(session, request).status == 200);
    CHECK(rec.last().authUser == std::optional<std::string>("logger"));
    CHECK(rec.last().authPassword == std::optional<std::string>("s3cr:et"));
  }
  SECTION("absent") {
    CHECK(get(port, "/hook/a").status == 200);
    CHECK_FALSE(rec.last().authUser);
    CHECK_FALSE(rec.last().authPassword);
  }
  SECTION("malformed") {
    for (const char* value : {"Basic !!!", "Basic dXNlcg==", "Digest abc", "Basic"}) {
      HTTPClientSession session("127.0.0.1", port);
      HTTPRequest request(HTTPRequest::HTTP_GET, "/hook/a", HTTPRequest::HTTP_1_1);
      request.set("Authorization", value);
      CHECK(exchange(session, request).status == 200);
      CHECK_FALSE(rec.last().authUser);
      CHECK_FALSE(rec.last().authPassword);
      CHECK(header(rec.last(), "Authorization") == std::optional<std::string>(value));
    }
  }
}

TEST_CASE("HookHttpServer turns a throwing handler into 500 and keeps serving", "[webhook][http]") {
  RecordingHandler rec;
  std::vector<std::string> logs;
  std::mutex logMutex;
  auto config = loopbackHttp();
  config.log = [&](int, const std::string& text) {
    std::lock_guard<std::mutex> lock(logMutex);
    logs.push_back(text);
  };
  rec.respond = [](const HookRequest& r) -> HookResponse {
    if (r.path == "/hook/boom") throw std::runtime_error("kaputt");
    if (r.path == "/hook/odd") return HookResponse{42, {}, "?"};
    return HookResponse{200, {}, "fine"};
  };
  HookHttpServer server(config, rec.handler());
  server.start();
  Reply boom = get(server.httpPort(), "/hook/boom");
  CHECK(boom.status == 500);
  CHECK(boom.body == "Internal Server Error\n");
  CHECK(get(server.httpPort(), "/hook/odd").status == 500);
  CHECK(get(server.httpPort(), "/hook/fine").body == "fine");
  std::lock_guard<std::mutex> lock(logMutex);
  REQUIRE(logs.size() == 2);
  CHECK(logs[0] == "webhook /hook/boom: handler failed: kaputt");
  CHECK(logs[1] == "webhook /hook/odd: handler returned invalid status 42");
}

TEST_CASE("HookHttpServer writes the handler's status, headers and body", "[webhook][http]") {
  RecordingHandler rec;
  rec.respond = [](const HookRequest& r) -> HookResponse {
    if (r.path == "/hook/empty") return HookResponse{204, {{"X-A", "1"}}, "ignored"};
    if (r.path == "/hook/close") return HookResponse{200, {{"Connection", "close"}}, "bye"};
    return HookResponse{401,
                        {{"WWW-Authenticate", "Basic realm=\"x\""},
                         {"Set-Cookie", "a=1"},
                         {"Set-Cookie", "b=2"},
                         {"Content-Length", "9999"}},
                        "denied"};
  };
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  const int port = server.httpPort();

  Reply denied = get(port, "/hook/auth");
  CHECK(denied.status == 401);
  CHECK(denied.body == "denied");
  CHECK(denied.response.getContentLength() == 6);  // the handler's bogus length is ignored
  CHECK(denied.response.get("WWW-Authenticate") == "Basic realm=\"x\"");
  std::vector<Poco::Net::HTTPCookie> cookies;
  denied.response.getCookies(cookies);
  CHECK(cookies.size() == 2);

  Reply empty = get(port, "/hook/empty");
  CHECK(empty.status == 204);
  CHECK(empty.body.empty());
  CHECK(empty.response.get("X-A") == "1");

  std::string raw = rawExchange(port, "GET /hook/close HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(raw.find("Connection: Close\r\n") != std::string::npos);
  CHECK(raw.substr(raw.size() - 3) == "bye");  // and the server closed the connection

  std::string head = rawExchange(port, "HEAD /hook/auth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(head.find("Content-Length: 6\r\n") != std::string::npos);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");  // no body after the headers
}

TEST_CASE("HookHttpServer answers bad percent-encoding with 400", "[webhook][http]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  std::string raw = rawExchange(server.httpPort(), "GET /hook/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(rec.count() == 0);
}

TEST_CASE("HookHttpServer start() names the address and port that is taken", "[webhook][http]") {
  RecordingHandler rec;
  HookHttpServer first(loopbackHttp(), rec.handler());
  first.start();
  auto config = loopbackHttp();
  config.httpPort = first.httpPort();
  HookHttpServer second(config, rec.handler());
  CHECK_THROWS_WITH(second.start(), Catch::Matchers::StartsWith(
                                        "cannot listen on 127.0.0.1:" + std::to_string(first.httpPort()) + ": ") &&
                                        Catch::Matchers::Contains("in use"));
  CHECK(second.httpPort() == -1);
  CHECK_THROWS_AS(first.start(), std::logic_error);
  second.stop();
  first.stop();
  first.stop();
  CHECK(first.httpPort() == -1);
}

TEST_CASE("HookHttpServer without a certificate source refuses HTTPS clearly", "[webhook][https]") {
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.httpsPort = 0;
  HookHttpServer server(config, rec.handler());
  CHECK_THROWS_WITH(server.start(), Catch::Matchers::Contains("certDir"));
  CHECK(server.httpPort() == -1);  // nothing left listening

  config.certFile = "/nonexistent/cert.pem";
  config.keyFile = "/nonexistent/key.pem";
  HookHttpServer missing(config, rec.handler());
  CHECK_THROWS_WITH(missing.start(), Catch::Matchers::StartsWith("cannot use certificate /nonexistent/cert.pem"));
}

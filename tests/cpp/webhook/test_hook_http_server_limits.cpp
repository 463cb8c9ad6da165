// HookHttpServer against bad and slow clients: oversized and malformed bodies, malformed
// requests, stalled and trickling clients, and clean shutdown.

#include <catch2/catch.hpp>

#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "recording_handler.h"
#include "webhook_test_support.h"

using namespace symemu::webhook;
using namespace symemu::webhook::test;
using namespace std::chrono_literals;

namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("HookHttpServer answers 413 to an announced oversized body without reading it", "[webhook][limits]") {
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.maxBodyBytes = 1000;
  HookHttpServer server(config, rec.handler());
  server.start();

  SECTION("Content-Length over the limit, body never sent") {
    auto t0 = std::chrono::steady_clock::now();
    auto s = connectTo(server.httpPort());
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
    std::string raw = readToEnd(s);
    CHECK(startsWith(raw, "HTTP/1.1 413 "));
    CHECK(raw.find("Connection: Close") != std::string::npos);
    CHECK(secondsSince(t0) < 2.0);
  }
  SECTION("Expect: 100-continue gets 413 instead of 100 Continue") {
    auto s = connectTo(server.httpPort());
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    std::string raw = readToEnd(s);
    CHECK(startsWith(raw, "HTTP/1.1 413 "));
    CHECK(raw.find("100 Continue") == std::string::npos);
  }
  SECTION("a body at the limit is accepted") {
    std::string body(1000, 'b');
    std::string raw = rawExchange(server.httpPort(),
                                  "POST /hook/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Content-Length: 1000\r\n\r\n" +
                                      body);
    CHECK(startsWith(raw, "HTTP/1.1 200 "));
    REQUIRE(rec.count() == 1);
    CHECK(rec.last().body == body);
  }
  CHECK(rec.count() <= 1);
}

TEST_CASE("HookHttpServer stops reading a chunked body once it exceeds the limit", "[webhook][limits]") {
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.maxBodyBytes = 1000;
  HookHttpServer server(config, rec.handler());
  server.start();
  auto s = connectTo(server.httpPort());
  sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "200\r\n" + std::string(0x200, 'c') + "\r\n";
  for (int i = 0; i < 3; ++i) sendAll(s, chunk);  // 1536 bytes, and the stream never ends
  std::string raw = readToEnd(s);
  CHECK(startsWith(raw, "HTTP/1.1 413 "));
  CHECK(rec.count() == 0);
}

TEST_CASE("HookHttpServer answers malformed input with 400 and closes", "[webhook][limits]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  const int port = server.httpPort();

  SECTION("bad chunk size") {
    std::string raw = rawExchange(port,
                                  "POST /hook/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "zz\r\nhello\r\n0\r\n\r\n");
    CHECK(startsWith(raw, "HTTP/1.1 400 "));
  }
  SECTION("body shorter than Content-Length, then the client half-closes") {
    auto s = connectTo(port);
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    s.shutdownSend();
    CHECK(startsWith(readToEnd(s), "HTTP/1.1 400 "));
  }
  SECTION("garbage request line") { CHECK(startsWith(rawExchange(port, "THIS IS NOT HTTP\r\n\r\n"), "HTTP/1.1 400 ")); }
  SECTION("Content-Length that is not a number") {
    CHECK(startsWith(rawExchange(port, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                     "HTTP/1.1 400 "));
  }
  SECTION("negative Content-Length") {
    CHECK(startsWith(rawExchange(port, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
                     "HTTP/1.1 400 "));
  }
  SECTION("chunk data longer than its size") {
    CHECK(startsWith(rawExchange(port,
                                 "POST /hook/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "3\r\nhello\r\n0\r\n\r\n"),
                     "HTTP/1.1 400 "));
  }
  SECTION("chunked body cut off") {
    auto s = connectTo(port);
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhe");
    s.shutdownSend();
    CHECK(startsWith(readToEnd(s), "HTTP/1.1 400 "));
  }
  SECTION("binary noise") {
    std::string noise;
    for (int i = 0; i < 512; ++i) noise.push_back(static_cast<char>((i * 37 + 11) % 256));
    std::string raw = rawExchange(port, noise);
    CHECK(startsWith(raw, "HTTP/1.1 400 "));
  }
  CHECK(rec.count() == 0);
  // The server is fine afterwards.
  CHECK(
      startsWith(rawExchange(port, "GET /hook/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "HTTP/1.1 200 "));
}

TEST_CASE("HookHttpServer times out stalled and trickling clients", "[webhook][limits]") {
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.timeoutSeconds = 1;
  config.bodyDeadlineSeconds = 1;
  config.maxThreads = 2;
  HookHttpServer server(config, rec.handler());
  server.start();
  const int port = server.httpPort();

  SECTION("half a request line, then silence") {
    auto t0 = std::chrono::steady_clock::now();
    auto s = connectTo(port, 10);
    sendAll(s, "GET /hook/x HT");
    readToEnd(s);  // the server gives up and closes
    CHECK(secondsSince(t0) >= 0.9);
    CHECK(secondsSince(t0) < 4.0);
  }
  SECTION("body stalls after a few bytes") {
    auto t0 = std::chrono::steady_clock::now();
    auto s = connectTo(port, 10);
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    CHECK(startsWith(readToEnd(s), "HTTP/1.1 408 "));
    CHECK(secondsSince(t0) < 4.0);
  }
  SECTION("body trickles in under the per-read timeout but past the deadline") {
    auto t0 = std::chrono::steady_clock::now();
    auto s = connectTo(port, 10);
    sendAll(s, "POST /hook/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
    std::string raw;
    for (int i = 0; i < 20 && raw.empty(); ++i) {
      try {
        sendAll(s, "t");
      } catch (const Poco::Exception&) {
        break;  // the server already closed
      }
      std::this_thread::sleep_for(250ms);
      if (s.available() > 0) raw = readToEnd(s);
    }
    if (raw.empty()) raw = readToEnd(s);
    CHECK(startsWith(raw, "HTTP/1.1 408 "));
    CHECK(secondsSince(t0) < 4.0);
  }
  SECTION("idle keep-alive connections do not pin the workers") {
    // Both workers get a client that sends nothing; a third client still gets served
    // once they time out.
    auto idle1 = connectTo(port, 10);
    auto idle2 = connectTo(port, 10);
    std::this_thread::sleep_for(100ms);
    auto t0 = std::chrono::steady_clock::now();
    std::string raw = rawExchange(port, "GET /hook/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(startsWith(raw, "HTTP/1.1 200 "));
    CHECK(secondsSince(t0) < 4.0);
  }
  CHECK(rec.count() <= 1);
}

TEST_CASE("HookHttpServer leaves no threads or descriptors after stop", "[webhook][limits]") {
  TempDir dir;
  HookResponse ok{200, {}, "ok"};
  const std::size_t fdsBefore = openFdCount();
  const std::size_t threadsBefore = threadCount();
  {
    RecordingHandler rec;
    auto config = loopbackHttp();
    config.httpsPort = 0;
    config.certDir = dir.path();
    HookHttpServer server(config, rec.handler());
    for (int round = 0; round < 2; ++round) {
      server.start();
      // An open keep-alive connection and a finished one on each port.
      Poco::Net::HTTPClientSession keep("127.0.0.1", static_cast<Poco::UInt16>(server.httpPort()));
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/hook/x", Poco::Net::HTTPRequest::HTTP_1_1);
      keep.sendRequest(request);
      Poco::Net::HTTPResponse response;
      std::string body;
      Poco::StreamCopier::copyToString(keep.receiveResponse(response), body);
      CHECK(body == "ok /hook/x");
      CHECK(run("curl -s --cacert '" + server.certificateFile() +
                "' https://localhost:" + std::to_string(server.httpsPort()) + "/hook/y") == "ok /hook/y");
      server.stop();
      keep.reset();
    }
  }
  CHECK(settlesTo(openFdCount, fdsBefore));
  CHECK(settlesTo(threadCount, threadsBefore));
}

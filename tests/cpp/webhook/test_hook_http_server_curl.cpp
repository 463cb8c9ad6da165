// HookHttpServer with curl as the client, over HTTP and HTTPS with the generated certificate.

#include <catch2/catch.hpp>

#include <fstream>

#include "recording_handler.h"
#include "webhook_test_support.h"

using namespace symemu::webhook;
using namespace symemu::webhook::test;

namespace {

std::string url(const std::string& scheme, const std::string& host, int port, const std::string& path) {
  return scheme + "://" + host + ":" + std::to_string(port) + path;
}

// curl prints the body, then a newline and the status code.
std::string curl(const std::string& args) {
  return run("curl -s -S --max-time 10 -w '\\n%{http_code}' " + args + " 2>&1");
}

}  // namespace

TEST_CASE("curl talks to the webhook server over HTTP", "[webhook][curl]") {
  RecordingHandler rec;
  HookHttpServer server(loopbackHttp(), rec.handler());
  server.start();
  const int port = server.httpPort();

  CHECK(curl("'" + url("http", "127.0.0.1", port, "/hook/a?x=1") + "'") == "ok /hook/a\n200");
  CHECK(rec.last().query == "x=1");
  CHECK(rec.last().method == "GET");

  CHECK(curl("-u 'user:pa ss' " + url("http", "127.0.0.1", port, "/hook/auth")) == "ok /hook/auth\n200");
  CHECK(rec.last().authUser == std::optional<std::string>("user"));
  CHECK(rec.last().authPassword == std::optional<std::string>("pa ss"));

  CHECK(curl("-H 'Authorization: Basic %%%' " + url("http", "127.0.0.1", port, "/hook/auth")) == "ok /hook/auth\n200");
  CHECK_FALSE(rec.last().authUser);

  CHECK(curl("--data-binary 'a=b&c' -H 'Content-Type: application/x-www-form-urlencoded' " +
             url("http", "127.0.0.1", port, "/hook/post")) == "ok /hook/post\n200");
  CHECK(rec.last().body == "a=b&c");

  // An upload that waits for "100 Continue" gets it and goes through.
  CHECK(curl("-H 'Expect: 100-continue' --data-binary 'payload' " + url("http", "127.0.0.1", port, "/hook/expect")) ==
        "ok /hook/expect\n200");
  CHECK(rec.last().body == "payload");

  // Two URLs in one curl call reuse the connection.
  std::string two = run("curl -s -v " + url("http", "127.0.0.1", port, "/hook/1") + " " +
                        url("http", "127.0.0.1", port, "/hook/2") + " 2>&1");
  CHECK(two.find("Re-using existing connection") != std::string::npos);
}

TEST_CASE("curl gets 413 for an upload over the limit", "[webhook][curl][limits]") {
  TempDir dir;
  const std::string big = dir.path() + "/big.bin";
  std::ofstream(big, std::ios::binary) << std::string(200000, 'x');
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.maxBodyBytes = 1000;
  HookHttpServer server(config, rec.handler());
  server.start();
  const std::string target = url("http", "127.0.0.1", server.httpPort(), "/hook/up");

  // With Expect: 100-continue (curl's default for large bodies), without it, and chunked.
  std::string withExpect = curl("-o /dev/null -H 'Expect: 100-continue' --data-binary @" + big + " " + target);
  CHECK(withExpect.substr(withExpect.size() - 3) == "413");
  std::string noExpect = curl("-o /dev/null -H 'Expect:' --data-binary @" + big + " " + target);
  CHECK(noExpect.substr(noExpect.size() - 3) == "413");
  std::string chunked =
      curl("-o /dev/null -H 'Expect:' -H 'Transfer-Encoding: chunked' --data-binary @" + big + " " + target);
  CHECK(chunked.substr(chunked.size() - 3) == "413");
  CHECK(rec.count() == 0);
}

TEST_CASE("curl verifies the generated certificate over HTTPS", "[webhook][curl][https]") {
  TempDir dir;
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.httpsPort = 0;
  config.certDir = dir.path();
  config.timeoutSeconds = 1;  // plain HTTP on the TLS port below waits for a record that never comes
  HookHttpServer server(config, rec.handler());
  server.start();
  REQUIRE(server.httpsPort() > 0);
  REQUIRE(server.certificateFile() == dir.path() + "/symemu-cert.pem");
  const std::string ca = "--cacert '" + server.certificateFile() + "' ";
  const int port = server.httpsPort();

  CHECK(curl(ca + url("https", "localhost", port, "/hook/s")) == "ok /hook/s\n200");
  CHECK(rec.last().secure);
  CHECK(curl(ca + "-u a:b " + url("https", "127.0.0.1", port, "/hook/t")) == "ok /hook/t\n200");
  CHECK(rec.last().authUser == std::optional<std::string>("a"));

  // Without the CA, verification fails; old protocol versions are refused.
  CHECK(curl(url("https", "127.0.0.1", port, "/hook/u")).find("000") != std::string::npos);
  CHECK(curl(ca + "--tls-max 1.1 " + url("https", "localhost", port, "/hook/v")).find("000") != std::string::npos);
  // Plain HTTP on the HTTPS port gets nowhere, and the server keeps going.
  CHECK(curl(url("http", "127.0.0.1", port, "/hook/w")).find("200") == std::string::npos);
  CHECK(curl(ca + url("https", "localhost", port, "/hook/x")) == "ok /hook/x\n200");
  CHECK(rec.count() == 3);

  // A stalled TLS client (no handshake) does not block the others.
  auto stalled = connectTo(port);
  CHECK(curl(ca + url("https", "localhost", port, "/hook/y")) == "ok /hook/y\n200");

  // The certificate is reused on the next start.
  const std::string before = run("cat '" + server.certificateFile() + "'");
  server.stop();
  server.start();
  CHECK(run("cat '" + server.certificateFile() + "'") == before);
  CHECK(curl(ca + url("https", "localhost", server.httpsPort(), "/hook/z")) == "ok /hook/z\n200");
}

TEST_CASE("HookHttpServer uses a given certificate and key", "[webhook][curl][https]") {
  TempDir dir;
  auto [cert, key] = ensureSelfSignedCertificate(dir.path() + "/own", "localhost");
  RecordingHandler rec;
  auto config = loopbackHttp();
  config.httpPort = -1;
  config.httpsPort = 0;
  config.certFile = cert;
  config.keyFile = key;
  HookHttpServer server(config, rec.handler());
  server.start();
  CHECK(server.httpPort() == -1);
  CHECK(server.certificateFile() == cert);
  CHECK(curl("--cacert '" + cert + "' " + url("https", "localhost", server.httpsPort(), "/hook/own")) ==
        "ok /hook/own\n200");
}

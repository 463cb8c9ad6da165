// Webhook request handling. The pure parsers (Basic auth, request target, hook dispatch) get
// the input directly; then the input goes as raw bytes to a live HookHttpServer on loopback,
// which exercises Poco's request parsing, the body readers (Content-Length and the strict
// chunked reader) and the limits. The server must answer or close, never hang or crash.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "symemu/core/webhook/hook_request_reader.h"
#include "fuzz_entries.h"
#include "symemu/core/webhook/hook_http_server.h"

namespace wh = symemu::webhook;

namespace {

constexpr std::size_t kMaxBody = 4096;

wh::HookHttpServer& server() {
  static std::unique_ptr<wh::HookHttpServer> s = [] {
    wh::HttpServerConfig config;
    config.bindAddress = "127.0.0.1";
    config.httpPort = 0;
    config.httpsPort = -1;
    config.maxBodyBytes = kMaxBody;
    config.timeoutSeconds = 1;
    config.bodyDeadlineSeconds = 2;
    config.maxThreads = 4;
    auto srv = std::make_unique<wh::HookHttpServer>(config, [](const wh::HookRequest& r) {
      if (r.body.size() > kMaxBody) std::abort();  // the limit must hold
      wh::HookResponse resp;
      resp.body = r.path + "|" + r.query + "|" + r.authUser.value_or("-");
      return resp;
    });
    srv->start();
    return srv;
  }();
  return *s;
}

// Sends the bytes, closes the write side and reads until the server closes (or 5 s pass).
void sendRequest(const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server().httpPort()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, 5000) > 0 && ::recv(fd, buf, sizeof buf, 0) > 0) {
    }
  }
  ::close(fd);
}

}  // namespace

extern "C" int symemu_fuzz_webhook(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  if (auto creds = wh::parseBasicAuthorization(input)) (void)creds->first.size();
  try {
    std::string path, query;
    wh::splitRequestTarget(input, path, query);
    static const std::vector<std::string> hooks = {"/hook/a", "/hook/ab", "/hook/smartlog/", ""};
    if (auto i = wh::longestPrefixMatch(hooks, path)) {
      if (*i >= hooks.size() || path.compare(0, hooks[*i].size(), hooks[*i]) != 0) std::abort();
    }
  } catch (const wh::RequestRejected& e) {
    if (e.status() != 400) std::abort();
  }

  sendRequest(input);
  return 0;
}

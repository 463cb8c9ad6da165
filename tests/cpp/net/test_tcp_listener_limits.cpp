// TcpListener under pressure: client limit, clients that do not read, descriptor exhaustion.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "process_counts.h"
#include "recording_events.h"
#include "test_client.h"
#include "symemu/core/net/tcp_listener.h"

using namespace symemu::net;
using namespace symemu::net::test;
using namespace std::chrono_literals;

namespace {

TcpListenerConfig loopback() {
  TcpListenerConfig c;
  c.bindAddress = "127.0.0.1";
  return c;
}

double cpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Fills the descriptor table: lowers the soft limit to just above the highest open descriptor
// and plugs every free slot below it. Undone on destruction, even when a REQUIRE fails.
class DescriptorsExhausted {
 public:
  DescriptorsExhausted() {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    int highest = 0;
    for (int fd = 0; fd < 65536 && fd < static_cast<int>(saved_.rlim_cur); ++fd)
      if (::fcntl(fd, F_GETFD) >= 0) highest = fd;
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(highest + 1);
    ::setrlimit(RLIMIT_NOFILE, &lowered);
    for (;;) {
      int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0) break;
      plugs_.push_back(fd);
    }
  }
  ~DescriptorsExhausted() {
    for (int fd : plugs_) ::close(fd);
    ::setrlimit(RLIMIT_NOFILE, &saved_);
  }
  bool full() const {
    int fd = ::open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      ::close(fd);
      return false;
    }
    return errno == EMFILE;
  }

 private:
  rlimit saved_{};
  std::vector<int> plugs_;
};

// A raw socket made before the table fills up, so it can still connect afterwards.
struct RawClient {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ~RawClient() {
    if (fd >= 0) ::close(fd);
  }
  bool connect(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  // True when the server closed the connection (EOF or reset) rather than timing out.
  bool closedByServer() {
    char c;
    ssize_t rc = ::recv(fd, &c, 1, 0);
    return rc == 0 || (rc < 0 && (errno == ECONNRESET || errno == EPIPE));
  }
};

}  // namespace

TEST_CASE("TcpListener refuses clients beyond maxClients with a log line", "[net][limits]") {
  RecordingEvents ev;
  auto config = loopback();
  config.maxClients = 2;
  TcpListener listener(config, ev);
  listener.start();
  auto a = connectTo(listener.port());
  auto b = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 2; }));
  auto c = connectTo(listener.port());
  CHECK(readToEnd(c).empty());  // accepted and closed at once
  REQUIRE(ev.waitUntil([&] { return ev.logContains("client limit of 2 reached"); }));
  CHECK(listener.clientCount() == 2);
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    CHECK(ev.connectOrder().size() == 2);  // the refused one was never reported
  }

  a.close();
  REQUIRE(ev.waitUntil([&] { return ev.disconnectedCount() == 1; }));
  auto d = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 3; }));
  CHECK(listener.clientCount() == 2);
}

TEST_CASE("TcpListener disconnects a client whose output buffer overflows", "[net][limits]") {
  RecordingEvents ev;
  auto config = loopback();
  config.maxOutputBytes = 256 * 1024;
  TcpListener listener(config, ev);
  listener.start();
  auto client = connectTo(listener.port());  // never reads
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));
  ClientId id;
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    id = ev.connectOrder().front();
  }
  const std::string chunk(64 * 1024, 'z');
  bool refused = false;
  for (int i = 0; i < 2000 && !refused; ++i) refused = !listener.send(id, chunk);
  REQUIRE(refused);
  REQUIRE(ev.waitUntil([&] { return ev.peers()[id].disconnects == 1; }));
  CHECK(listener.clientCount() == 0);
  std::lock_guard<std::mutex> lock(ev.mutex());
  CHECK(ev.logContains("is not reading, output buffer over 262144 bytes"));
}

TEST_CASE("TcpListener survives running out of file descriptors", "[net][limits]") {
  RecordingEvents ev;
  TcpListener listener(loopback(), ev);
  ev.onData = [&](ClientId id, const std::string& bytes) { listener.send(id, bytes); };
  listener.start();
  auto existing = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 1; }));

  std::vector<std::unique_ptr<RawClient>> late;
  for (int i = 0; i < 5; ++i) late.push_back(std::make_unique<RawClient>());
  {
    DescriptorsExhausted exhausted;
    REQUIRE(exhausted.full());
    for (auto& c : late) REQUIRE(c->connect(listener.port()));
    for (auto& c : late) CHECK(c->closedByServer());
    REQUIRE(ev.waitUntil([&] { return ev.logContains("out of file descriptors, refusing new clients"); }));

    // The existing client is still served.
    existing.sendBytes("ping", 4);
    CHECK(readBytes(existing, 4) == "ping");

    // And the reactor is idle, not spinning on the listening socket.
    const double before = cpuSeconds();
    std::this_thread::sleep_for(500ms);
    CHECK(cpuSeconds() - before < 0.2);
  }
  {
    std::lock_guard<std::mutex> lock(ev.mutex());
    CHECK(ev.connectOrder().size() == 1);
    int lines = 0;
    for (auto& l : ev.logs()) lines += l.find("out of file descriptors") != std::string::npos;
    CHECK(lines == 1);  // rate-limited
    CHECK(ev.logContains("server socket 127.0.0.1:" + std::to_string(listener.port()) + ": out of file"));
  }
  // With descriptors back, new clients are accepted again.
  auto fresh = connectTo(listener.port());
  REQUIRE(ev.waitUntil([&] { return ev.connectOrder().size() == 2; }));
  fresh.sendBytes("pong", 4);
  CHECK(readBytes(fresh, 4) == "pong");
}

TEST_CASE("TcpListener leaks no descriptors or threads", "[net][limits]") {
  const std::size_t fdsBefore = openFdCount();
  const std::size_t threadsBefore = threadCount();
  {
    RecordingEvents ev;
    TcpListener listener(loopback(), ev);
    ev.onData = [&](ClientId id, const std::string& bytes) { listener.send(id, bytes); };
    for (int round = 0; round < 2; ++round) {
      listener.start();
      CHECK(threadCount() == threadsBefore + 1);  // one reactor thread, whatever the load
      std::vector<Poco::Net::StreamSocket> clients;
      for (int i = 0; i < 50; ++i) clients.push_back(connectTo(listener.port()));
      REQUIRE(ev.waitUntil([&] { return ev.connectedCount() == 50; }));
      for (auto& c : clients) {
        c.sendBytes("x", 1);
        CHECK(readBytes(c, 1) == "x");
      }
      CHECK(threadCount() == threadsBefore + 1);
      listener.close(ev.connectOrder().front());
      listener.stop();
      REQUIRE(ev.disconnectedCount() == 50u * (round + 1));
      for (auto& c : clients) c.close();
      CHECK(settlesTo(openFdCount, fdsBefore));
      CHECK(settlesTo(threadCount, threadsBefore));
    }
  }
  CHECK(settlesTo(openFdCount, fdsBefore));
  CHECK(settlesTo(threadCount, threadsBefore));
}

#include "symemu/core/net/listener_reactor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocketImpl.h>

#include "symemu/kernel/thread_name.h"

namespace symemu::net {

namespace {

// epoll user data for the two non-client descriptors; client ids start at 1 and never reach these.
constexpr std::uint64_t kListenerTag = 0;
constexpr std::uint64_t kWakeTag = ~std::uint64_t{0};

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kMaxReadsPerEvent = 4;      // fairness: at most 256 KiB per client per round
constexpr int kMaxAcceptsPerEvent = 128;  // fairness between a connection storm and traffic
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

std::atomic<ClientId> nextClientId{1};  // process-wide, so ids are never reused

std::string endpoint(const std::string& address, std::uint16_t port) {
  if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

void peerOf(const sockaddr_storage& addr, std::string& ip, std::uint16_t& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET6) {
    auto* a6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
    port = ntohs(a6->sin6_port);
  } else {
    auto* a4 = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a4->sin_addr, text, sizeof text);
    port = ntohs(a4->sin_port);
  }
  ip = text;
}

}  // namespace

TcpListener::Reactor::Reactor(const TcpListenerConfig& config, TcpListenerEvents& events)
    : config_(config), events_(events) {}

TcpListener::Reactor::~Reactor() { stop(); }

void TcpListener::Reactor::start() {
  std::lock_guard<std::mutex> lifecycle(lifecycleMutex_);
  if (running_) throw std::logic_error("TcpListener already started");

  const std::string where = endpoint(config_.bindAddress, config_.port);
  try {
    Poco::Net::SocketAddress address(config_.bindAddress, config_.port);
    listener_ = Poco::Net::ServerSocket();
    // SO_REUSEADDR for quick restarts, but not SO_REUSEPORT: a second listener on the same
    // port must fail, not silently share the traffic.
    listener_.bind(address, true, false);
    listener_.listen(config_.listenBacklog);
    listener_.setBlocking(false);
  } catch (const Poco::Exception& e) {
    listener_.close();
    std::string reason = e.message().empty() ? e.displayText() : e.message();
    throw std::runtime_error("cannot listen on " + where + ": " + reason);
  }
  listenFd_ = listener_.impl()->sockfd();
  ::fcntl(listenFd_, F_SETFD, FD_CLOEXEC);
  port_ = listener_.address().port();
  name_ = "server socket " + endpoint(config_.bindAddress, port_);

  epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epollFd_ < 0 || wakeFd_ < 0) {
    int err = errno;
    if (epollFd_ >= 0) ::close(epollFd_);
    if (wakeFd_ >= 0) ::close(wakeFd_);
    epollFd_ = wakeFd_ = -1;
    listener_.close();
    throw std::runtime_error("cannot listen on " + where + ": " + std::strerror(err));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerTag;
  ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, listenFd_, &ev);
  ev.data.u64 = kWakeTag;
  ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev);
  reserveFd_.acquire();

  acceptPaused_ = false;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  threadId_ = thread_.get_id();
  running_ = true;
}

void TcpListener::Reactor::stop() {
  if (std::this_thread::get_id() == threadId_ && thread_.joinable())
    throw std::logic_error("TcpListener::stop() called from a listener callback");
  std::lock_guard<std::mutex> lifecycle(lifecycleMutex_);
  if (!running_) return;
  stopping_ = true;
  wake();
  thread_.join();
  threadId_ = std::thread::id();
  ::close(epollFd_);
  ::close(wakeFd_);
  epollFd_ = wakeFd_ = -1;
  listener_.close();
  listenFd_ = -1;
  reserveFd_.release();
  port_ = 0;
  running_ = false;
}

void TcpListener::Reactor::wake() {
  std::uint64_t one = 1;
  if (wakeFd_ >= 0) (void)!::write(wakeFd_, &one, sizeof one);
}

void TcpListener::Reactor::log(int level, const std::string& text) { events_.onLog(level, name_ + ": " + text); }

void TcpListener::Reactor::run() {
  nameThisThread("listener");
  std::vector<epoll_event> ready(256);
  while (!stopping_) {
    int n = ::epoll_wait(epollFd_, ready.data(), static_cast<int>(ready.size()), nextTimeoutMs());
    if (n < 0) {
      if (errno == EINTR) continue;
      log(LogError, std::string("epoll_wait failed: ") + std::strerror(errno));
      break;
    }
    for (int i = 0; i < n && !stopping_; ++i) {
      const std::uint64_t tag = ready[i].data.u64;
      if (tag == kWakeTag) {
        std::uint64_t count;
        while (::read(wakeFd_, &count, sizeof count) > 0) {
        }
      } else if (tag == kListenerTag) {
        acceptReady();
      } else {
        handleClientEvent(tag, ready[i].events);
      }
    }
    if (acceptPaused_ && Clock::now() >= acceptResumeAt_) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = kListenerTag;
      ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, listenFd_, &ev);
      acceptPaused_ = false;
      reserveFd_.acquire();
    }
    processRequests();
  }
  disconnectAll();
}

int TcpListener::Reactor::nextTimeoutMs() const {
  Clock::time_point due = Clock::time_point::max();
  if (acceptPaused_) due = acceptResumeAt_;
  if (!closing_.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (ClientId id : closing_) {
      auto it = clients_.find(id);
      if (it != clients_.end() && it->second->closeDeadline < due) due = it->second->closeDeadline;
    }
  }
  if (due == Clock::time_point::max()) return -1;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms) + 1;
}

void TcpListener::Reactor::acceptReady() {
  for (int i = 0; i < kMaxAcceptsPerEvent && !acceptPaused_; ++i) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = ::accept4(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      if (err == EAGAIN || err == EWOULDBLOCK) return;
      if (err == EINTR || err == ECONNABORTED || err == EPROTO) continue;
      handleAcceptError(err);
      continue;
    }
    std::string ip;
    std::uint16_t port = 0;
    peerOf(addr, ip, port);
    if (config_.maxClients > 0 && clients_.size() >= config_.maxClients) {
      ::close(fd);
      if (auto line = refusedLog_.admit("client limit of " + std::to_string(config_.maxClients) + " reached, refused " +
                                        endpoint(ip, port)))
        log(LogWarning, *line);
      continue;
    }
    admitClient(fd, ip, port);
  }
}

void TcpListener::Reactor::handleAcceptError(int err) {
  if (err == EMFILE || err == ENFILE) {
    if (auto line = fdExhaustedLog_.admit("out of file descriptors, refusing new clients")) log(LogError, *line);
    // Free the spare descriptor, take the waiting client off the backlog and close it, so
    // epoll does not report the same connection forever.
    if (reserveFd_.held()) {
      reserveFd_.release();
      int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) ::close(fd);
      if (reserveFd_.acquire()) return;
    }
  } else {
    if (auto line = fdExhaustedLog_.admit(std::string("accept failed: ") + std::strerror(err))) log(LogError, *line);
  }
  // No spare descriptor (or another error): stop watching the listener for a moment
  // instead of spinning.
  epoll_event ev{};
  ev.events = 0;
  ev.data.u64 = kListenerTag;
  ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, listenFd_, &ev);
  acceptPaused_ = true;
  acceptResumeAt_ = Clock::now() + kAcceptPause;
}

void TcpListener::Reactor::admitClient(int fd, const std::string& ip, std::uint16_t port) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // small MQTT packets

  auto client = std::make_unique<Client>();
  client->id = nextClientId++;
  client->fd = fd;
  client->socket = Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd));
  client->peer = endpoint(ip, port);
  const ClientId id = client->id;

  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.u64 = id;
  if (::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    log(LogError, "cannot watch client " + client->peer + ": " + std::strerror(errno));
    return;  // the StreamSocket closes fd
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    clients_.emplace(id, std::move(client));
  }
  events_.onClientConnected(id, ip, port);
}

void TcpListener::Reactor::handleClientEvent(ClientId id, std::uint32_t events) {
  auto it = clients_.find(id);
  if (it == clients_.end()) return;  // gone earlier in this round
  Client& client = *it->second;

  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
    std::string data;
    bool closed = false;
    readBuffer_.resize(kReadChunk);
    for (int i = 0; i < kMaxReadsPerEvent; ++i) {
      ssize_t rc = ::recv(client.fd, readBuffer_.data(), kReadChunk, 0);
      if (rc > 0) {
        data.append(readBuffer_.data(), static_cast<std::size_t>(rc));
        if (static_cast<std::size_t>(rc) < kReadChunk) break;
        continue;
      }
      if (rc == 0) {
        closed = true;
      } else if (errno == EINTR) {
        continue;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
        closed = true;
      }
      break;
    }
    bool deliver;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      deliver = !client.closeRequested && client.dropReason.empty();
    }
    if (!data.empty() && deliver) events_.onClientData(id, std::move(data));
    if (closed) {
      disconnect(id, false);
      return;
    }
  }
  if (events & EPOLLOUT) {
    bool done = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!flushLocked(client)) {
        client.dropReason = "write failed";
        done = true;
      } else if (client.outOffset == client.out.size()) {
        watchWriteLocked(client, false);
        done = client.closeRequested;
      }
    }
    if (done) disconnect(id, true);
  }
}

bool TcpListener::Reactor::flushLocked(Client& client) {
  while (client.outOffset < client.out.size()) {
    ssize_t rc = ::send(client.fd, client.out.data() + client.outOffset, client.out.size() - client.outOffset,
                        MSG_NOSIGNAL | MSG_DONTWAIT);
    if (rc > 0) {
      client.outOffset += static_cast<std::size_t>(rc);
      continue;
    }
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return false;
  }
  if (client.outOffset == client.out.size()) {
    client.out.clear();
    client.outOffset = 0;
  } else if (client.outOffset > 64 * 1024 && client.outOffset * 2 > client.out.size()) {
    client.out.erase(0, client.outOffset);  // keep the buffer from growing without bound
    client.outOffset = 0;
  }
  return true;
}

void TcpListener::Reactor::watchWriteLocked(Client& client, bool on) {
  if (client.watchingWrite == on) return;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
  ev.data.u64 = client.id;
  ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, client.fd, &ev);  // epoll_ctl is thread-safe
  client.watchingWrite = on;
}

void TcpListener::Reactor::requestLocked(ClientId id) {
  requests_.push_back(id);
  wake();
}

bool TcpListener::Reactor::send(ClientId id, std::string_view bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = clients_.find(id);
  if (it == clients_.end()) return false;
  Client& client = *it->second;
  if (client.closeRequested || !client.dropReason.empty()) return false;
  if (bytes.empty()) return true;

  const bool idle = client.outOffset == client.out.size();
  client.out.append(bytes.data(), bytes.size());
  if (idle && !flushLocked(client)) {  // write at once when nothing is queued before us
    client.dropReason = "write failed";
    requestLocked(id);
    return false;
  }
  const std::size_t pending = client.out.size() - client.outOffset;
  if (pending == 0) return true;
  if (pending > config_.maxOutputBytes) {
    client.dropReason =
        "client is not reading, output buffer over " + std::to_string(config_.maxOutputBytes) + " bytes";
    requestLocked(id);
    return false;
  }
  watchWriteLocked(client, true);
  return true;
}

void TcpListener::Reactor::close(ClientId id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = clients_.find(id);
  if (it == clients_.end() || it->second->closeRequested) return;
  it->second->closeRequested = true;
  it->second->closeDeadline = Clock::now() + std::chrono::milliseconds(config_.closeFlushTimeoutMs);
  requestLocked(id);
}

void TcpListener::Reactor::processRequests() {
  std::vector<ClientId> requests;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests.swap(requests_);
  }
  for (ClientId id : requests) closing_.insert(id);
  if (closing_.empty()) return;

  const auto now = Clock::now();
  std::vector<std::pair<ClientId, bool>> toClose;  // id, graceful
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto c = closing_.begin(); c != closing_.end();) {
      auto it = clients_.find(*c);
      if (it == clients_.end()) {
        c = closing_.erase(c);
        continue;
      }
      Client& client = *it->second;
      if (!client.dropReason.empty()) {
        toClose.emplace_back(client.id, false);
      } else if (client.outOffset == client.out.size() || now >= client.closeDeadline) {
        toClose.emplace_back(client.id, true);
      }
      ++c;
    }
  }
  for (auto [id, graceful] : toClose) {
    std::string reason;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = clients_.find(id);
      if (it == clients_.end()) continue;
      Client& client = *it->second;
      if (!client.dropReason.empty()) {
        reason = "client " + client.peer + ": " + client.dropReason + ", disconnecting";
      } else if (client.outOffset != client.out.size()) {
        reason = "client " + client.peer + ": " + std::to_string(client.out.size() - client.outOffset) +
                 " bytes of output not taken within " + std::to_string(config_.closeFlushTimeoutMs) +
                 " ms, closing anyway";
      }
    }
    if (!reason.empty()) log(LogWarning, reason);
    disconnect(id, graceful);
  }
}

void TcpListener::Reactor::disconnect(ClientId id, bool graceful) {
  std::unique_ptr<Client> client;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = clients_.find(id);
    if (it == clients_.end()) return;
    client = std::move(it->second);
    clients_.erase(it);
  }
  closing_.erase(id);
  ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, client->fd, nullptr);
  // Half-close first so the peer reads everything we wrote before it sees the end.
  if (graceful) ::shutdown(client->fd, SHUT_WR);
  client->socket.close();
  events_.onClientDisconnected(id);
}

void TcpListener::Reactor::disconnectAll() {
  std::vector<ClientId> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [id, client] : clients_) {
      flushLocked(*client);  // best effort, never blocks
      ids.push_back(id);
    }
    requests_.clear();
  }
  for (ClientId id : ids) disconnect(id, true);
  closing_.clear();
}

std::size_t TcpListener::Reactor::clientCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return clients_.size();
}

}  // namespace symemu::net

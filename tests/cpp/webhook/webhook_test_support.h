#pragma once

// Helpers for the webhook tests: a temporary directory, running a command, raw socket exchanges.

#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include "../net/process_counts.h"

namespace symemu::webhook::test {

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/symemu-webhook-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs a shell command and returns its standard output.
inline std::string run(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    std::array<char, 4096> buf;
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    ::pclose(p);
  }
  return out;
}

inline Poco::Net::StreamSocket connectTo(int port, int timeoutSeconds = 5) {
  Poco::Net::StreamSocket s;
  s.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  s.setReceiveTimeout(Poco::Timespan(timeoutSeconds, 0));
  return s;
}

inline void sendAll(Poco::Net::StreamSocket& s, const std::string& bytes) {
  s.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
}

// Reads until the server closes the connection; throws Poco::TimeoutException if it does not.
inline std::string readToEnd(Poco::Net::StreamSocket& s) {
  std::string out;
  char buf[16384];
  for (;;) {
    int n = 0;
    try {
      n = s.receiveBytes(buf, sizeof buf);
    } catch (const Poco::Net::ConnectionResetException&) {
      break;
    }
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Sends raw bytes on a fresh connection and returns everything the server sent until it closed.
inline std::string rawExchange(int port, const std::string& bytes) {
  auto s = connectTo(port);
  sendAll(s, bytes);
  return readToEnd(s);
}

// Descriptor and thread counts for leak checks come from the net tests' helper; HTTP servers
// take a little longer to release their threads, so the wait here is 3 s.
using symemu::net::test::openFdCount;
using symemu::net::test::threadCount;
inline bool settlesTo(std::size_t (*count)(), std::size_t expected,
                      std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
  return symemu::net::test::settlesTo(count, expected, timeout);
}

}  // namespace symemu::webhook::test

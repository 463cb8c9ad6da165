#pragma once

// Blocking Poco client helpers for the listener tests.

#include <string>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

namespace symemu::net::test {

inline Poco::Net::StreamSocket connectTo(std::uint16_t port, int timeoutSeconds = 5) {
  Poco::Net::StreamSocket s;
  s.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(timeoutSeconds, 0));
  s.setReceiveTimeout(Poco::Timespan(timeoutSeconds, 0));
  return s;
}

// Reads exactly n bytes (less if the peer closes first).
inline std::string readBytes(Poco::Net::StreamSocket& s, std::size_t n) {
  std::string out;
  char buf[65536];
  while (out.size() < n) {
    int want = static_cast<int>(std::min(sizeof buf, n - out.size()));
    int rc = s.receiveBytes(buf, want);
    if (rc <= 0) break;
    out.append(buf, static_cast<std::size_t>(rc));
  }
  return out;
}

// Reads until the peer closes; throws Poco::TimeoutException if it does not.
inline std::string readToEnd(Poco::Net::StreamSocket& s) {
  std::string out;
  char buf[65536];
  for (;;) {
    int rc = 0;
    try {
      rc = s.receiveBytes(buf, sizeof buf);
    } catch (const Poco::Net::ConnectionResetException&) {
      break;
    }
    if (rc <= 0) break;
    out.append(buf, static_cast<std::size_t>(rc));
  }
  return out;
}

}  // namespace symemu::net::test

#include "symemu/core/webhook/chunked_body_reader.h"

#include <cctype>

#include "symemu/core/webhook/hook_request_reader.h"

namespace symemu::webhook {

namespace {

constexpr std::size_t kMaxLine = 4096;
constexpr std::size_t kMaxTrailerBytes = 16 * 1024;

// HTTPSession's byte-level reads are protected; a pointer to member taken through a derived
// class reaches them on the connection's session without copying Poco code.
class SessionBytes : public Poco::Net::HTTPSession {
 public:
  static int nextByte(Poco::Net::HTTPSession& session) {
    int (Poco::Net::HTTPSession::*getByte)() = &SessionBytes::get;
    return (session.*getByte)();
  }
  static int readSome(Poco::Net::HTTPSession& session, char* buffer, std::streamsize length) {
    int (Poco::Net::HTTPSession::*readBytes)(char*, std::streamsize) = &SessionBytes::read;
    return (session.*readBytes)(buffer, length);
  }
};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedBodyReader::ChunkedBodyReader(Poco::Net::HTTPSession& session, std::size_t maxBodyBytes,
                                     std::chrono::steady_clock::time_point deadline, int deadlineSeconds)
    : session_(session), maxBodyBytes_(maxBodyBytes), deadline_(deadline), deadlineSeconds_(deadlineSeconds) {}

void ChunkedBodyReader::checkDeadline() const {
  if (std::chrono::steady_clock::now() > deadline_)
    throw RequestRejected(408, "request body not received within " + std::to_string(deadlineSeconds_) + " s");
}

int ChunkedBodyReader::nextByte() {
  int c = SessionBytes::nextByte(session_);
  if (c == std::char_traits<char>::eof()) throw RequestRejected(400, "chunked body ends early");
  return c;
}

std::string ChunkedBodyReader::readLine() {
  std::string line;
  for (;;) {
    int c = nextByte();
    if (c == '\n') break;
    line.push_back(static_cast<char>(c));
    if (line.size() > kMaxLine) throw RequestRejected(400, "chunk size line too long");
    checkDeadline();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::size_t ChunkedBodyReader::parseChunkSize(const std::string& line) {
  std::size_t i = 0, size = 0;
  for (; i < line.size() && hexValue(line[i]) >= 0; ++i) {
    size = size * 16 + static_cast<std::size_t>(hexValue(line[i]));
    if (size > maxBodyBytes_)
      throw RequestRejected(413, "request body larger than " + std::to_string(maxBodyBytes_) + " bytes");
  }
  if (i == 0) throw RequestRejected(400, "invalid chunk size");
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i < line.size() && line[i] != ';') throw RequestRejected(400, "invalid chunk size");
  return size;
}

void ChunkedBodyReader::readData(std::string& body, std::size_t size) {
  const std::size_t start = body.size();
  body.resize(start + size);
  std::size_t have = 0;
  while (have < size) {
    int n = SessionBytes::readSome(session_, &body[start + have], static_cast<std::streamsize>(size - have));
    if (n <= 0) throw RequestRejected(400, "chunked body ends early");
    have += static_cast<std::size_t>(n);
    checkDeadline();
  }
  int c = nextByte();
  if (c == '\r') c = nextByte();
  if (c != '\n') throw RequestRejected(400, "chunk data not followed by CRLF");
}

std::string ChunkedBodyReader::read() {
  std::string body;
  for (;;) {
    const std::size_t size = parseChunkSize(readLine());
    if (size == 0) break;
    if (body.size() + size > maxBodyBytes_)
      throw RequestRejected(413, "request body larger than " + std::to_string(maxBodyBytes_) + " bytes");
    readData(body, size);
  }
  // Trailer fields up to the empty line; read and dropped.
  std::size_t trailerBytes = 0;
  for (;;) {
    std::string line = readLine();
    if (line.empty()) break;
    trailerBytes += line.size();
    if (trailerBytes > kMaxTrailerBytes) throw RequestRejected(400, "chunked trailer too long");
  }
  return body;
}

}  // namespace symemu::webhook

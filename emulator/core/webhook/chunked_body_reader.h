#pragma once

// A strict reader for "Transfer-Encoding: chunked" request bodies. Poco 1.11's own chunked
// stream ends the body quietly on a malformed chunk size; here any framing error is a 400,
// an oversized body a 413 (detected from the chunk sizes, before reading the data) and a slow
// one a 408. It reads exactly up to the end of the body, so keep-alive stays intact.

#include <chrono>
#include <cstddef>
#include <string>

#include <Poco/Net/HTTPSession.h>

namespace symemu::webhook {

class ChunkedBodyReader {
 public:
  ChunkedBodyReader(Poco::Net::HTTPSession& session, std::size_t maxBodyBytes,
                    std::chrono::steady_clock::time_point deadline, int deadlineSeconds);

  std::string read();  // throws RequestRejected

 private:
  int nextByte();          // eof -> 400
  std::string readLine();  // without CR LF; bounded length
  std::size_t parseChunkSize(const std::string& line);
  void readData(std::string& body, std::size_t size);
  void checkDeadline() const;

  Poco::Net::HTTPSession& session_;
  std::size_t maxBodyBytes_;
  std::chrono::steady_clock::time_point deadline_;
  int deadlineSeconds_;
};

}  // namespace symemu::webhook

// Byte-level reading and writing of MQTT data types (§1.5): integers,
// variable byte integers, UTF-8 strings, binary data.
#pragma once

#include "symemu/core/mqtt/codec/reason_code.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace symemu::mqtt {

// Thrown inside the codec when input is invalid; the decoder turns it into a
// DecodeError. Carries the reason code a v5 peer would be told.
struct DecodeFailure {
  ReasonCode code;
  std::string message;
};

[[noreturn]] void throwMalformed(const std::string& message);
[[noreturn]] void throwProtocolError(const std::string& message);

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  std::uint8_t u8(const char* what);
  std::uint16_t u16(const char* what);
  std::uint32_t u32(const char* what);
  std::uint32_t varint(const char* what);
  // UTF-8 string, validated (well-formed, no U+0000, no surrogates).
  std::string utf8(const char* what);
  std::string binary(const char* what);
  std::string_view take(std::size_t n, const char* what);
  std::string_view rest();

  std::size_t remaining() const { return data_.size() - pos_; }
  bool atEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

class WireWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void varint(std::uint32_t v);
  void utf8(std::string_view s);    // 2-byte length + bytes
  void binary(std::string_view s);  // same layout as utf8
  void raw(std::string_view s) { out_.append(s.data(), s.size()); }

  std::string& str() { return out_; }
  std::size_t size() const { return out_.size(); }

 private:
  std::string out_;
};

// Bytes a variable byte integer takes (1..4).
std::size_t varintSize(std::uint32_t v);

}  // namespace symemu::mqtt

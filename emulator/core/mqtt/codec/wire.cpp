#include "symemu/core/mqtt/codec/wire.h"

#include "symemu/core/mqtt/codec/utf8.h"

namespace symemu::mqtt {

void throwMalformed(const std::string& message) { throw DecodeFailure{ReasonCode::MalformedPacket, message}; }

void throwProtocolError(const std::string& message) { throw DecodeFailure{ReasonCode::ProtocolError, message}; }

std::string_view WireReader::take(std::size_t n, const char* what) {
  if (remaining() < n) throwMalformed(std::string("truncated ") + what);
  std::string_view v = data_.substr(pos_, n);
  pos_ += n;
  return v;
}

std::string_view WireReader::rest() {
  std::string_view v = data_.substr(pos_);
  pos_ = data_.size();
  return v;
}

std::uint8_t WireReader::u8(const char* what) { return static_cast<std::uint8_t>(take(1, what)[0]); }

std::uint16_t WireReader::u16(const char* what) {
  std::string_view b = take(2, what);
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(b[0]) << 8) | static_cast<std::uint8_t>(b[1]));
}

std::uint32_t WireReader::u32(const char* what) {
  std::string_view b = take(4, what);
  std::uint32_t v = 0;
  for (char c : b) v = (v << 8) | static_cast<std::uint8_t>(c);
  return v;
}

std::uint32_t WireReader::varint(const char* what) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    std::uint8_t b = u8(what);
    value |= static_cast<std::uint32_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) return value;
  }
  throwMalformed(std::string("malformed variable byte integer in ") + what);
}

std::string WireReader::utf8(const char* what) {
  std::uint16_t len = u16(what);
  std::string_view s = take(len, what);
  if (const char* problem = utf8Problem(s)) throwMalformed(std::string("invalid UTF-8 in ") + what + ": " + problem);
  return std::string(s);
}

std::string WireReader::binary(const char* what) {
  std::uint16_t len = u16(what);
  return std::string(take(len, what));
}

void WireWriter::u16(std::uint16_t v) {
  u8(static_cast<std::uint8_t>(v >> 8));
  u8(static_cast<std::uint8_t>(v & 0xFF));
}

void WireWriter::u32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) u8(static_cast<std::uint8_t>(v >> shift));
}

void WireWriter::varint(std::uint32_t v) {
  do {
    std::uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    u8(b);
  } while (v);
}

void WireWriter::utf8(std::string_view s) {
  // Longer strings cannot be represented; callers validate lengths first.
  std::size_t n = s.size() > 0xFFFF ? 0xFFFF : s.size();
  u16(static_cast<std::uint16_t>(n));
  out_.append(s.data(), n);
}

void WireWriter::binary(std::string_view s) { utf8(s); }

std::size_t varintSize(std::uint32_t v) {
  if (v < 128) return 1;
  if (v < 16384) return 2;
  if (v < 2097152) return 3;
  return 4;
}

}  // namespace symemu::mqtt

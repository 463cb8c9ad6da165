#include "symemu/harness/text_codec.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace symemu::harness {

bool isValidUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::string base64(const std::string& bytes) {
  std::ostringstream ss;
  Poco::Base64Encoder enc(ss);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return ss.str();
}

}  // namespace symemu::harness

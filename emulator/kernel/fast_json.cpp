#include "fast_json.h"

#include <cerrno>
#include <cstdlib>

namespace symemu {

namespace {

class Reader {
 public:
  Reader(std::string_view text, std::size_t maxDepth) : s_(text), maxDepth_(maxDepth) {}

  bool document(FastJsonValue& out) {
    skipSpace();
    if (!value(out, 0)) return false;
    skipSpace();
    return pos_ == s_.size();
  }

 private:
  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  bool value(FastJsonValue& out, std::size_t depth) {
    if (pos_ >= s_.size()) return false;
    switch (s_[pos_]) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"':
        out.kind = FastJsonValue::Kind::String;
        return string(out.text, true);
      case 't':
        out.kind = FastJsonValue::Kind::Boolean;
        out.boolean = true;
        return literal("true");
      case 'f':
        out.kind = FastJsonValue::Kind::Boolean;
        out.boolean = false;
        return literal("false");
      case 'n':
        out.kind = FastJsonValue::Kind::Null;
        return literal("null");
      default:
        return number(out);
    }
  }

  bool object(FastJsonValue& out, std::size_t depth) {
    if (depth > maxDepth_) return false;
    out.kind = FastJsonValue::Kind::Object;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return false;
      out.members.emplace_back();
      auto& member = out.members.back();
      if (!string(member.first, false)) return false;
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return false;
      ++pos_;
      skipSpace();
      if (!value(member.second, depth)) return false;
      skipSpace();
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (s_[pos_++] != ',') return false;
    }
  }

  bool array(FastJsonValue& out, std::size_t depth) {
    if (depth > maxDepth_) return false;
    out.kind = FastJsonValue::Kind::Array;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skipSpace();
      out.items.emplace_back();
      if (!value(out.items.back(), depth)) return false;
      skipSpace();
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (s_[pos_++] != ',') return false;
    }
  }

  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned& out) {
    if (pos_ + 4 > s_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      int d = hexDigit(s_[pos_ + static_cast<std::size_t>(i)]);
      if (d < 0) return false;
      out = out * 16 + static_cast<unsigned>(d);
    }
    pos_ += 4;
    return true;
  }
  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  // Length of the well-formed UTF-8 sequence starting at `at`, 0 when it is not one.
  std::size_t utf8Length(std::size_t at) const {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s_[at + i]); };
    const unsigned char c = b(0);
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || at + n > s_.size()) return 0;
    for (std::size_t i = 1; i < n; ++i)
      if ((b(i) & 0xC0) != 0x80) return 0;
    if (n == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return 0;  // overlong, surrogate
    if (n == 4 && ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))) return 0;  // overlong, > U+10FFFF
    return n;
  }

  // `nulAllowed`: Poco's default parser (the only one used with this reader) keeps "\u0000" in
  // string values as a NUL byte but cuts object keys at it; MQTT bytes carried in "Buffer" have
  // NULs, so refusing them sent every Server Socket packet to Poco.
  bool string(std::string& out, bool nulAllowed) {
    ++pos_;  // the opening quote
    std::size_t runStart = pos_;
    for (;;) {
      if (pos_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        out.append(s_.data() + runStart, pos_ - runStart);
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;  // raw control characters are not JSON
      if (c >= 0x80) {
        std::size_t n = utf8Length(pos_);
        if (n == 0) return false;
        pos_ += n;
        continue;
      }
      if (c != '\\') {
        ++pos_;
        continue;
      }
      out.append(s_.data() + runStart, pos_ - runStart);
      if (++pos_ >= s_.size()) return false;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low surrogate
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (pos_ + 2 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return false;
            pos_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (cp == 0 && !nulAllowed) return false;  // a key: Poco would cut it here
          appendUtf8(out, cp);
          break;
        }
        default:
          return false;
      }
      runStart = pos_;
    }
  }

  bool number(FastJsonValue& out) {
    const std::size_t start = pos_;
    auto digits = [&] {
      std::size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size()) return false;
    if (s_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return false;
    }
    bool integral = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      integral = false;
      if (digits() == 0) return false;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      integral = false;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return false;
    }
    const std::string literal(s_.substr(start, pos_ - start));
    errno = 0;
    char* end = nullptr;
    if (integral) {
      long long v = std::strtoll(literal.c_str(), &end, 10);
      if (errno == ERANGE) return false;  // Poco then keeps it as an unsigned or a double
      out.kind = FastJsonValue::Kind::Integer;
      out.integer = v;
    } else {
      double v = std::strtod(literal.c_str(), &end);
      if (errno == ERANGE) return false;
      out.kind = FastJsonValue::Kind::Float;
      out.number = v;
    }
    return end == literal.c_str() + literal.size();
  }

  std::string_view s_;
  std::size_t maxDepth_;
  std::size_t pos_ = 0;
};

}  // namespace

const FastJsonValue* FastJsonValue::member(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

Poco::Dynamic::Var FastJsonValue::toVar() const {
  switch (kind) {
    case Kind::Boolean:
      return boolean;
    case Kind::Integer:
      return static_cast<Poco::Int64>(integer);
    case Kind::Float:
      return number;
    case Kind::String:
      return text;
    default:
      return Poco::Dynamic::Var();
  }
}

std::optional<FastJsonValue> parseFastJson(std::string_view text, std::size_t maxDepth) {
  FastJsonValue v;
  if (!Reader(text, maxDepth).document(v)) return std::nullopt;
  return v;
}

std::shared_ptr<const FastJsonValue> parseFastJsonShared(const std::string& text) {
  struct Last {
    std::string text;
    std::shared_ptr<const FastJsonValue> value;
    bool valid = false;
  };
  thread_local Last last;
  if (last.valid && last.text == text) return last.value;
  auto v = parseFastJson(text);
  last.value = v ? std::make_shared<const FastJsonValue>(std::move(*v)) : nullptr;
  last.text = text;
  last.valid = true;
  return last.value;
}

bool FastJsonValue::optionalString(std::string_view key, std::string& into) const {
  const FastJsonValue* f = member(key);
  if (!f) return true;
  if (!f->isString()) return false;
  into = f->text;
  return true;
}

bool FastJsonValue::optionalInt(std::string_view key, int& into) const {
  const FastJsonValue* f = member(key);
  if (!f) return true;
  if (!f->isInteger() || f->integer < -2147483647 || f->integer > 2147483647) return false;
  into = static_cast<int>(f->integer);
  return true;
}

}  // namespace symemu

#include "symemu/kernel/json_syntax.h"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace symemu::json::detail {
namespace {

class Checker {
 public:
  Checker(std::string_view text, std::size_t maxDepth) : s_(text), maxDepth_(maxDepth) {}

  JsonSyntax run() {
    skipBlanks();
    if (pos_ >= s_.size()) return fail("empty text");
    if (!value(0)) return result_;
    skipBlanks();
    if (pos_ < s_.size()) return fail("unexpected " + shown(s_[pos_]) + " after the end of the JSON value");
    return result_;
  }

 private:
  std::string_view s_;
  std::size_t maxDepth_;
  std::size_t pos_ = 0;
  JsonSyntax result_;

  static std::string shown(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      static const char* hex = "0123456789ABCDEF";
      unsigned char u = static_cast<unsigned char>(c);
      return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
    }
    return std::string("'") + c + "'";
  }

  JsonSyntax fail(std::string message) {
    result_.ok = false;
    result_.errorOffset = pos_;
    result_.error = std::move(message);
    return result_;
  }
  bool failed(std::string message) {
    fail(std::move(message));
    return false;
  }
  bool atEnd() const { return pos_ >= s_.size(); }
  bool unexpected() { return atEnd() ? failed("unexpected end of text") : failed("unexpected " + shown(s_[pos_])); }

  void skipBlanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool value(std::size_t depth) {
    skipBlanks();
    if (atEnd()) return unexpected();
    char c = s_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= maxDepth_) return failed("nested deeper than " + std::to_string(maxDepth_));
      return c == '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c == '"') return string();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (literal("true") || literal("false") || literal("null")) return true;
    return unexpected();
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool object(std::size_t depth) {
    ++pos_;  // '{'
    skipBlanks();
    if (!atEnd() && s_[pos_] == '}') return ++pos_, true;
    for (;;) {
      skipBlanks();
      if (atEnd() || s_[pos_] != '"')
        return atEnd() ? unexpected() : failed("expected a key in quotes, found " + shown(s_[pos_]));
      if (!string()) return false;
      skipBlanks();
      if (atEnd() || s_[pos_] != ':') return atEnd() ? unexpected() : failed("expected ':', found " + shown(s_[pos_]));
      ++pos_;
      if (!value(depth)) return false;
      skipBlanks();
      if (atEnd()) return unexpected();
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') return ++pos_, true;
      return failed("expected ',' or '}', found " + shown(s_[pos_]));
    }
  }

  bool array(std::size_t depth) {
    ++pos_;  // '['
    skipBlanks();
    if (!atEnd() && s_[pos_] == ']') return ++pos_, true;
    for (;;) {
      if (!value(depth)) return false;
      skipBlanks();
      if (atEnd()) return unexpected();
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') return ++pos_, true;
      return failed("expected ',' or ']', found " + shown(s_[pos_]));
    }
  }

  static bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

  // The code unit of the \uXXXX escape at pos_ (at the 'u'), or -1 when it is malformed.
  long escapeUnit() const {
    if (pos_ + 4 >= s_.size()) return -1;
    long unit = 0;
    for (int i = 1; i <= 4; ++i) {
      const char h = s_[pos_ + i];
      if (!isHex(h)) return -1;
      unit = unit * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return unit;
  }

  // Length of the well-formed UTF-8 sequence at pos_ (RFC 3629: no overlongs, no surrogates,
  // nothing beyond U+10FFFF), 0 when it is not one.
  std::size_t utf8Sequence() const {
    auto byte = [&](std::size_t i) { return pos_ + i < s_.size() ? static_cast<unsigned char>(s_[pos_ + i]) : 0; };
    const unsigned char c = byte(0);
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      return byte(i) >= lo && byte(i) <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  bool string() {
    ++pos_;  // opening quote
    while (!atEnd()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') return ++pos_, true;
      if (c < 0x20) return failed("control character " + shown(s_[pos_]) + " inside a string");
      if (c >= 0x80) {
        const std::size_t n = utf8Sequence();
        if (n == 0) return failed("invalid UTF-8 " + shown(s_[pos_]) + " inside a string");
        pos_ += n;
        continue;
      }
      if (c == '\\') {
        ++pos_;
        if (atEnd()) return unexpected();
        char e = s_[pos_];
        if (e == 'u') {
          const long unit = escapeUnit();
          if (unit < 0) {
            for (int i = 1; i <= 4; ++i)
              if (pos_ + i >= s_.size() || !isHex(s_[pos_ + i])) {
                pos_ += i;
                break;
              }
            return failed("bad \\u escape");
          }
          if (unit >= 0xDC00 && unit <= 0xDFFF) return --pos_, failed("unpaired surrogate in a \\u escape");
          pos_ += 4;
          if (unit >= 0xD800 && unit <= 0xDBFF) {  // a high surrogate: its low half must follow
            const std::size_t after = pos_ + 1;
            const bool paired = pos_ + 2 < s_.size() && s_[pos_ + 1] == '\\' && s_[pos_ + 2] == 'u' &&
                                (pos_ += 2, escapeUnit() >= 0xDC00 && escapeUnit() <= 0xDFFF);
            if (!paired) return pos_ = after, failed("unpaired surrogate in a \\u escape");
            pos_ += 4;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return failed("bad escape \\" + std::string(1, e));
        }
      }
      ++pos_;
    }
    return failed("unterminated string");
  }

  bool number() {
    std::size_t begin = pos_;
    auto digits = [&] {
      std::size_t n = 0;
      while (!atEnd() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++n;
      return n;
    };
    if (s_[pos_] == '-') ++pos_;
    if (!atEnd() && s_[pos_] == '0')
      ++pos_;
    else if (digits() == 0)
      return unexpected();
    bool integer = true;
    if (!atEnd() && s_[pos_] == '.') {
      ++pos_, integer = false;
      if (digits() == 0) return unexpected();
    }
    if (!atEnd() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_, integer = false;
      if (!atEnd() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return unexpected();
    }
    if (!fits(s_.substr(begin, pos_ - begin), integer)) result_.oversizedNumbers.emplace_back(begin, pos_);
    return true;
  }

  static bool fits(std::string_view literal, bool integer) {
    const char* first = literal.data();
    const char* last = first + literal.size();
    if (integer) {
      std::int64_t i = 0;
      auto r = std::from_chars(first, last, i);
      if (r.ec == std::errc() && r.ptr == last) return true;
      std::uint64_t u = 0;
      r = std::from_chars(first, last, u);
      return r.ec == std::errc() && r.ptr == last;
    }
    double d = 0;
    auto r = std::from_chars(first, last, d);
    return r.ec == std::errc() && r.ptr == last;
  }
};

}  // namespace

JsonSyntax checkJsonSyntax(std::string_view text, std::size_t maxDepth) { return Checker(text, maxDepth).run(); }

std::string describePosition(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n')
      ++line, column = 1;
    else
      ++column;
  }
  return "line " + std::to_string(line) + " column " + std::to_string(column);
}

std::string quoteSpans(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& spans) {
  std::string out;
  out.reserve(text.size() + 2 * spans.size());
  std::size_t copied = 0;
  for (const auto& [begin, end] : spans) {
    out.append(text.substr(copied, begin - copied));
    out.push_back('"');
    out.append(text.substr(begin, end - begin));
    out.push_back('"');
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace symemu::json::detail

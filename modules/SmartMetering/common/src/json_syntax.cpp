#include "json_syntax.h"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace symemu::smartmetering::detail {
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

  bool string() {
    ++pos_;  // opening quote
    while (!atEnd()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') return ++pos_, true;
      if (c < 0x20) return failed("control character " + shown(s_[pos_]) + " inside a string");
      if (c == '\\') {
        ++pos_;
        if (atEnd()) return unexpected();
        char e = s_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i)
            if (pos_ + i >= s_.size() || !isHex(s_[pos_ + i])) {
              pos_ += i;
              return failed("bad \\u escape");
            }
          pos_ += 4;
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

}  // namespace symemu::smartmetering::detail

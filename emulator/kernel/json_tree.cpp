#include "symemu/kernel/json_tree.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "symemu/kernel/json_syntax.h"

namespace symemu::json {

namespace {

// As deep as the error describer looks; simdjson refuses deeper texts with DEPTH_ERROR.
constexpr std::size_t kMaxDepth = 1000;

simdjson::dom::parser& threadParser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    if (p.allocate(64 * 1024, kMaxDepth) != simdjson::SUCCESS) {
    }  // on failure parse_into_document allocates on demand
    return p;
  }();
  return parser;
}

// What a refusal without a position means (the describer found the grammar fine).
std::string plainMessage(simdjson::error_code code) {
  switch (code) {
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8 text";
    case simdjson::STRING_ERROR:
      return "invalid string (a \\u escape is not a whole character)";
    case simdjson::NUMBER_ERROR:
      return "a number is out of range";
    case simdjson::DEPTH_ERROR:
      return "nested deeper than " + std::to_string(kMaxDepth);
    case simdjson::CAPACITY:
    case simdjson::MEMALLOC:
      return "text too large";
    default:
      return simdjson::error_message(code);
  }
}

// An integer literal (no fraction, no exponent) whose value a double holds (finite).
bool integerFitsDouble(std::string_view literal) {
  if (literal.find_first_of(".eE") != std::string_view::npos) return false;
  double d = 0;
  const auto r = std::from_chars(literal.data(), literal.data() + literal.size(), d);
  return r.ec == std::errc() && r.ptr == literal.data() + literal.size();
}

}  // namespace

const char* kindName(Kind k) {
  switch (k) {
    case Kind::Null:
      return "null";
    case Kind::Boolean:
      return "boolean";
    case Kind::Signed:
    case Kind::Unsigned:
    case Kind::Real:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Object:
      return "object";
    case Kind::Array:
      return "array";
  }
  return "unknown";
}

std::string_view Node::lookupKey(std::string_view key) {
  const void* nul = std::memchr(key.data(), '\0', key.size());
  return nul ? key.substr(0, static_cast<const char*>(nul) - key.data()) : key;
}

std::optional<Node> Node::member(std::string_view key) const {
  if (!e_.is_object()) return std::nullopt;
  std::optional<Node> found;
  const simdjson::dom::object object = e_.get_object().value_unsafe();
  for (auto field : object)
    if (lookupKey(field.key) == key) found.emplace(field.value);
  return found;
}

std::size_t Node::size() const {
  if (e_.is_array()) return e_.get_array().value_unsafe().size();
  if (e_.is_object()) return e_.get_object().value_unsafe().size();
  return 0;
}

bool Node::optionalText(std::string_view key, std::string& into) const {
  const auto f = member(key);
  if (!f || f->isNull()) return true;
  if (!f->isString()) return false;
  into.assign(f->string());
  return true;
}

bool Node::optionalInt(std::string_view key, int& into) const {
  const auto f = member(key);
  if (!f || f->isNull()) return true;
  if (f->kind() != Kind::Signed || f->signedInt() < std::numeric_limits<int>::min() ||
      f->signedInt() > std::numeric_limits<int>::max())
    return false;
  into = static_cast<int>(f->signedInt());
  return true;
}

Poco::Dynamic::Var Node::toVar() const {
  switch (kind()) {
    case Kind::Boolean:
      return boolean();
    case Kind::Signed:
      return static_cast<Poco::Int64>(signedInt());
    case Kind::Unsigned:
      return static_cast<Poco::UInt64>(unsignedInt());
    case Kind::Real:
      return real();
    case Kind::String:
      return std::string(string());
    default:
      return Poco::Dynamic::Var();
  }
}

std::shared_ptr<const Document> Document::parse(std::string_view text, bool oversizedNumbersAsText) {
  std::shared_ptr<Document> out(new Document);
  out->parseInto(text, oversizedNumbersAsText, false);
  return out;
}

const Document& Document::parseReusable(std::string_view text, bool oversizedNumbersAsText) {
  // The document's simdjson buffers, and a copy of the text with the padding simdjson reads
  // past its end, grow to the largest text and stay: no allocation per text.
  thread_local Document reused;
  thread_local std::string padded;
  padded.assign(text);
  padded.append(simdjson::SIMDJSON_PADDING, '\0');
  reused.error_.clear();
  reused.parseInto(std::string_view(padded.data(), text.size()), oversizedNumbersAsText, /*padded=*/true);
  return reused;
}

void Document::parseInto(std::string_view text, bool oversizedNumbersAsText, bool padded) {
  Document* out = this;
  auto& parser = threadParser();
  auto attempt = [&](std::string_view t, bool hasPadding) {
    return parser.parse_into_document(out->doc_, reinterpret_cast<const std::uint8_t*>(t.data()), t.size(), !hasPadding)
        .get(out->root_);
  };
  const simdjson::error_code code = attempt(text, padded);
  if (!code) return;
  // Refused: the describer says where; numbers too big to hold may be retried as text.
  const detail::JsonSyntax syntax = detail::checkJsonSyntax(text, kMaxDepth);
  if (!syntax.ok) {
    out->error_ = syntax.error + " at " + detail::describePosition(text, syntax.errorOffset);
    return;
  }
  if (syntax.oversizedNumbers.empty()) {
    out->error_ = plainMessage(code);
    return;
  }
  // An integer beyond 64 bits is still a number: read as a double, as PHP's json_decode does.
  // Only literals too big even for a double are refused, or read as their text.
  std::vector<std::pair<std::size_t, std::size_t>> tooBig;
  std::string rewritten;
  std::size_t copied = 0;
  for (const auto& [begin, end] : syntax.oversizedNumbers) {
    const std::string_view literal = text.substr(begin, end - begin);
    rewritten.append(text.substr(copied, begin - copied));
    copied = end;
    if (integerFitsDouble(literal)) {
      rewritten.append(literal).append(".0");
    } else if (oversizedNumbersAsText) {
      rewritten.append("\"").append(literal).append("\"");
    } else {
      tooBig.emplace_back(begin, end);
      rewritten.append(literal);
    }
  }
  rewritten.append(text.substr(copied));
  if (!tooBig.empty()) {
    out->error_ = "number out of range at " + detail::describePosition(text, tooBig[0].first);
    return;
  }
  const simdjson::error_code again = attempt(rewritten, false);
  if (again) out->error_ = plainMessage(again);
}

}  // namespace symemu::json

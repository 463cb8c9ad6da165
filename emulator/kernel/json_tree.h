#pragma once
// The one JSON reader below the kernel and the Smart Metering common code: simdjson (DOM) for
// reading, a thin read-only view over its tree, and clear errors with line and column.
//
// Threads: parse() may run on any thread (each thread keeps its own simdjson parser); a
// Document is immutable once parsed and may be shared between threads. A Node is a view into
// its Document and must not outlive it.
// Errors: parse() never throws; a refused text gives a Document whose error() says what and
// where, e.g. "unexpected ',' at line 1 column 20".
//
// What the reader gives, for every well-formed text (docs/performance.md, "Round 4"):
// - integers as Signed (int64) or, beyond int64, Unsigned (uint64); other numbers as Real;
// - objects in text order; member(key) finds the LAST occurrence of a repeated key and
//   compares keys up to their first NUL ("\u0000"), as Poco's parser did before;
// - strings as UTF-8 bytes (NUL kept); invalid UTF-8 and unpaired surrogates are refused;
// - an integer literal beyond int64/uint64 is still a number: read as Real (a double), as
//   PHP's json_decode does;
// - with oversizedNumbersAsText, a number literal too big even for a double (1e999) is
//   read as the string of its literal (a report then refuses only the record holding it);
//   without it such a text is refused.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>

namespace symemu::json {

enum class Kind { Null, Boolean, Signed, Unsigned, Real, String, Object, Array };
const char* kindName(Kind k);  // "null", "boolean", "number", "string", "object", "array"

class Node {
 public:
  explicit Node(simdjson::dom::element e) : e_(e) {}

  Kind kind() const {  // inline: the report parser asks it for every attribute
    switch (e_.type()) {
      case simdjson::dom::element_type::ARRAY:
        return Kind::Array;
      case simdjson::dom::element_type::OBJECT:
        return Kind::Object;
      case simdjson::dom::element_type::INT64:
        return Kind::Signed;
      case simdjson::dom::element_type::UINT64:
        return Kind::Unsigned;
      case simdjson::dom::element_type::DOUBLE:
        return Kind::Real;
      case simdjson::dom::element_type::STRING:
        return Kind::String;
      case simdjson::dom::element_type::BOOL:
        return Kind::Boolean;
      case simdjson::dom::element_type::NULL_VALUE:
        break;
    }
    return Kind::Null;
  }
  bool isNull() const { return e_.is_null(); }
  bool isObject() const { return e_.is_object(); }
  bool isArray() const { return e_.is_array(); }
  bool isString() const { return e_.is_string(); }
  bool isBoolean() const { return e_.is_bool(); }
  bool isSigned() const { return kind() == Kind::Signed; }

  // The value of a node of that kind (undefined for another kind: check kind() first).
  bool boolean() const { return e_.get_bool().value_unsafe(); }
  std::int64_t signedInt() const { return e_.get_int64().value_unsafe(); }
  std::uint64_t unsignedInt() const { return e_.get_uint64().value_unsafe(); }
  double real() const { return e_.get_double().value_unsafe(); }
  std::string_view string() const { return e_.get_string().value_unsafe(); }

  // Object member named `key` (its last occurrence); nullopt when absent or not an object.
  std::optional<Node> member(std::string_view key) const;
  // The key as a lookup sees it: cut at its first NUL.
  static std::string_view lookupKey(std::string_view key);

  // Members in text order (repeated keys included): f(std::string_view key, Node value).
  template <typename F>
  void forEachMember(F&& f) const {
    const simdjson::dom::object object = e_.get_object().value_unsafe();  // a copy: the result is a temporary
    for (auto field : object) f(field.key, Node(field.value));
  }
  // Array items in order: f(Node item).
  template <typename F>
  void forEachItem(F&& f) const {
    const simdjson::dom::array array = e_.get_array().value_unsafe();
    for (auto item : array) f(Node(item));
  }
  std::size_t size() const;  // items of an array, members of an object, else 0

  // Optional fields of fixed packet layouts: true when `key` is absent or null (`into`
  // unchanged) or has the expected kind (copied into `into`); false when it has another kind
  // or (optionalInt) does not fit an int.
  bool optionalText(std::string_view key, std::string& into) const;
  bool optionalInt(std::string_view key, int& into) const;

  // A scalar as a Poco Var (integers Int64/UInt64, other numbers double, null empty).
  Poco::Dynamic::Var toVar() const;

 private:
  simdjson::dom::element e_;
};

class Document {
 public:
  // With oversizedNumbersAsText, a number too big even for a double is read as the string of its literal.
  static std::shared_ptr<const Document> parse(std::string_view text, bool oversizedNumbersAsText = false);
  // The same tree, in a document this thread keeps and reuses at its next parseReusable (no
  // allocation once its buffers have grown): for a caller that is done with the tree before it
  // parses again on this thread (the report parser, per report).
  static const Document& parseReusable(std::string_view text, bool oversizedNumbersAsText = false);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  Node root() const { return Node(root_); }  // only when ok()

 private:
  // `padded`: SIMDJSON_PADDING readable bytes follow the text (else simdjson copies it).
  void parseInto(std::string_view text, bool oversizedNumbersAsText, bool padded);

  simdjson::dom::document doc_;
  simdjson::dom::element root_;
  std::string error_;
};

}  // namespace symemu::json

#pragma once
// A small strict JSON reader for the data-flow hot path (docs/architecture.md §2: "a fast path may
// carry a parsed form beside the text; the text is the contract"). Packets between instances
// are JSON texts that every hop used to re-parse with Poco::JSON, which dominated the cost of a
// report. This reader handles strict RFC 8259 JSON and gives up (nullopt) on anything where its
// result could differ from Poco's: then the caller parses with Poco as before, so the outcome
// for any text, well-formed or not, is the same as without the fast path.
#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace symemu {

struct FastJsonValue {
  enum class Kind { Null, Boolean, Integer, Float, String, Object, Array };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;                                            // String
  std::vector<std::pair<std::string, FastJsonValue>> members;  // Object, in text order
  std::vector<FastJsonValue> items;                            // Array

  bool isString() const { return kind == Kind::String; }
  bool isInteger() const { return kind == Kind::Integer; }
  bool isBoolean() const { return kind == Kind::Boolean; }
  // The member named `key`; its last occurrence, as Poco keeps the last of repeated keys.
  const FastJsonValue* member(std::string_view key) const;
  // A scalar as the Var Poco's parser gives for it (integers Int64, other numbers double).
  Poco::Dynamic::Var toVar() const;
  // Optional fields of fixed packet layouts: true when `key` is absent (`into` unchanged) or has
  // the expected kind (copied into `into`); false when it has another kind or does not fit an int.
  bool optionalString(std::string_view key, std::string& into) const;
  bool optionalInt(std::string_view key, int& into) const;
};

// The value of `text` when it is strict JSON within `maxDepth` nesting levels whose strings are
// valid UTF-8 and whose integers fit 64 bits; nullopt otherwise (the caller falls back to Poco).
std::optional<FastJsonValue> parseFastJson(std::string_view text, std::size_t maxDepth = 32);

// parseFastJson(text) for a packet that several receivers read in turn (the MQTT Server's packet
// reaches the SmartLogDiscovery and the logger's SmartLog): the result for the last text is kept
// per thread and shared; nullptr where parseFastJson gives nullopt.
std::shared_ptr<const FastJsonValue> parseFastJsonShared(const std::string& text);

}  // namespace symemu

// MQTT topic layout of a SmartLog [A] (docs/selog-format.md 2.3): a template such as
// "SmartLog/{SmartLogID}/#" with exactly one {SmartLogID} placeholder.
//
// Template syntax, level by level (levels split at '/'):
//   literal text           must match exactly
//   "+"                    any one level
//   "#"                    (last level only) any number of further levels, also none
//   "pre{SmartLogID}post"  the logger ID, with optional fixed text around it
// With the default template, "SmartLog/SL-1", "SmartLog/SL-1/report" (whole
// reports) and "SmartLog/SL-1/<METER_ID>" or ".../System" (one meter per
// message) all belong to logger SL-1. The IDs inside the payload win over the
// topic: see effectiveLoggerId().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "symemu/smartmetering/common/report.h"

namespace symemu::smartmetering {

class TopicTemplate {
 public:
  static constexpr std::string_view kPlaceholder = "{SmartLogID}";

  struct Match {
    std::string smartLogId;
    std::string rest;          // levels matched by a trailing '#', joined by '/' ("" when none)
    bool wholeReport = false;  // rest is empty or the report level ("report")
  };

  // Throws std::invalid_argument for a template without exactly one
  // placeholder, with '#' not as the last whole level, or '+' inside a level.
  explicit TopicTemplate(std::string pattern = "SmartLog/{SmartLogID}/#", std::string reportLevel = "report");

  const std::string& pattern() const { return pattern_; }

  std::optional<Match> match(std::string_view topic) const;
  // match(topic)->smartLogId without copies: a view into `topic` (the SmartLog and the
  // discovery ask it of every PUBLISH).
  std::optional<std::string_view> idOf(std::string_view topic) const;
  std::optional<std::string> extractId(std::string_view topic) const;
  bool belongsTo(std::string_view topic, std::string_view smartLogId) const;

  // Regex for the receive filter of a child of the MQTT Server: it matches
  // the data-flow JSON text (containing "Topic":"SmartLog/SL-000123/03006175",
  // '/' not escaped) of this logger's topics only. The ID is JSON-escaped
  // ('"', '\\', control characters) and then regex-escaped, so "SL.1" does not
  // match "SLx1" and "SL-1" does not match "SL-10". Works with ECMAScript
  // (std::regex) and PCRE (Poco::RegularExpression, PHP preg_match).
  std::string receiveFilter(std::string_view smartLogId) const;

  // MQTT subscription for one logger ("SmartLog/SL-000123/#") or for all
  // ("SmartLog/+/#"); fixed text around the placeholder needs "+" then.
  std::string subscription(std::string_view smartLogId) const;
  std::string subscriptionForAll() const;

  // A concrete topic for publishing: '#' becomes `rest` (dropped together
  // with its '/' when `rest` is empty). Throws std::logic_error when the
  // template has '+' levels (there is no single topic for them).
  std::string topicFor(std::string_view smartLogId, std::string_view rest = {}) const;

 private:
  enum class LevelKind { Literal, AnyOne, Id };
  struct Level {
    LevelKind kind = LevelKind::Literal;
    std::string text;    // Literal: the text; Id: fixed text before the ID
    std::string suffix;  // Id: fixed text after the ID
  };

  // Whether `topic` matches; if so, where its ID is and where the levels matched by a trailing
  // '#' begin (npos: none).
  bool scan(std::string_view topic, std::string_view& id, std::size_t& rest) const;

  std::string pattern_;
  std::string reportLevel_;
  std::vector<Level> levels_;
  bool trailingHash_ = false;
};

// Logger ID to use for a message: MUC_ID from the payload when it has one,
// else the ID taken from the topic.
std::string effectiveLoggerId(const Report& report, std::string_view topicId);

// Escapes the regex metacharacters \ ^ $ . | ? * + ( ) [ ] { }.
std::string escapeRegex(std::string_view text);

}  // namespace symemu::smartmetering

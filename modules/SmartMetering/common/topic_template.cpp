#include "symemu/smartmetering/common/topic_template.h"

#include <algorithm>
#include <stdexcept>

namespace symemu::smartmetering {
namespace {

std::vector<std::string_view> splitLevels(std::string_view topic) {
  std::vector<std::string_view> levels;
  levels.reserve(static_cast<std::size_t>(std::count(topic.begin(), topic.end(), '/')) + 1);  // one allocation
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = topic.find('/', start);
    if (slash == std::string_view::npos) {
      levels.push_back(topic.substr(start));
      return levels;
    }
    levels.push_back(topic.substr(start, slash - start));
    start = slash + 1;
  }
}

// JSON string escaping as an encoder writes it ('/' left alone).
std::string jsonEscape(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(hex[u >> 4]);
          out.push_back(hex[u & 15]);
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string regexLiteral(std::string_view text) { return escapeRegex(jsonEscape(text)); }

// One character of JSON string content other than '/', or an escape pair.
constexpr std::string_view kAnyLevelRegex = R"((?:[^/"\\]|\\.)*)";
constexpr std::string_view kAnyRestRegex = R"((?:[^"\\]|\\.)*)";

}  // namespace

std::string escapeRegex(std::string_view text) {
  constexpr std::string_view kMeta = "\\^$.|?*+()[]{}";
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (kMeta.find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

TopicTemplate::TopicTemplate(std::string pattern, std::string reportLevel)
    : pattern_(std::move(pattern)), reportLevel_(std::move(reportLevel)) {
  const std::vector<std::string_view> parts = splitLevels(pattern_);
  int placeholders = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part == "#") {
      if (i + 1 != parts.size())
        throw std::invalid_argument("topic template '" + pattern_ + "': '#' must be the last level");
      trailingHash_ = true;
      continue;
    }
    Level level;
    if (part == "+") {
      level.kind = LevelKind::AnyOne;
    } else if (part.find('+') != std::string_view::npos || part.find('#') != std::string_view::npos) {
      throw std::invalid_argument("topic template '" + pattern_ + "': '+' and '#' must fill a whole level");
    } else if (const std::size_t at = part.find(kPlaceholder); at != std::string_view::npos) {
      level.kind = LevelKind::Id;
      level.text = std::string(part.substr(0, at));
      level.suffix = std::string(part.substr(at + kPlaceholder.size()));
      placeholders += 1;
      if (level.suffix.find(kPlaceholder) != std::string::npos) placeholders += 1;
    } else {
      level.text = std::string(part);
    }
    levels_.push_back(std::move(level));
  }
  if (placeholders != 1)
    throw std::invalid_argument("topic template '" + pattern_ + "' must contain " + std::string(kPlaceholder) +
                                " exactly once");
}

bool TopicTemplate::scan(std::string_view topic, std::string_view& id, std::size_t& rest) const {
  // The topic's levels are read one at a time, without a list of them (this runs for every
  // PUBLISH, in SmartLog and in SmartLogDiscovery); tests/bench/test_fast_paths.cpp checks it
  // against matching the split levels.
  std::size_t start = 0;  // where the next level begins
  bool more = true;       // whether there is a next level
  rest = std::string_view::npos;
  for (const Level& level : levels_) {
    if (!more) return false;  // fewer levels than the template's
    const std::size_t slash = topic.find('/', start);
    const std::string_view part =
        slash == std::string_view::npos ? topic.substr(start) : topic.substr(start, slash - start);
    more = slash != std::string_view::npos;
    start = more ? slash + 1 : topic.size();
    switch (level.kind) {
      case LevelKind::Literal:
        if (part != level.text) return false;
        break;
      case LevelKind::AnyOne:
        break;
      case LevelKind::Id: {
        const std::size_t fixed = level.text.size() + level.suffix.size();
        if (part.size() <= fixed || part.substr(0, level.text.size()) != level.text ||
            part.substr(part.size() - level.suffix.size()) != level.suffix)
          return false;
        id = part.substr(level.text.size(), part.size() - fixed);
        break;
      }
    }
  }
  if (more) {
    if (!trailingHash_) return false;  // more levels than the template's
    rest = start;                      // right after the '/' that ends the last fixed level
  }
  return true;
}

std::optional<TopicTemplate::Match> TopicTemplate::match(std::string_view topic) const {
  std::string_view id;
  std::size_t rest = 0;
  if (!scan(topic, id, rest)) return std::nullopt;
  Match m;
  m.smartLogId.assign(id);
  if (rest != std::string_view::npos) m.rest.assign(topic.substr(rest));
  m.wholeReport = m.rest.empty() || m.rest == reportLevel_;
  return m;
}

std::optional<std::string_view> TopicTemplate::idOf(std::string_view topic) const {
  std::string_view id;
  std::size_t rest = 0;
  if (!scan(topic, id, rest)) return std::nullopt;
  return id;
}

std::optional<std::string> TopicTemplate::extractId(std::string_view topic) const {
  auto m = match(topic);
  if (!m) return std::nullopt;
  return std::move(m->smartLogId);
}

bool TopicTemplate::belongsTo(std::string_view topic, std::string_view smartLogId) const {
  const auto m = match(topic);
  return m && m->smartLogId == smartLogId;
}

std::string TopicTemplate::receiveFilter(std::string_view smartLogId) const {
  std::string body;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    if (i > 0) body += '/';
    const Level& level = levels_[i];
    switch (level.kind) {
      case LevelKind::Literal:
        body += regexLiteral(level.text);
        break;
      case LevelKind::AnyOne:
        body += kAnyLevelRegex;
        break;
      case LevelKind::Id:
        body += regexLiteral(level.text) + regexLiteral(smartLogId) + regexLiteral(level.suffix);
        break;
    }
  }
  if (trailingHash_) body += "(?:/" + std::string(kAnyRestRegex) + ")?";
  return ".*\"Topic\":\"" + body + "\".*";
}

std::string TopicTemplate::subscription(std::string_view smartLogId) const {
  std::string out;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    if (i > 0) out += '/';
    const Level& level = levels_[i];
    if (level.kind == LevelKind::Literal)
      out += level.text;
    else if (level.kind == LevelKind::AnyOne)
      out += '+';
    else
      out += level.text + std::string(smartLogId) + level.suffix;
  }
  if (trailingHash_) out += "/#";
  return out;
}

std::string TopicTemplate::subscriptionForAll() const {
  std::string out;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    if (i > 0) out += '/';
    out += levels_[i].kind == LevelKind::Literal ? levels_[i].text : std::string("+");
  }
  if (trailingHash_) out += "/#";
  return out;
}

std::string TopicTemplate::topicFor(std::string_view smartLogId, std::string_view rest) const {
  std::string out;
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    if (i > 0) out += '/';
    const Level& level = levels_[i];
    if (level.kind == LevelKind::AnyOne)
      throw std::logic_error("topic template '" + pattern_ + "' has '+' levels: no single topic");
    if (level.kind == LevelKind::Literal)
      out += level.text;
    else
      out += level.text + std::string(smartLogId) + level.suffix;
  }
  if (trailingHash_ && !rest.empty()) out += "/" + std::string(rest);
  return out;
}

std::string effectiveLoggerId(const Report& report, std::string_view topicId) {
  return report.mucId.empty() ? std::string(topicId) : report.mucId;
}

}  // namespace symemu::smartmetering

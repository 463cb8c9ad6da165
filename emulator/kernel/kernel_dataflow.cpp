// Instance connections and the data flow between parents and children (docs/symcon-kernel.md §3.8).
#include <Poco/Exception.h>
#include <Poco/RegularExpression.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "symemu/kernel/filter_regex.h"
#include "symemu/kernel/find_key.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"

namespace symemu {

// The DataID of a packet, read from its JSON text without a full parse (hot path); a view
// into `json`.
static std::string_view dataIdOf(const std::string& json) {
  // The kernel's and the libraries' packet writers put the DataID first: `{"DataID":"…"`. The
  // first `"DataID"` is then at 1 and its value's quote right after the colon, so the general
  // search below would read the same; only the closing quote is searched for.
  static constexpr std::string_view kLeading = "{\"DataID\":\"";
  if (json.size() > kLeading.size() && std::memcmp(json.data(), kLeading.data(), kLeading.size()) == 0) {
    const void* close = std::memchr(json.data() + kLeading.size(), '"', json.size() - kLeading.size());
    if (close)
      return std::string_view(
          json.data() + kLeading.size(),
          static_cast<std::size_t>(static_cast<const char*>(close) - json.data()) - kLeading.size());
  }
  auto key = json.find("\"DataID\"");
  if (key == std::string::npos) return {};
  auto open = json.find('"', json.find(':', key + 8));
  if (open == std::string::npos) return {};
  auto close = json.find('"', open + 1);
  if (close == std::string::npos) return {};
  return std::string_view(json).substr(open + 1, close - open - 1);
}

// True when `regex` has a `|` outside every group and character class (then a leading or
// trailing `.*` belongs to one branch only). \Q...\E quoting is not followed: it answers true.
static bool hasTopLevelAlternation(const std::string& regex) {
  int depth = 0;
  bool inClass = false;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\') {
      if (i + 1 < regex.size() && regex[i + 1] == 'Q') return true;
      ++i;
    } else if (inClass) {
      if (c == ']') inClass = false;
    } else if (c == '[') {
      inClass = true;
      if (i + 1 < regex.size() && regex[i + 1] == '^') ++i;
      if (i + 1 < regex.size() && regex[i + 1] == ']') ++i;  // a leading ']' is literal
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

// Filters are searched for anywhere in the text, so a leading or trailing greedy `.*` (which may
// match nothing) never decides whether there is a match; it only makes PCRE walk or backtrack
// over the whole packet. Without them PCRE can use its start-character optimisation. Only a
// plain `.*` (not `.*?`, `.*+`, `.*{..}`, nor an escaped `\.*`) in a pattern without top-level
// alternation is dropped.
static std::string searchablePattern(const std::string& regex) {
  if (regex.size() < 3 || hasTopLevelAlternation(regex)) return regex;
  std::string out = regex;
  if (out.compare(0, 2, ".*") == 0) {
    const char next = out[2];
    if (next != '?' && next != '+' && next != '*' && next != '{') out.erase(0, 2);
  }
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".*") == 0) {
    std::size_t slashes = 0;
    for (std::size_t i = out.size() - 2; i > 0 && out[i - 1] == '\\'; --i) ++slashes;
    if (slashes % 2 == 0) out.erase(out.size() - 2);
  }
  return out.empty() ? regex : out;
}

namespace {

// Every filter the kernel holds: a compiled pattern that knows whether it is nothing but its
// required literal (the usual `.*"MeterID":"…".*`), so that the literal occurring decides.
class CompiledFilter : public FilterRegex {
 public:
  // A filter that is nothing but its literal never reaches PCRE: no JIT compilation (a
  // database may hold thousands of meter filters).
  CompiledFilter(const std::string& pattern, bool literalOnly)
      : FilterRegex(pattern, /*jit=*/!literalOnly), literalOnly_(literalOnly), firstByte_(anchoredFirstByte(pattern)) {}
  bool literalOnly() const { return literalOnly_; }
  // A pattern anchored at the subject's start by a plain letter or digit (`^NOTHING_TO_RECEIVE$`,
  // what devices without a meter ID filter on): a text not beginning with it cannot match, and
  // PCRE need not be asked (each packet texts begins with '{').
  bool cannotMatch(const std::string& text) const { return firstByte_ && (text.empty() || text[0] != firstByte_); }

 private:
  // The letter or digit right after a leading '^' when it must be the subject's first byte:
  // no top-level alternation, and the letter is not made optional or repeated-or-none by what
  // follows. '\0' when the pattern is not of this shape.
  static char anchoredFirstByte(const std::string& pattern) {
    if (pattern.size() < 2 || pattern[0] != '^' || !std::isalnum(static_cast<unsigned char>(pattern[1])) ||
        hasTopLevelAlternation(pattern))
      return 0;
    if (pattern.size() > 2 && (pattern[2] == '?' || pattern[2] == '*' || pattern[2] == '{')) return 0;
    return pattern[1];
  }
  bool literalOnly_;
  char firstByte_;
};

// True when `searchable` is exactly `literal` written as a pattern: plain characters and
// backslash-escaped punctuation, nothing else.
bool isLiteralPattern(const std::string& searchable, const std::string& literal) {
  static const std::string meta = ".[](){}*+?^$|";
  std::string out;
  for (std::size_t i = 0; i < searchable.size(); ++i) {
    const char c = searchable[i];
    if (c == '\\') {
      if (i + 1 >= searchable.size() || std::isalnum(static_cast<unsigned char>(searchable[i + 1]))) return false;
      out.push_back(searchable[++i]);
    } else if (meta.find(c) != std::string::npos) {
      return false;
    } else {
      out.push_back(c);
    }
  }
  return !literal.empty() && out == literal;
}

}  // namespace

static std::shared_ptr<Poco::RegularExpression> compileFilter(const std::string& regex) {
  if (regex.empty()) return nullptr;
  try {
    // No delimiters, so an unescaped '/' is an ordinary character, as Symcon users expect.
    Poco::RegularExpression check(regex);  // errors name the pattern as given
    const std::string searchable = searchablePattern(regex);
    return std::make_shared<CompiledFilter>(searchable, isLiteralPattern(searchable, requiredLiteral(regex)));
  } catch (const Poco::Exception& e) {
    throw KernelError("Invalid data filter '" + regex + "': " + e.message());
  }
}

std::string requiredLiteral(const std::string& pattern) {
  // Only patterns of the common shape `.*LITERAL...` without top-level alternation: the literal
  // right after the leading `.*` must then occur in every matching text (a `|` inside a later
  // group does not change that).
  if (pattern.size() < 3 || pattern.compare(0, 2, ".*") != 0 || hasTopLevelAlternation(pattern)) return {};
  static const std::string meta = ".[](){}*+?^$";
  std::string out;
  std::size_t i = 2;
  while (i < pattern.size()) {
    char c = pattern[i], literal;
    if (c == '\\') {
      if (i + 1 >= pattern.size() || std::isalnum(static_cast<unsigned char>(pattern[i + 1]))) break;  // \d, \x41, ...
      literal = pattern[i + 1];
      i += 2;
    } else if (meta.find(c) != std::string::npos) {
      break;
    } else {
      literal = c;
      ++i;
    }
    if (i < pattern.size() && (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '{')) break;  // optional char
    out.push_back(literal);
    if (i < pattern.size() && pattern[i] == '+') break;
  }
  return out;
}

namespace {

// Tells whether filter literals occur in one packet text. The children of one parent usually
// filter on the same key with different values ("MeterID":"..."), so the positions of the
// literal's key part (up to its first ':') are found once per packet and each literal is then
// compared only there, instead of every child scanning the whole text. Keys whose place the
// text's writer gave (text_keys.h) are not scanned for.
class LiteralFinder {
 public:
  explicit LiteralFinder(const std::string& text, const TextKeys* keys = nullptr) : text_(text), keys_(keys) {}
  bool contains(const std::string& literal) {
    return anyOccurrence(literal, [](std::size_t) { return true; });
  }
  // Calls test(position) at each position where `literal` occurs, in text order, until it
  // returns true; tells whether it did. Allocates nothing once a key's positions are known
  // (it runs for every child of every packet).
  template <class Test>
  bool anyOccurrence(const std::string& literal, Test&& test) {
    const auto colon = literal.find(':');
    if (colon == std::string::npos || colon + 1 >= literal.size()) {
      for (auto at = findKey(text_, literal); at != std::string::npos; at = findKey(text_, literal, at + 1))
        if (test(at)) return true;
      return false;
    }
    const Positions& found = positions(std::string_view(literal).substr(0, colon + 1));
    for (std::size_t k = 0; k < found.size(); ++k) {
      const std::size_t at = found[k];
      if (text_.compare(at, literal.size(), literal) == 0 && test(at)) return true;
    }
    return false;
  }
  // f(position) for each occurrence of `key` in the text, in order (found once per key).
  template <class F>
  void forEachPosition(std::string_view key, F&& f) {
    const Positions& found = positions(key);
    for (std::size_t k = 0; k < found.size(); ++k) f(found[k]);
  }

 private:
  // Where one key occurs, in text order: the first few inline (a packet names a key once or
  // twice), so that a packet's finder usually allocates nothing.
  class Positions {
   public:
    void add(std::size_t at) {
      if (n_ < kInline)
        inline_[n_] = at;
      else
        more_.push_back(at);
      ++n_;
    }
    std::size_t size() const { return n_; }
    std::size_t operator[](std::size_t k) const { return k < kInline ? inline_[k] : more_[k - kInline]; }

   private:
    static constexpr std::size_t kInline = 4;
    std::size_t inline_[kInline];  // the first n_ are set
    std::size_t n_ = 0;
    std::vector<std::size_t> more_;
  };
  struct Key {
    std::string key;
    Positions found;
  };

  const Positions& positions(std::string_view key) {
    for (std::size_t k = 0; k < cached_; ++k)
      if (first_[k].key == key) return first_[k].found;
    for (const auto& more : more_)
      if (more->key == key) return more->found;
    Key& entry = cached_ < std::size(first_) ? first_[cached_++] : *more_.emplace_back(std::make_unique<Key>());
    entry.key.assign(key);
    if (const std::size_t only = keys_ ? keys_->onlyPlaceOf(key) : std::string::npos; only != std::string::npos) {
      entry.found.add(only);
      return entry.found;
    }
    for (auto at = findKey(text_, entry.key); at != std::string::npos; at = findKey(text_, entry.key, at + 1))
      entry.found.add(at);
    return entry.found;
  }

  const std::string& text_;
  const TextKeys* keys_;  // the packet's, or nullptr
  Key first_[2];          // a parent's children usually filter on one key
  std::size_t cached_ = 0;
  std::vector<std::unique_ptr<Key>> more_;  // entries stay where they are as it grows
};

}  // namespace

static bool filterMatches(const std::shared_ptr<Poco::RegularExpression>& re, const std::string& literal,
                          const std::string& json, LiteralFinder* finder = nullptr) {
  if (!re) return true;
  const auto& filter = static_cast<const CompiledFilter&>(*re);  // every filter comes from compileFilter
  try {
    if (literal.empty()) return !filter.cannotMatch(json) && filter.matches(json, 0);
    if (filter.literalOnly()) return finder ? finder->contains(literal) : findKey(json, literal) != std::string::npos;
    // A filter with a required literal was `.*LITERAL…`; compiled without the leading `.*`
    // (searchablePattern), it begins with the literal, so a match can only start where the
    // literal occurs: try there, anchored, instead of letting PCRE try at every '"' of the text.
    auto matchesAt = [&](std::size_t p) { return filter.matches(json, p, Poco::RegularExpression::RE_ANCHORED); };
    if (finder) return finder->anyOccurrence(literal, matchesAt);
    for (auto p = findKey(json, literal); p != std::string::npos; p = findKey(json, literal, p + 1))
      if (matchesAt(p)) return true;
    return false;
  } catch (const Poco::Exception&) {
    return false;  // e.g. PCRE match limit on a pathological pattern: do not deliver
  }
}

void Kernel::setReceiveDataFilter(int id, const std::string& regex) {
  auto& rec = instance(id);
  rec.receiveRegex = compileFilter(regex);
  rec.receiveFilter = regex;
  rec.receiveLiteral = requiredLiteral(regex);
  ++dataflowGeneration_;
}

void Kernel::setForwardDataFilter(int id, const std::string& regex) {
  auto& rec = instance(id);
  rec.forwardRegex = compileFilter(regex);
  rec.forwardFilter = regex;
  rec.forwardLiteral = requiredLiteral(regex);
}

bool Kernel::isModuleCompatible(const std::string& childModuleId, const std::string& parentModuleId) const {
  const auto& c = getModule(childModuleId);
  const auto& p = getModule(parentModuleId);
  bool parentOk = std::any_of(c.parentRequirements.begin(), c.parentRequirements.end(),
                              [&](const std::string& g) { return p.implements(g); });
  bool childOk = p.childRequirements.empty() || std::any_of(p.childRequirements.begin(), p.childRequirements.end(),
                                                            [&](const std::string& g) { return c.implements(g); });
  return parentOk && childOk;
}

bool Kernel::isInstanceCompatible(int childId, int parentId) const {
  return isModuleCompatible(instance(childId).info->id, instance(parentId).info->id);
}

std::vector<int> Kernel::getChildInstances(int parentId) const {
  auto it = childInstances_.find(parentId);
  return it == childInstances_.end() ? std::vector<int>{} : it->second;
}

void Kernel::connectInstance(int childId, int parentId) {
  auto& child = instance(childId);
  const auto& parent = instance(parentId);
  if (childId == parentId) throw KernelError("Instance #" + std::to_string(childId) + " cannot be its own parent");
  for (int p = parent.connectionId; p != 0; p = instance(p).connectionId)
    if (p == childId)
      throw KernelError("Connecting #" + std::to_string(childId) + " to #" + std::to_string(parentId) +
                        " would create a loop");
  if (!isModuleCompatible(child.info->id, parent.info->id))
    throw KernelError("Instance #" + std::to_string(childId) + " (" + child.info->name +
                      ") is not compatible with instance #" + std::to_string(parentId) + " (" + parent.info->name +
                      ")");
  if (child.connectionId == parentId) return;
  if (child.connectionId != 0) disconnectInstance(childId);
  instance(childId).connectionId = parentId;
  childInstances_[parentId].push_back(childId);
  ++dataflowGeneration_;
  touchInstance(childId);
  sendMessage(childId, msg::FM_CONNECT, {static_cast<std::int64_t>(parentId)});
  sendMessage(parentId, msg::FM_CHILDADDED, {static_cast<std::int64_t>(childId)});
}

void Kernel::disconnectInstance(int childId) {
  auto& child = instance(childId);
  int parentId = child.connectionId;
  if (parentId == 0) return;
  child.connectionId = 0;
  auto& list = childInstances_[parentId];
  list.erase(std::remove(list.begin(), list.end(), childId), list.end());
  ++dataflowGeneration_;
  touchInstance(childId);
  sendMessage(childId, msg::FM_DISCONNECT, {static_cast<std::int64_t>(parentId)});
  if (instanceExists(parentId)) sendMessage(parentId, msg::FM_CHILDREMOVED, {static_cast<std::int64_t>(childId)});
}

bool Kernel::deliverable(const InstanceRecord& target, const std::string& json, bool toChild) const {
  if (!target.info->implements(dataIdOf(json))) return false;
  return toChild ? filterMatches(target.receiveRegex, target.receiveLiteral, json)
                 : filterMatches(target.forwardRegex, target.forwardLiteral, json);
}

std::string Kernel::sendDataToParent(int id, const std::string& json) {
  int parentId = instance(id).connectionId;
  if (parentId == 0) throw KernelError("Instance #" + std::to_string(id) + " has no parent instance");
  const auto& parent = instance(parentId);
  if (!parent.info->implements(dataIdOf(json))) {
    logMessage(id, msg::KL_WARNING,
               "Parent #" + std::to_string(parentId) + " (" + parent.info->name + ") does not implement DataID " +
                   std::string(dataIdOf(json)));
    return "";
  }
  if (!filterMatches(parent.forwardRegex, parent.forwardLiteral, json)) return "";
  auto module = moduleOf(parentId);
  forwardingChildren_.push_back(id);  // Module::senderEncoding reads it
  struct Pop {
    std::vector<int>& stack;
    ~Pop() { stack.pop_back(); }
  } pop{forwardingChildren_};
  return module->forwardData(json);
}

std::vector<std::string> Kernel::sendDataToChildren(int id, const std::string& json) {
  return sendDataToChildren(id, Packet(json));
}

namespace {
// The positions of the children a packet may reach (ChildIndex::candidates), ascending and
// asked for in ascending order: usually one or two, kept inline (no allocation per packet), so
// that the data flow goes straight to them instead of testing a mark per child.
class ChildPicks {
 public:
  void add(std::size_t i) {
    if (more_.empty() && n_ < kInline) {
      inline_[n_++] = i;
      return;
    }
    if (more_.empty()) more_.assign(inline_, inline_ + n_);
    more_.push_back(i);
    ++n_;
  }
  void sortUnique() {
    std::size_t* b = data();
    std::sort(b, b + n_);
    n_ = static_cast<std::size_t>(std::unique(b, b + n_) - b);
    filled_ = true;
  }
  bool filled() const { return filled_; }
  // The first pick at or after `i`, or npos; `i` must not go down between calls.
  std::size_t nextFrom(std::size_t i) {
    const std::size_t* b = data();
    while (cursor_ < n_ && b[cursor_] < i) ++cursor_;
    return cursor_ < n_ ? b[cursor_] : std::string::npos;
  }
  bool has(std::size_t i) { return nextFrom(i) == i; }

 private:
  std::size_t* data() { return more_.empty() ? inline_ : more_.data(); }
  static constexpr std::size_t kInline = 8;
  std::size_t inline_[kInline];  // the first n_ are set
  std::size_t n_ = 0, cursor_ = 0;
  bool filled_ = false;
  std::vector<std::size_t> more_;
};
}  // namespace

// A parent's children grouped by the literal their receive filter requires (the usual
// `"MeterID":"…"`): a packet then finds its receivers by looking up the texts at the positions
// of each literal's key, instead of testing every child (a logger has hundreds of meters).
struct Kernel::ChildIndex {
  std::uint64_t generation = 0;
  std::vector<int> children;  // getChildInstances(parent) when built
  // Their records (nullptr: none), valid while the generation is the index's: records are
  // erased only with a change of generation, and the map's nodes do not move.
  std::vector<InstanceRecord*> records;
  std::vector<std::size_t> unindexed;  // positions of children without such a literal
  std::vector<std::string> literals;   // the indexed literals (reserved: views into them stay)
  struct Group {                       // literals with one key part, e.g. `"MeterID":`
    std::vector<std::size_t> lengths;  // distinct literal lengths
    // literal -> children; looked up with views into the packet text, without a copy
    std::unordered_map<std::string_view, std::vector<std::size_t>> positions;
  };
  std::map<std::string, Group> groups;  // key part -> group

  // Picks the children whose literal occurs in `text` (and every unindexed child). The key
  // positions come from `finder` (over the same text), which the receivers' filters then reuse.
  void candidates(const std::string& text, LiteralFinder& finder, ChildPicks& picks) const {
    for (std::size_t i : unindexed) picks.add(i);
    for (const auto& [key, group] : groups)
      finder.forEachPosition(key, [&](std::size_t at) {
        for (std::size_t length : group.lengths) {
          if (at + length > text.size()) continue;
          auto hit = group.positions.find(std::string_view(text).substr(at, length));
          if (hit != group.positions.end())
            for (std::size_t i : hit->second) picks.add(i);
        }
      });
    picks.sortUnique();
  }
};

std::shared_ptr<Kernel::ChildIndex> Kernel::childIndex(int parentId) {
  auto& slot = childIndexes_[parentId];
  if (slot && slot->generation == dataflowGeneration_) return slot;
  auto index = std::make_shared<ChildIndex>();
  index->generation = dataflowGeneration_;
  index->children = getChildInstances(parentId);
  index->literals.reserve(index->children.size());
  for (std::size_t i = 0; i < index->children.size(); ++i) {
    InstanceRecord* rec = instances_.find(index->children[i]);
    index->records.push_back(rec);
    const bool filtered = rec && rec->receiveRegex;
    const std::string literal = filtered ? rec->receiveLiteral : std::string();
    const auto colon = literal.find(':');
    // Same rule as LiteralFinder: only literals with a key part and something after it.
    if (colon == std::string::npos || colon + 1 >= literal.size()) {
      index->unindexed.push_back(i);
      continue;
    }
    auto& group = index->groups[literal.substr(0, colon + 1)];
    if (std::find(group.lengths.begin(), group.lengths.end(), literal.size()) == group.lengths.end())
      group.lengths.push_back(literal.size());
    auto known = group.positions.find(literal);
    if (known == group.positions.end()) {
      index->literals.push_back(literal);
      known = group.positions.emplace(index->literals.back(), std::vector<std::size_t>{}).first;
    }
    known->second.push_back(i);
  }
  slot = index;
  return index;
}

std::vector<std::string> Kernel::sendDataToChildren(int id, const Packet& packet) {
  std::vector<std::string> answers;
  const std::string& json = packet.text();
  const std::string_view dataId = dataIdOf(json);  // the text is the same for every child
  LiteralFinder finder(json, packet.textKeys());
  // The index only skips children whose filter literal is not in the text; whoever it lets
  // through is checked in full below, in child order. Should a receiver change connections or
  // filters meanwhile, every later child is checked in full, as without the index.
  const std::shared_ptr<const ChildIndex> index = childIndex(id);
  const std::uint64_t generation = dataflowGeneration_;
  ChildPicks picks;
  index->candidates(json, finder, picks);
  const std::size_t count = index->children.size();
  for (std::size_t i = 0; i < count; ++i) {   // a copy: receivers may connect or disconnect
    if (generation == dataflowGeneration_) {  // straight to the next candidate
      i = picks.nextFrom(i);
      if (i == std::string::npos) break;
    }
    const int child = index->children[i];
    InstanceRecord* record = index->records[i];  // no lookup while the index is current
    if (generation != dataflowGeneration_) {
      record = instances_.find(child);
    }
    if (!record) continue;
    const auto& rec = *record;
    if (rec.connectionId != id || !rec.info->implements(dataId) ||
        !filterMatches(rec.receiveRegex, rec.receiveLiteral, json, &finder))
      continue;
    if (!rec.module) moduleOf(child);                   // throws as before
    const std::shared_ptr<Module> module = rec.module;  // alive while it receives
    std::string answer = module->receivePacket(packet);
    if (!answer.empty()) answers.push_back(std::move(answer));
  }
  return answers;
}

std::vector<std::string> Kernel::sendDataToChildren(int id, const std::function<std::string(DataEncoding)>& makeJson) {
  return sendDataToChildren(
      id, std::function<Packet(DataEncoding)>([&](DataEncoding encoding) { return Packet(makeJson(encoding)); }));
}

std::vector<std::string> Kernel::sendDataToChildren(int id, const std::function<Packet(DataEncoding)>& makePacket) {
  std::vector<std::string> answers;
  std::optional<Packet> cached[3];  // at most one packet per encoding
  std::string_view dataIds[3];      // views into the packets' texts or given DataIDs
  std::optional<LiteralFinder> finders[3];
  // As for a packet (above): the child index skips the children whose filter literal is not in
  // the packet of their encoding (the MQTT Server's loggers filter on their topics); whoever it
  // lets through is checked in full, in child order, and after a change of connections or
  // filters during the loop every later child is checked in full.
  const std::shared_ptr<const ChildIndex> index = childIndex(id);
  const std::uint64_t generation = dataflowGeneration_;
  const bool indexed = !index->groups.empty();
  ChildPicks picks[3];  // per encoding, filled when a filtered child first needs it
  for (std::size_t i = 0; i < index->children.size(); ++i) {  // a copy: receivers may connect or disconnect
    InstanceRecord* record = index->records[i];               // no lookup while the index is current
    if (generation != dataflowGeneration_) {
      record = instances_.find(index->children[i]);
    }
    if (!record) continue;
    const auto& rec = *record;
    if (rec.connectionId != id || !rec.module) continue;
    const DataEncoding childEncoding = dataEncodingOf(rec);
    const int encoding = static_cast<int>(childEncoding);
    auto& packet = cached[encoding];
    if (!packet) {
      packet.emplace(makePacket(childEncoding));
      // A deferred packet's text is written only if a receive filter needs it.
      dataIds[encoding] =
          packet->givenDataId().empty() ? dataIdOf(packet->text()) : std::string_view(packet->givenDataId());
    }
    // A deferred packet's text is written only for a child of its DataID: the DataID first.
    // Once the text is there (it was read for the DataID), the index first: it spares the DataID
    // test of every child it skips.
    const bool textWritten = packet->givenDataId().empty();
    if (!textWritten && !rec.info->implements(dataIds[encoding])) continue;
    if (rec.receiveRegex) {
      if (!finders[encoding]) finders[encoding].emplace(packet->text(), packet->textKeys());
      if (indexed && generation == dataflowGeneration_) {
        if (!picks[encoding].filled()) index->candidates(packet->text(), *finders[encoding], picks[encoding]);
        if (!picks[encoding].has(i)) continue;  // its filter's literal is not in the text: no match
      }
    }
    if (textWritten && !rec.info->implements(dataIds[encoding])) continue;
    if (rec.receiveRegex && !filterMatches(rec.receiveRegex, rec.receiveLiteral, packet->text(), &*finders[encoding]))
      continue;
    const std::shared_ptr<Module> module = rec.module;  // alive while it receives
    std::string answer = module->receivePacket(*packet);
    if (!answer.empty()) answers.push_back(std::move(answer));
  }
  return answers;
}

bool Kernel::hasActiveParent(int id) const {
  int p = instance(id).connectionId;
  return p != 0 && instanceExists(p) && instance(p).status == status::Active;
}

void Kernel::connectParent(int id, const std::string& moduleId) {
  if (instance(id).connectionId != 0) return;
  for (int candidate : getInstanceListByModuleID(moduleId))
    if (candidate != id && isInstanceCompatible(id, candidate)) {
      connectInstance(id, candidate);
      return;
    }
  requireParent(id, moduleId);
}

// A parent made for a child is configured the way the child asks (GetConfigurationForParent),
// like Symcon's guided setup does: e.g. the MQTT Server's Server Socket opens on port 1883.
void Kernel::requireParent(int id, const std::string& moduleId) {
  if (instance(id).connectionId != 0) return;
  int parent = createInstance(moduleId);
  connectInstance(id, parent);
  try {
    applyConfigurationForParent(id, parent);
  } catch (const std::exception& e) {  // the parent exists and is connected; only its settings failed
    logMessage(id, msg::KL_WARNING,
               "Configuration for the new parent #" + std::to_string(parent) + " not applied: " + e.what());
  }
}

int Kernel::changeParent(int childId, int parentId, bool deleteOrphanedParent) {
  const int old = instance(childId).connectionId;
  connectInstance(childId, parentId);
  if (old == 0 || old == parentId || !instanceExists(old) || !getChildInstances(old).empty()) return 0;
  const std::string name = object(old).name;
  if (deleteOrphanedParent) {
    deleteInstance(old);
    logMessage(
        childId, msg::KL_NOTIFY,
        "Former parent #" + std::to_string(old) + " (" + name + ") was used by no other instance and was deleted");
  } else {
    logMessage(childId, msg::KL_NOTIFY,
               "Former parent #" + std::to_string(old) + " (" + name +
                   ") is used by no other instance now; delete it unless it is still needed");
  }
  return old;
}

void Kernel::forceParent(int id, const std::string& moduleId) {
  int old = instance(id).connectionId;
  if (old != 0 && instance(old).info->id != upperGuid(moduleId)) {
    disconnectInstance(id);
    if (getChildInstances(old).empty()) deleteInstance(old);
  }
  requireParent(id, moduleId);
}

}  // namespace symemu

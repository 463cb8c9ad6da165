// Packet texts parsed on the MQTT I/O thread, kept for json_decode() on the kernel thread.
#include "symemu/php/php_json_ahead.h"

#include <cstring>
#include <vector>

namespace symemu::php {

namespace {

constexpr std::size_t kLargestFastText = 1 << 20;

std::size_t found = 0;  // PHP's thread only

// Scopes alive on PHP's thread, innermost last.
std::vector<const KeptJson*>& activeScopes() {
  static std::vector<const KeptJson*> scopes;
  return scopes;
}

void keep(KeptJsonText& kept, std::string_view text) {
  if (!fastJsonCandidate(text.data(), text.size())) return;
  thread_local simdjson::dom::parser parser;  // one per I/O thread; the documents are the item's
  simdjson::dom::element root;
  if (parser.parse_into_document(kept.document, text.data(), text.size()).get(root) != simdjson::SUCCESS) return;
  kept.text.assign(text.data(), text.size());
}

bool matches(const KeptJsonText& kept, const char* text, std::size_t length) {
  return kept.text.size() == length && length != 0 && std::memcmp(kept.text.data(), text, length) == 0;
}

}  // namespace

bool fastJsonCandidate(const char* text, std::size_t length) {
  // Containers only (a BOM, leading white space or a scalar text goes to PHP's reader); large
  // texts too: the parser keeps buffers as large as the largest text it read.
  return length != 0 && length <= kLargestFastText && (text[0] == '{' || text[0] == '[');
}

forms::ReadAhead parseJsonAhead(std::string_view, std::string_view payload, std::string_view packetText) {
  auto kept = std::make_shared<KeptJson>();
  keep(kept->packetText, packetText);
  keep(kept->payload, payload);
  if (kept->packetText.text.empty() && kept->payload.text.empty()) return {};
  return forms::ReadAhead::of(std::shared_ptr<const KeptJson>(std::move(kept)));
}

JsonAheadScope::JsonAheadScope(const forms::ReadAhead& ahead) : kept_(ahead.share<KeptJson>()) {
  if (kept_) activeScopes().push_back(kept_.get());
}

JsonAheadScope::~JsonAheadScope() {
  if (kept_) activeScopes().pop_back();
}

bool keptJsonRoot(const char* text, std::size_t length, simdjson::dom::element& root) {
  const auto& scopes = activeScopes();
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    for (const KeptJsonText* kept : {&(*it)->packetText, &(*it)->payload})
      if (matches(*kept, text, length)) {
        root = kept->document.root();
        ++found;
        return true;
      }
  }
  return false;
}

std::size_t keptJsonFound() { return found; }

}  // namespace symemu::php

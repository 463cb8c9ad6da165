#pragma once
// JSON texts parsed ahead on the MQTT I/O thread for json_decode() (docs/performance.md, "PHP
// edition", "Sixth step, the host"): a PHP module that receives an MQTT packet decodes its text
// and then the payload inside it, on the kernel thread where all PHP runs. The MQTT Server's read-ahead
// already writes that text on the listener thread; parseJsonAhead parses it and the payload there
// too (simdjson, exactly as json_decode's fast reader would), and while the packet is delivered
// json_decode takes the kept document of a text that is byte for byte the one asked for instead
// of parsing it again. The values are still built on the kernel thread, with the same code.
//
// Threads: parseJsonAhead on any thread (a parser per thread); the result is immutable and
// handed over with the packet. JsonAheadScope and keptJsonRoot on PHP's thread only.
// Ownership: a scope shares the documents for as long as it lives. Errors: none; a text
// simdjson refuses is simply not kept (json_decode then reads it as before).
#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "symemu/kernel/packet_forms.h"

namespace symemu::php {

// A text and its document (empty text: none kept).
struct KeptJsonText {
  std::string text;
  simdjson::dom::document document;
};

// The documents of one MQTT message: its child packet text and its payload.
struct KeptJson {
  KeptJsonText packetText, payload;
};

// The forms::PacketTextReader the PHP host sets when PHP starts (embed SAPI).
forms::ReadAhead parseJsonAhead(std::string_view topic, std::string_view payload, std::string_view packetText);

// Whether json_decode's fast reader would parse this text at all (the same test on both threads).
bool fastJsonCandidate(const char* text, std::size_t length);

// Makes the documents in `ahead` (when it holds a KeptJson) visible to json_decode while it lives.
// Scopes nest (a module call that sends to children makes more calls).
class JsonAheadScope {
 public:
  explicit JsonAheadScope(const forms::ReadAhead& ahead);
  ~JsonAheadScope();
  JsonAheadScope(const JsonAheadScope&) = delete;
  JsonAheadScope& operator=(const JsonAheadScope&) = delete;

 private:
  std::shared_ptr<const KeptJson> kept_;
};

// The root of a kept document whose text is byte for byte `text`; false when there is none.
bool keptJsonRoot(const char* text, std::size_t length, simdjson::dom::element& root);

// For tests: how many times keptJsonRoot found a document (since the process started).
std::size_t keptJsonFound();

}  // namespace symemu::php

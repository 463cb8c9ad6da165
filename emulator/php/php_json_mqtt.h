#pragma once
// json_decode() of an MQTT packet text built from its typed form (docs/performance.md, "PHP
// edition", "Sixth step, the host"): a PHP device under the MQTT Server decodes every packet it
// receives, a kilobyte or more of escaped payload. The MQTT Server attaches the typed form it
// wrote that text from (forms::MqttPublish: the text gives exactly that form, docs of
// packet_forms.h); while the packet is delivered, json_decode of that very text (compared byte
// for byte) builds the array or object from the form instead of parsing the text.
// Threads: PHP's. Ownership: a scope refers to the packet, which outlives the call.
// Errors: none; a text that is not the delivered one, or not laid out as the MQTT Server writes
// it, is read as before.
#include <cstddef>
#include <string>

#include "symemu/kernel/packet_forms.h"

struct _zval_struct;

namespace symemu::php {

// json_decode() of `text` is built from `form` while this lives (nests: receivers send on).
class MqttPacketScope {
 public:
  // `argument`: the bytes of the PHP string the text was handed to the module as, when that
  // string is held unchanged while this lives (the call's argument array holds it): its
  // json_decode is then known to be of this text without comparing the bytes.
  MqttPacketScope(const std::string& text, const forms::MqttPublish& form, const char* argument = nullptr);
  ~MqttPacketScope();
  MqttPacketScope(const MqttPacketScope&) = delete;
  MqttPacketScope& operator=(const MqttPacketScope&) = delete;
};

// json_decode($text, $assoc, $depth) of the packet text of a scope: false when `text` is none.
bool decodeMqttPacket(const char* text, std::size_t length, bool assoc, long depth, _zval_struct* out);

// For tests: how often decodeMqttPacket built a value (since the process started).
std::size_t mqttPacketsBuilt();

}  // namespace symemu::php

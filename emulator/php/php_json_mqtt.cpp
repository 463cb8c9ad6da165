// The MQTT Server's child packet ({"DataID":…,"PacketType":3,"QualityOfService":…,"Retain":…,
// "Topic":…,"Payload":…}, UTF-8 mapped) built as json_decode() reads it, from its typed form.
#include "symemu/php/php_json_mqtt.h"

#include <emmintrin.h>
#include <php.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>
#include <vector>

#include "symemu/php/php_host.h"
#include "symemu/php/php_json_decode.h"

namespace symemu::php {

namespace {

struct Delivered {
  const std::string* text;
  const forms::MqttPublish* form;
  const char* argument;  // the held PHP string's bytes (nullptr: none)
};

std::vector<Delivered>& delivered() {
  static std::vector<Delivered> scopes;  // PHP's thread only, innermost last
  return scopes;
}

std::size_t built = 0;

// The text up to the topic, as the MQTT Server writes it for this form; empty when the text
// does not start with a DataID (then it is not laid out as expected and is read as before).
std::string_view dataIdOf(const std::string& text) {
  constexpr std::string_view kStart = "{\"DataID\":\"";
  if (text.compare(0, kStart.size(), kStart) != 0) return {};
  const auto end = text.find('"', kStart.size());
  return end == std::string::npos ? std::string_view()
                                  : std::string_view(text).substr(kStart.size(), end - kStart.size());
}

bool laidOutAsWritten(const std::string& text, std::string_view dataId, const forms::MqttPublish& form) {
  if (form.qos < 0 || form.qos > 2 || text.size() < 2 || text.compare(text.size() - 2, 2, "\"}") != 0) return false;
  std::string_view rest = std::string_view(text).substr(11 + dataId.size());  // after {"DataID":"GUID
  auto take = [&rest](std::string_view expected) {
    if (rest.substr(0, expected.size()) != expected) return false;
    rest.remove_prefix(expected.size());
    return true;
  };
  const char qos[2] = {static_cast<char>('0' + form.qos), '\0'};
  return take("\",\"PacketType\":3,\"QualityOfService\":") && take(qos) &&
         take(form.retain ? ",\"Retain\":true,\"Topic\":\"" : ",\"Retain\":false,\"Topic\":\"");
}

void setString(zval* out, const char* s, std::size_t n) {
  if (n == 0)
    ZVAL_EMPTY_STRING(out);
  else
    ZVAL_STRINGL(out, s, n);
}

// The payload's bytes as code points U+0000..U+00FF in UTF-8 (what the Payload text reads as).
void setMapped(zval* out, const std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  bool high = false;  // any byte >= 0x80 (16 at a time); a report is ASCII
  std::size_t i = 0;
  for (; i + 16 <= n && !high; i += 16)
    high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))) != 0;
  for (; i < n && !high; ++i) high = p[i] >= 0x80;
  if (!high) return setString(out, bytes.data(), n);
  std::size_t highCount = 0;
  for (std::size_t k = 0; k < n; ++k) highCount += p[k] >> 7;
  zend_string* s = zend_string_alloc(n + highCount, 0);
  char* o = ZSTR_VAL(s);
  for (std::size_t k = 0; k < n; ++k) {
    const unsigned char c = p[k];
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  *o = '\0';
  ZVAL_NEW_STR(out, s);
}

// The six keys, as json_decode's reader names them: interned strings are kept for the request.
zend_string* key(int which) {
  static constexpr std::string_view kNames[6] = {"DataID", "PacketType", "QualityOfService",
                                                 "Retain", "Topic",      "Payload"};
  static zend_string* names[6] = {};
  static std::uint64_t generation = 0;
  if (generation != PhpHost::get().generation()) {
    std::fill(std::begin(names), std::end(names), nullptr);
    generation = PhpHost::get().generation();
  }
  if (names[which]) return names[which];
  zend_string* name = internedJsonKey(kNames[which]);
  if (ZSTR_IS_INTERNED(name)) names[which] = name;
  return name;
}

void add(HashTable* table, int which, zval* value) {
  zend_string* name = key(which);
  zend_hash_add_new(table, name, value);  // the six keys are distinct and not numeric
  zend_string_release(name);
}

}  // namespace

MqttPacketScope::MqttPacketScope(const std::string& text, const forms::MqttPublish& form, const char* argument) {
  delivered().push_back({&text, &form, argument});
}

MqttPacketScope::~MqttPacketScope() { delivered().pop_back(); }

bool decodeMqttPacket(const char* text, std::size_t length, bool assoc, long depth, zval* out) {
  if (depth < 2) return false;  // at PHP's limit: PHP decides (as json_decode's fast reader)
  for (auto it = delivered().rbegin(); it != delivered().rend(); ++it) {
    const std::string& packet = *it->text;
    if (packet.size() != length || (text != it->argument && std::memcmp(packet.data(), text, length) != 0)) continue;
    const forms::MqttPublish& form = *it->form;
    const std::string_view dataId = dataIdOf(packet);
    if (dataId.empty() || !laidOutAsWritten(packet, dataId, form)) return false;
    HashTable* table = zend_new_array(6);
    zval v;
    setString(&v, dataId.data(), dataId.size());
    add(table, 0, &v);  // DataID
    ZVAL_LONG(&v, 3);
    add(table, 1, &v);  // PacketType
    ZVAL_LONG(&v, form.qos);
    add(table, 2, &v);  // QualityOfService
    ZVAL_BOOL(&v, form.retain);
    add(table, 3, &v);  // Retain
    setString(&v, form.topic.data(), form.topic.size());
    add(table, 4, &v);  // Topic
    setMapped(&v, form.payload);
    add(table, 5, &v);  // Payload
    if (assoc)
      ZVAL_ARR(out, table);
    else
      object_and_properties_init(out, zend_standard_class_def, table);
    ++built;
    return true;
  }
  return false;
}

std::size_t mqttPacketsBuilt() { return built; }

}  // namespace symemu::php

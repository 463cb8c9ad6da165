#include "symemu/core/mqtt/server/publish_read_ahead.h"

#include <algorithm>

#include "symemu/core/mqtt/server/mqtt_server_module.h"

namespace symemu::core {

namespace {

constexpr std::size_t kMaxPending = 1 << 20;  // a longer packet is not read ahead (the broker still gets it)

// MQTT's Variable Byte Integer at `at`; false when incomplete or malformed (`bad`).
bool varInt(std::string_view s, std::size_t& at, std::uint32_t& value, bool& bad) {
  value = 0;
  for (int i = 0; i < 4; ++i) {
    if (at >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[at++]);
    value |= static_cast<std::uint32_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) return true;
  }
  bad = true;
  return false;
}

std::size_t u16(std::string_view s, std::size_t at) {
  return (static_cast<std::size_t>(static_cast<unsigned char>(s[at])) << 8) | static_cast<unsigned char>(s[at + 1]);
}

// How many complete PUBLISH packets `data` holds (a cut or malformed header ends the count):
// only the headers are read, a few instructions each.
std::size_t countPublishes(std::string_view data) {
  std::size_t count = 0, start = 0;
  while (start < data.size()) {
    std::size_t at = start + 1;
    std::uint32_t length = 0;
    bool bad = false;
    if (!varInt(data, at, length, bad) || data.size() - at < length) break;
    // A PUBLISH with a topic (one without, a topic alias, makes no item).
    count += (static_cast<unsigned char>(data[start]) >> 4) == 3 && length >= 2 && (data[at] != 0 || data[at + 1] != 0);
    start = at + length;
  }
  return count;
}

}  // namespace

forms::ReadAhead PublishReadAhead::read(net::ClientId client, std::string_view bytes) {
  auto [it, isNew] = streams_.try_emplace(client);
  Stream& s = it->second;
  if (isNew && !bytes.empty() && (static_cast<unsigned char>(bytes[0]) >> 4) != 1) s.lost = true;  // not at CONNECT
  if (s.lost) return {};
  // The chunk is framed where it lies and only an incomplete packet's bytes are kept: appending
  // every chunk to `pending` first copied each PUBLISH once more.
  auto out = std::make_shared<PublishesReadAhead>();
  // The readers once per chunk (a locked copy per PUBLISH was an allocation each), and room
  // for every PUBLISH the chunk starts (growing the list moved each item several times).
  readers_ = forms::publishReaders();
  const std::string_view chunk = bytes;
  if (!s.pending.empty()) bytes.remove_prefix(completePending(s, bytes, *out));
  if (!s.lost && s.pending.empty()) {
    out->items.reserve(out->items.size() + countPublishes(bytes));
    const std::size_t framed = frame(s, chunk, bytes, *out);
    if (!s.lost) s.pending.assign(bytes.substr(framed));
  }
  if (s.lost) {
    s.pending.clear();
    s.pending.shrink_to_fit();
  }
  if (out->items.empty()) return {};
  return forms::ReadAhead::of(std::shared_ptr<const PublishesReadAhead>(std::move(out)));
}

std::size_t PublishReadAhead::frame(Stream& s, std::string_view chunk, std::string_view data,
                                    PublishesReadAhead& out) const {
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t at = start + 1;
    std::uint32_t length = 0;
    bool bad = false;
    if (!varInt(data, at, length, bad)) {
      if (bad) s.lost = true;
      break;
    }
    if (length > kMaxPending) s.lost = true;
    if (s.lost || data.size() - at < length) break;
    if (!readPacket(s, static_cast<unsigned char>(data[start]), data.substr(at, length), out, chunk)) {
      s.lost = true;
      break;
    }
    start = at + length;
  }
  return start;
}

std::size_t PublishReadAhead::completePending(Stream& s, std::string_view bytes, PublishesReadAhead& out) const {
  std::size_t used = 0;
  for (;;) {
    std::size_t at = 1;
    std::uint32_t length = 0;
    bool bad = false;
    if (varInt(s.pending, at, length, bad)) {
      if (length > kMaxPending) {
        s.lost = true;
        return used;
      }
      const std::size_t missing = at + length - s.pending.size();
      const std::size_t take = std::min(missing, bytes.size() - used);
      s.pending.append(bytes.data() + used, take);
      used += take;
      if (take < missing) return used;  // still incomplete
      const std::string_view packet(s.pending);
      if (!readPacket(s, static_cast<unsigned char>(packet[0]), packet.substr(at, length), out)) s.lost = true;
      s.pending.clear();
      return used;
    }
    if (bad) {
      s.lost = true;
      return used;
    }
    if (used == bytes.size()) return used;
    s.pending.push_back(bytes[used++]);  // the header's length is not complete yet
  }
}

bool PublishReadAhead::readPacket(Stream& s, unsigned char first, std::string_view body, PublishesReadAhead& out,
                                  std::string_view chunk) const {
  const int type = first >> 4;
  if (type == 1) {  // CONNECT: protocol name, then the level that decides the PUBLISH layout
    if (body.size() < 2 || body.size() < 2 + u16(body, 0) + 1) return false;
    s.version = static_cast<unsigned char>(body[2 + u16(body, 0)]);
    return s.version >= 3 && s.version <= 5;
  }
  if (type != 3) return true;
  if (s.version == 0) return false;
  const int qos = (first >> 1) & 3;
  if (body.size() < 2) return false;
  const std::size_t topicLength = u16(body, 0);
  std::size_t at = 2 + topicLength + (qos > 0 ? 2 : 0);
  if (at > body.size()) return false;
  if (s.version == 5) {
    std::uint32_t properties = 0;
    bool bad = false;
    if (!varInt(body, at, properties, bad) || body.size() - at < properties) return false;
    at += properties;
  }
  const std::string_view topic = body.substr(2, topicLength), payload = body.substr(at);
  if (topic.empty()) return true;                 // a topic alias: only the broker knows it
  PublishAhead& item = out.items.emplace_back();  // written in place (the list is reserved)
  item.qos = qos;
  item.retain = (first & 1) != 0;
  item.payloadSize = payload.size();
  item.topicSize = topic.size();
  if (chunk.empty()) {  // completed from an earlier chunk: the item keeps the bytes
    item.payload = payload;
    item.topic = topic;
  } else {  // the bytes lie in the chunk (no allocation for the topic either)
    item.payloadOffset = static_cast<std::size_t>(payload.data() - chunk.data());
    item.topicOffset = static_cast<std::size_t>(topic.data() - chunk.data());
  }
  // Written from the bytes where they lie (with its keys' places: spares the kernel thread a scan).
  item.childText = mqttChildPacket(topic, payload, qos, item.retain, DataEncoding::Utf8Mapped, &item.childTextKeys);
  for (const auto reader : readers_)
    if ((item.ahead = reader(topic, payload))) break;
  return true;
}

}  // namespace symemu::core

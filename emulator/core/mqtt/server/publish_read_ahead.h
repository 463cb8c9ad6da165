#pragma once
// The MQTT Server's reader of its Server Socket's byte streams (StreamReadAhead): on the
// listener thread it frames each client's MQTT packets as the broker will, and runs the
// registered PublishReaders (kernel/packet_forms.h) on every PUBLISH, so libraries can parse a
// payload before it reaches the kernel thread; it also writes each PUBLISH's packet text for the
// children there. It decides nothing: the broker still decodes
// every byte on the kernel thread, and the MQTT Server hands a read-ahead result to a child
// only with a PUBLISH of exactly that topic and payload.
//
// Threads: read()/closed() on the listener thread only (per-client state, no locks). A stream
// whose start it did not see (it was installed later), or that it cannot frame, is given up:
// nothing is read ahead for that client any more.
#include <map>
#include <string>
#include <vector>

#include "symemu/core/server_socket/server_socket_module.h"

namespace symemu::core {

// What was read ahead of one data chunk: every complete PUBLISH in it (with a topic), with its
// child packet text in the UTF-8 mapped encoding (mqttChildPacket) and what a reader made of it.
struct PublishAhead {
  // Mutable: the MQTT Server that takes the item (takeReadAhead, kernel thread) moves the
  // payload and the text out of it instead of copying kilobytes per PUBLISH, and marks it
  // taken, so no one (another MQTT Server on the same socket) compares or reads it again.
  // The topic's bytes only when it has no place in the chunk (topicOffset npos), as the payload.
  std::string topic;
  std::size_t topicOffset = std::string::npos;
  std::size_t topicSize = 0;
  // The payload's bytes only for a PUBLISH without a place in the chunk (payloadOffset npos:
  // it began in an earlier chunk); otherwise empty, the bytes lying in the chunk (payloadIn).
  // Copying every payload cost the listener a kilobyte per PUBLISH that the kernel thread
  // only read from memory the listener's core had written (docs/performance.md, "Round 11").
  mutable std::string payload;
  std::size_t payloadSize = 0;
  int qos = 0;
  bool retain = false;
  mutable std::string childText;  // mqttChildPacket({topic, payload, qos, retain}, Utf8Mapped)
  TextKeys childTextKeys;         // where childText's member keys sit
  // Where the payload lies in the chunk read() was given; npos when the PUBLISH began in an
  // earlier chunk. Two PUBLISHes read from the same offset of the same chunk have the same bytes.
  std::size_t payloadOffset = std::string::npos;
  forms::ReadAhead ahead;
  mutable bool taken = false;

  // The topic, given the chunk read() was given for this item.
  std::string_view topicIn(std::string_view chunk) const {
    return topicOffset == std::string::npos ? std::string_view(topic) : chunk.substr(topicOffset, topicSize);
  }
  // The payload, given the chunk read() was given for this item.
  std::string_view payloadIn(std::string_view chunk) const {
    return payloadOffset == std::string::npos ? std::string_view(payload) : chunk.substr(payloadOffset, payloadSize);
  }
};
struct PublishesReadAhead {
  std::vector<PublishAhead> items;
};

class PublishReadAhead : public StreamReadAhead {
 public:
  forms::ReadAhead read(net::ClientId client, std::string_view bytes) override;
  void closed(net::ClientId client) override { streams_.erase(client); }

 private:
  struct Stream {
    std::string pending;  // bytes of an incomplete packet
    int version = 0;      // protocol level from CONNECT: 3, 4 or 5; 0 before it
    bool lost = false;    // started mid-stream or unframeable: read nothing ahead
  };
  // Reads the complete packets at the start of `data`; returns the bytes they take.
  // `chunk` is the whole chunk `data` lies in.
  std::size_t frame(Stream& s, std::string_view chunk, std::string_view data, PublishesReadAhead& out) const;
  // Completes the packet begun in s.pending from the start of `bytes` (reading it when it is
  // whole); returns the bytes taken.
  std::size_t completePending(Stream& s, std::string_view bytes, PublishesReadAhead& out) const;
  // One complete packet (first byte, body); false when it cannot be read ahead. `chunk`: the chunk
  // `body` lies in, empty when the body is a copy (completed from an earlier chunk).
  bool readPacket(Stream& s, unsigned char first, std::string_view body, PublishesReadAhead& out,
                  std::string_view chunk = {}) const;

  std::map<net::ClientId, Stream> streams_;
  std::vector<forms::PublishReader> readers_;  // forms::publishReaders(), taken at each chunk
};

}  // namespace symemu::core

// Incremental MQTT decoder: feed byte chunks of any size, take complete
// packets one at a time, or a DecodeError that names the problem.
#pragma once

#include "symemu/core/mqtt/codec/packet.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace symemu::mqtt {

struct DecodeError {
  ReasonCode code = ReasonCode::MalformedPacket;  // what a v5 peer is told (0x81, 0x82, 0x95, ...)
  std::string message;                            // e.g. "QoS 3 in PUBLISH"
  std::optional<PacketType> packetType;           // when the fixed header was readable
  // For a failed CONNECT: the protocol level if it was read (decides the refusal format).
  std::optional<ProtocolVersion> connectVersion;
};

struct DecodeResult {
  enum class Status { NeedMore, Packet, Error };
  Status status = Status::NeedMore;
  Packet packet;      // valid when status == Packet
  DecodeError error;  // valid when status == Error

  bool needMore() const { return status == Status::NeedMore; }
  bool ok() const { return status == Status::Packet; }
  bool failed() const { return status == Status::Error; }
};

// Decodes one packet from its fixed-header byte and its body (the
// `remaining length` bytes). CONNECT is decoded by its own protocol level;
// every other packet by `version`.
DecodeResult decodePacket(std::uint8_t header, std::string_view body, ProtocolVersion version);

class StreamDecoder {
 public:
  explicit StreamDecoder(std::uint32_t maxPacketSize = kMaxRemainingLength + 5);

  // Set once CONNECT has been accepted; until then 3.1.1 rules apply.
  void setProtocolVersion(ProtocolVersion v) { version_ = v; }
  ProtocolVersion protocolVersion() const { return version_; }
  // Largest whole packet (fixed header included) accepted; checked before the body is buffered.
  void setMaxPacketSize(std::uint32_t bytes) { maxPacketSize_ = bytes; }

  void feed(std::string_view bytes);
  // As feed, but the packets are decoded from `bytes` where they are, without copying them
  // into the decoder (a broker is fed every byte of every PUBLISH): the caller keeps `bytes`
  // valid until next() has answered NeedMore or an error, or until it calls keepRest().
  void feedInPlace(std::string_view bytes);
  // Copies what is left of the bytes given to feedInPlace into the decoder, so that they may go.
  void keepRest();
  // Next complete packet, NeedMore, or an Error. After an error the decoder
  // stays failed and returns the same error again.
  DecodeResult next();

  std::size_t bufferedBytes() const { return buffer_.size() - offset_ + inPlace_.size(); }
  // The whole packet next() just gave, when it was decoded where it lay in the bytes given to
  // feedInPlace (a view into them); empty when it came from the decoder's own buffer.
  std::string_view lastPacketInPlace() const { return lastInPlace_; }

 private:
  // Decodes the packet at the start of `avail`; `used` is the bytes it took (0: none yet).
  DecodeResult decodeFrom(std::string_view avail, std::size_t& used);
  // How many of `bytes` complete the packet whose start is buffered (all of them when its
  // length cannot be read yet, is malformed or too large: decodeFrom then decides from there).
  std::size_t bytesToComplete(std::string_view bytes) const;

  std::string buffer_;
  std::size_t offset_ = 0;
  // Bytes of feedInPlace not decoded yet; buffer_ then holds nothing or one packet that goes first.
  std::string_view inPlace_;
  std::string_view lastInPlace_;  // lastPacketInPlace()
  ProtocolVersion version_ = ProtocolVersion::V311;
  std::uint32_t maxPacketSize_;
  std::optional<DecodeError> failed_;
};

}  // namespace symemu::mqtt

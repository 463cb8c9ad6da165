// Fixed-header rules (§2.1/§2.2): packet type and reserved flag bits.
#pragma once

#include "symemu/core/mqtt/codec/packet.h"

#include <cstdint>

namespace symemu::mqtt {

// Throws DecodeFailure for type 0, type 15 before v5, or wrong reserved flags.
PacketType checkFixedHeader(std::uint8_t header, ProtocolVersion version);

// The flags nibble every packet type except PUBLISH must carry.
std::uint8_t requiredFlags(PacketType type);

}  // namespace symemu::mqtt

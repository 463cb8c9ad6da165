// MQTT encoder: a Packet to its wire bytes for a given protocol version.
#pragma once

#include "symemu/core/mqtt/codec/packet.h"

#include <string>

namespace symemu::mqtt {

// Encodes `packet` for a peer speaking `version`. v5-only parts (properties,
// ack reason codes, AUTH) are left out for 3.1/3.1.1. CONNECT uses its own
// protocolName and version fields.
std::string encode(const Packet& packet, ProtocolVersion version);

}  // namespace symemu::mqtt

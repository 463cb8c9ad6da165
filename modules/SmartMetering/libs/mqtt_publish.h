#pragma once
// The MQTT Server's packet to its children ({7F7632D9-…}, symcon-kernel.md §7.1) as SmartLog
// and SmartLogDiscovery read it: one reader for both, over the packet's typed form when the MQTT
// Server attached one, else its shared tree.
// Kernel thread only (it reads the packet the kernel delivers); no state.
#include <optional>
#include <string>
#include <string_view>

#include "symemu/kernel/packet.h"
#include "symemu/kernel/packet_forms.h"

namespace symemu::smartmetering {

// Views into the packet (its typed form or its tree): valid while the packet is (the receiver's
// call).
struct MqttPublish {
  std::string_view topic;
  std::string_view payload;  // as in the text (UTF-8 mapped) or, when `mapped` is false, the bytes
  bool mapped = true;
  const forms::ReadAhead* ahead = nullptr;  // what was read ahead of this PUBLISH, if anything
  std::string bytes() const;                // the payload's bytes
};

// The PUBLISH in the packet; nullopt for another packet type (error stays empty) or for a
// packet that is not an MQTT Server packet (error names the problem).
std::optional<MqttPublish> readMqttPublish(const Packet& packet, std::string& error);

}  // namespace symemu::smartmetering

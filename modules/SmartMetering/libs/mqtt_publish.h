#pragma once
// The MQTT Server's packet to its children ({7F7632D9-…}, symcon-kernel.md §7.1) as SmartLog
// and SmartLogDiscovery read it: one reader for both, over the packet's shared tree.
// Kernel thread only (it reads the packet the kernel delivers); no state.
#include <optional>
#include <string>
#include <string_view>

#include "kernel/packet.h"

namespace symemu::smartmetering {

// Views into the packet's tree: valid while the packet is (the receiver's call).
struct MqttPublish {
  std::string_view topic;
  std::string_view payload;  // as in the packet: UTF-8 mapped bytes (utf8Decode gives the bytes)
};

// The PUBLISH in the packet; nullopt for another packet type (error stays empty) or for a
// packet that is not an MQTT Server packet (error names the problem).
std::optional<MqttPublish> readMqttPublish(const Packet& packet, std::string& error);

}  // namespace symemu::smartmetering

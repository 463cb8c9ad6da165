#pragma once
// Typed forms of Symcon's standard data-flow packets (docs/symcon-kernel.md §7.1, §8), which the
// core modules that send them attach to the packet (Packet::attach) so that receivers knowing
// them read the fields without parsing the text. Plain immutable data, any thread.
#include <string>

namespace symemu::forms {

// The Server Socket's packet to its children ({7A1272A4-…}) in the UTF-8 mapped encoding:
// Type 0 data, 1 connect, 2 disconnect; `bytes` are the Buffer's bytes (not mapped).
struct SocketData {
  int type = 0;
  std::string clientIp;
  int clientPort = 0;
  std::string bytes;
};

// The MQTT Server's packet to its children ({7F7632D9-…}) for a PUBLISH, in the UTF-8 mapped
// encoding; `payload` is the Payload's bytes (not mapped). Attached only when the topic is
// valid UTF-8 (the text of any other would not parse).
struct MqttPublish {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
};

}  // namespace symemu::forms

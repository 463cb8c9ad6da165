#include "symemu/smartmetering/libs/mqtt_publish.h"

#include <limits>

#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/module.h"
#include "symemu/kernel/packet_forms.h"

namespace symemu::smartmetering {

std::string MqttPublish::bytes() const { return mapped ? utf8Decode(payload) : std::string(payload); }

std::optional<MqttPublish> readMqttPublish(const Packet& packet, std::string& error) {
  if (const auto* form = packet.attached<forms::MqttPublish>())
    return MqttPublish{form->topic, form->payload, false, &form->ahead};
  const json::Document& tree = packet.tree();
  if (!tree.ok()) {
    error = "not JSON: " + tree.error();
    return std::nullopt;
  }
  const json::Node root = tree.root();
  if (!root.isObject()) {
    error = std::string("not a JSON object (") + json::kindName(root.kind()) + ")";
    return std::nullopt;
  }
  if (const auto type = root.member("PacketType")) {  // absent: a PUBLISH
    if (type->kind() != json::Kind::Signed || type->signedInt() < std::numeric_limits<int>::min() ||
        type->signedInt() > std::numeric_limits<int>::max()) {
      error = "\"PacketType\" is not a whole number";
      return std::nullopt;
    }
    if (type->signedInt() != 3) return std::nullopt;  // only PUBLISH carries a report
  }
  const auto topic = root.member("Topic");
  const auto payload = root.member("Payload");
  if (!topic || !topic->isString() || !payload || !payload->isString()) {
    error = !topic               ? "missing \"Topic\""
            : !topic->isString() ? "\"Topic\" is not text"
            : !payload           ? "missing \"Payload\""
                                 : "\"Payload\" is not text";
    return std::nullopt;
  }
  return MqttPublish{topic->string(), payload->string()};
}

}  // namespace symemu::smartmetering

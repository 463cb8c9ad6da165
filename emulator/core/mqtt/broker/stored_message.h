// A message inside the broker: shared by every queue it waits in.
#pragma once

#include "symemu/core/mqtt/broker/message.h"

#include <memory>
#include <string>

namespace symemu::mqtt {

struct StoredMessage {
  Message message;
  double expiresAt = -1;    // clock seconds; < 0 = never (no Message Expiry Interval)
  std::string publisherId;  // client id of the sender, empty for server publishes

  bool expired(double now) const { return expiresAt >= 0 && now >= expiresAt; }
};

using MessagePtr = std::shared_ptr<const StoredMessage>;

}  // namespace symemu::mqtt

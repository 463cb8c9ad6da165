#include "symemu/core/mqtt/broker/session.h"

#include <algorithm>

namespace symemu::mqtt {

std::uint16_t Session::allocatePacketId() {
  if (inflight.size() >= 65535) return 0;
  for (;;) {
    lastPacketId_ = static_cast<std::uint16_t>(lastPacketId_ == 65535 ? 1 : lastPacketId_ + 1);
    if (!findInflight(lastPacketId_)) return lastPacketId_;
  }
}

InflightMessage* Session::findInflight(std::uint16_t packetId) {
  for (auto& m : inflight)
    if (m.packetId == packetId) return &m;
  return nullptr;
}

void Session::eraseInflight(std::uint16_t packetId) {
  inflight.erase(std::remove_if(inflight.begin(), inflight.end(),
                                [&](const InflightMessage& m) { return m.packetId == packetId; }),
                 inflight.end());
}

bool Session::expiredAt(double now) const {
  if (connection || expiryInterval == 0xFFFFFFFF) return false;
  return now - disconnectedAt >= static_cast<double>(expiryInterval);
}

}  // namespace symemu::mqtt

#include "symemu/kernel/packet_forms.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace symemu::forms {

namespace {
std::mutex& readersMutex() {
  static std::mutex m;
  return m;
}
std::vector<PublishReader>& readers() {
  static std::vector<PublishReader> r;
  return r;
}
std::atomic<PacketTextReader> textReader{nullptr};  // one load per PUBLISH on the I/O thread
}  // namespace

void registerPublishReader(PublishReader reader) {
  std::lock_guard<std::mutex> lock(readersMutex());
  auto& r = readers();
  if (reader && std::find(r.begin(), r.end(), reader) == r.end()) r.push_back(reader);
}

std::vector<PublishReader> publishReaders() {
  std::lock_guard<std::mutex> lock(readersMutex());
  return readers();
}

void setPacketTextReader(PacketTextReader reader) { textReader.store(reader); }

PacketTextReader packetTextReader() { return textReader.load(std::memory_order_acquire); }

}  // namespace symemu::forms

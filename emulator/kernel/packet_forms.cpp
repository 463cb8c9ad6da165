#include "symemu/kernel/packet_forms.h"

#include <algorithm>
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

}  // namespace symemu::forms

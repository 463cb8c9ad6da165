// libFuzzer-friendly entry point: bytes go through the stream decoder and a
// broker with a null host. Input layout: the bytes are fed to one client in
// chunks whose sizes come from the input itself, so split packets are covered.
#include "symemu/core/mqtt/broker/broker.h"
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

class NullHost : public symemu::mqtt::BrokerHost {
 public:
  symemu::mqtt::Broker* broker = nullptr;
  void sendBytes(symemu::mqtt::ClientKey, std::string) override {}
  void closeClient(symemu::mqtt::ClientKey, const std::string&) override {}
  void onClientPublish(const symemu::mqtt::Message&, const std::string&, symemu::mqtt::AckToken token) override {
    if (token && broker) broker->confirm(token);
  }
  void log(int, const std::string&) override {}
};

}  // namespace

extern "C" int symemu_mqtt_fuzz_one(const std::uint8_t* data, std::size_t size) {
  using namespace symemu::mqtt;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // 1. Decoder alone, both versions; every decoded packet must re-encode.
  for (auto version : {ProtocolVersion::V311, ProtocolVersion::V5}) {
    StreamDecoder decoder(1 << 20);
    decoder.setProtocolVersion(version);
    decoder.feed(input);
    for (;;) {
      DecodeResult r = decoder.next();
      if (!r.ok()) break;
      (void)encode(r.packet, version);
    }
  }

  // 2. The broker: one client, input fed in chunks of 1..16 bytes, a tick between chunks.
  double now = 0;
  NullHost host;
  BrokerConfig config;
  config.maxPacketSize = 1 << 20;
  Broker broker(config, host, [&] { return now; });
  host.broker = &broker;
  broker.clientConnected(1, "127.0.0.1", 1000);
  std::size_t pos = 0;
  while (pos < size) {
    const std::size_t chunk = 1 + (data[pos] & 0x0F);
    broker.bytesReceived(1, input.substr(pos, chunk));
    pos += chunk;
    now += 1;
    broker.tick();
  }
  broker.clientDisconnected(1);
  now += 1e6;
  broker.tick();
  return 0;
}

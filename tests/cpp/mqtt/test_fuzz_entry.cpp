// The fuzz entry point survives hostile byte strings (a smoke test; real
// fuzzing runs in tests/fuzz with libFuzzer).
#include "symemu/core/mqtt/codec/encoder.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>

extern "C" int symemu_mqtt_fuzz_one(const std::uint8_t* data, std::size_t size);

using namespace symemu::mqtt;

namespace {
int feed(const std::string& s) {
  return symemu_mqtt_fuzz_one(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
}  // namespace

TEST_CASE("fuzz entry handles valid sessions and random bytes") {
  Connect c;
  c.version = ProtocolVersion::V5;
  c.clientId = "f";
  c.will = Will{"w", "x", 1, true, {}};
  Subscribe s;
  s.packetId = 1;
  s.entries = {{"#", 2}};
  Publish p;
  p.topic = "a";
  p.qos = 2;
  p.packetId = 1;
  p.payload = "x";
  const std::string session = encode(c, ProtocolVersion::V5) + encode(s, ProtocolVersion::V5) +
                              encode(p, ProtocolVersion::V5) + encode(Pingreq{}, ProtocolVersion::V5);
  CHECK(feed(session) == 0);
  CHECK(feed("") == 0);

  std::mt19937 rng(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = session;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    if (rng() % 2) bytes.resize(rng() % bytes.size());
    CHECK(feed(bytes) == 0);
  }
}

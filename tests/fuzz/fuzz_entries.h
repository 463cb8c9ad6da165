// One entry per fuzz target: bytes in, 0 out. Each one aborts (or lets a sanitizer report)
// only on a real bug; refusing bad input is the expected outcome. The libFuzzer binaries and
// the Catch2 replay test (test_fuzz_replay.cpp) call the same functions.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
// MQTT codec + broker session layer (emulator/core/mqtt/fuzz_entry.cpp).
int symemu_mqtt_fuzz_one(const std::uint8_t* data, std::size_t size);
// Smart Energy Log report parser + variable mapping.
int symemu_fuzz_report(const std::uint8_t* data, std::size_t size);
// Webhook request handling: auth/target parsing, then the bytes as a request to a live server.
int symemu_fuzz_webhook(const std::uint8_t* data, std::size_t size);
// Library loader and validator: library.json, module.json and form.json from one input.
int symemu_fuzz_library(const std::uint8_t* data, std::size_t size);
// Profile formatting: a value and an association name, prefix and suffix (GetValueFormatted).
int symemu_fuzz_profile(const std::uint8_t* data, std::size_t size);
}

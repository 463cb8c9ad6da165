// M-Bus manufacturer codes (FLAG association): three letters A..Z packed into
// 15 bits, id = (c1-64)*1024 + (c2-64)*32 + (c3-64); "AAA" = 0x0421,
// "ZZZ" = 0x6B5A (docs/selog-format.md 3.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace symemu::smartmetering {

// Exactly three upper-case ASCII letters.
bool isValidManufacturerCode(std::string_view code);

// Every 5-bit group in 1..26 and bit 15 clear.
bool isValidManufacturerId(std::uint16_t id);

// "BMT" -> 0x09B4; nullopt when the code is not valid.
std::optional<std::uint16_t> encodeManufacturer(std::string_view code);

// 0x09B4 -> "BMT"; nullopt when the id is not valid.
std::optional<std::string> decodeManufacturer(std::uint16_t id);

// Company for the few codes seen with SE-LOG meters (WEP, BMT, QDS, SON, SLV,
// KAM, EFE); "" for any other code.
std::string_view manufacturerName(std::string_view code);

}  // namespace symemu::smartmetering

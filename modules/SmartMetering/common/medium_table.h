// EN 13757-3 medium / device type codes and the sentence-case texts the
// logger uses for them (docs/selog-format.md 3.1, "Stark/solvimus text").
#pragma once

#include <optional>
#include <string_view>

namespace symemu::smartmetering {

// Text for a medium code, e.g. 0x07 -> "Water", 0x1B -> "Room sensor".
// Codes without a text give "Unknown" (the text of 0x0F).
std::string_view mediumText(int code);

// True when the code has its own text in the table.
bool isKnownMediumCode(int code);

// Reverse lookup, case-insensitive ("warm water" -> 0x06). The first code
// with that text wins ("Unknown" -> 0x0F).
std::optional<int> mediumCode(std::string_view text);

}  // namespace symemu::smartmetering

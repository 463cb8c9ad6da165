#pragma once
// Finding a short key (a filter literal's key part, e.g. `"MeterID":`) in a packet text: the
// data flow runs it once per key and packet (kernel_dataflow.cpp, LiteralFinder), and it
// scans the whole text, as a key may occur more than once. std::string::find stops at every
// '"' of the key to compare (a packet text is full of quotes); glibc's memmem scans byte pairs.
// Here two of the key's bytes are compared at many positions at once (32 or 64 with AVX2, when
// the processor has it; else 16 with SSE2), and only positions where both match are compared in
// full. The two bytes are its second and its last: a key's first byte is a quote, which a JSON
// text has at every member.
//
// Threads: any (a function of its arguments; the processor check is made once). Errors: none.
#include <cstddef>
#include <string_view>

namespace symemu {

// What std::string_view::find(key, from) gives.
std::size_t findKey(std::string_view text, std::string_view key, std::size_t from = 0);

// For tests: each way findKey may take, and whether this processor can take it.
enum class KeySearch { Bytewise, Sse2, Avx2 };
bool canSearch(KeySearch way);
std::size_t findKeyBy(KeySearch way, std::string_view text, std::string_view key, std::size_t from = 0);

}  // namespace symemu

// Profile formatting (GetValueFormatted): the input's first 8 bytes are the value (a double,
// any bit pattern: NaN, infinities, huge numbers), the rest is an association name, prefix and
// suffix separated by NUL bytes. The name is user text and must never act as a printf format.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz_entries.h"
#include "symemu/kernel/profile.h"

extern "C" int symemu_fuzz_profile(const std::uint8_t* data, std::size_t size) {
  double value = 0;
  if (size >= sizeof value) {
    std::memcpy(&value, data, sizeof value);
    data += sizeof value;
    size -= sizeof value;
  }
  const std::string rest(reinterpret_cast<const char*>(data), size);
  std::string parts[3];
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t nul = rest.find('\0', start);
    parts[i] = rest.substr(start, nul == std::string::npos ? std::string::npos : nul - start);
    if (nul == std::string::npos) break;
    start = nul + 1;
  }
  symemu::Profile p;
  p.name = "Fuzz";
  p.type = symemu::VariableType::Float;
  p.prefix = parts[1];
  p.suffix = parts[2];
  p.digits = static_cast<int>(parts[1].size() % 8);
  p.associations = {{-1e308, parts[0], "", -1}};
  const std::string shown = symemu::formatValue(value, &p);
  // Each '%' can add at most one bounded conversion; anything longer means a runaway format.
  if (shown.size() > p.prefix.size() + p.suffix.size() + parts[0].size() * 512 + 64) std::abort();
  (void)symemu::formatAssociationName(parts[0], value);
  p.associations.clear();  // the number itself, with digits, prefix and suffix
  (void)symemu::formatValue(value, &p);
  return 0;
}

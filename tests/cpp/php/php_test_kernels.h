#pragma once
// Kernel options for the PHP host's tests: test libraries from tests/php_libs (SYMEMU_PHP_LIBS,
// set by tests/cpp/php/CMakeLists.txt) added to the built-in ones, the database in memory, no
// network. Adding the first PHP library starts PHP. Test code only; single-threaded use.
#include <cstdint>
#include <string>
#include <vector>

#include "symemu/runtime/runtime.h"

namespace symemu::test {

// The folder of test library `name` (e.g. "faults").
inline std::string phpTestLibrary(const std::string& name) { return std::string(SYMEMU_PHP_LIBS) + "/" + name; }

// Options with `libraries` (folders) added; what loading them reported goes to `problems`.
inline KernelOptions phpKernelOptions(const std::vector<std::string>& libraries, std::uint64_t seed,
                                      std::vector<std::string>& problems) {
  LibraryCatalog catalog = builtinLibraries();
  problems = addLibraries(catalog, libraries);
  KernelOptions o = kernelOptionsFor(catalog, ":memory:");
  o.seed = seed;
  o.networkEnabled = false;
  return o;
}

}  // namespace symemu::test

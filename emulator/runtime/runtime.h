#pragma once
// What every way in (CLI, Python, tests) needs to boot a kernel with the built-in core modules
// and the Smart Metering library: factories, library folders and the default instance chains.
#include <string>
#include <vector>

#include "kernel/kernel.h"

namespace symemu {

// Library folders shipped with symemu: the core modules and modules/SmartMetering. The
// environment variable SYMEMU_LIBRARY_PATH (':'-separated) adds more.
std::vector<std::string> defaultLibraries();

// Kernel options with every built-in factory registered and the default libraries loaded.
KernelOptions defaultKernelOptions(const std::string& database);

// Adds library folders given by the user (serve/replay --library, Python libraries=[...]) to
// `options`: C++ libraries as they are, PHP libraries through the PHP host (emulator/php), which
// starts here when the first PHP library appears. A library whose id equals a loaded library's
// replaces it. Returns the problems of skipped libraries (file and line), for the kernel log.
std::vector<std::string> addLibraries(KernelOptions& options, const std::vector<std::string>& directories);

}  // namespace symemu

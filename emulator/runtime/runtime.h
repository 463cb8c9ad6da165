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

}  // namespace symemu

#pragma once
// What every way in (CLI, Python, tests) needs to boot a kernel with a set of libraries
// (library_plugin.h): their folders and factories as KernelOptions.
// Threads: any. Errors: KernelError when the data directory cannot be found (data_dir.h).
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "library_plugin.h"

namespace symemu {

// The folders of SYMEMU_LIBRARY_PATH (':'-separated): plain libraries loaded after the catalog's.
std::vector<std::string> libraryPathFolders();

// Kernel options with the catalog's factories registered and its folders (then
// SYMEMU_LIBRARY_PATH's) loaded.
KernelOptions kernelOptionsFor(const LibraryCatalog& catalog, const std::string& database);

}  // namespace symemu

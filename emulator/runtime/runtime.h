#pragma once
// What every way in (CLI, Python, tests) needs to boot a kernel with a set of libraries
// (library_plugin.h): their folders and factories as KernelOptions.
// Threads: any. Errors: KernelError when the data directory cannot be found (data_dir.h).
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu {

// The folders of SYMEMU_LIBRARY_PATH (':'-separated): plain libraries loaded after the catalog's.
std::vector<std::string> libraryPathFolders();

// Kernel options with the catalog's factories registered and its folders (then
// SYMEMU_LIBRARY_PATH's) loaded.
KernelOptions kernelOptionsFor(const LibraryCatalog& catalog, const std::string& database);

// Starts embedded PHP (idempotent) with the prelude from the data directory (data_dir.h). Call
// before other threads run (docs/architecture.md §5a).
void startPhp();

// Adds library folders given by the user (serve/replay --library, Python libraries=[...]) to
// `catalog` as plug-ins, the one way both the CLI and Python load them: a C++ library brings its
// folder only (its factories are the binary's); a PHP library goes through the PHP host
// (emulator/php), which starts here when the first PHP library appears (so call this before any
// other thread runs), and brings a PhpModule factory per module. A library whose id equals a
// catalog library's replaces it (LibraryCatalog::add). Returns the problems of skipped PHP
// libraries (file and line), for stderr or the kernel log.
std::vector<std::string> addLibraries(LibraryCatalog& catalog, const std::vector<std::string>& directories);

}  // namespace symemu

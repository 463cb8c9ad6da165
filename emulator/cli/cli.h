#pragma once
#include "symemu/runtime/library_plugin.h"

namespace symemu::cli {
// The whole `symemu` command: dispatches argv[1] to its subcommand; returns the exit code.
// `libraries`: the libraries its kernels load (builtinLibraries(), plus a test binary's own).
int runCli(int argc, char** argv, const LibraryCatalog& libraries);
int runCli(int argc, char** argv);  // with builtinLibraries()
}  // namespace symemu::cli

#pragma once
// One function per `symemu` subcommand, given its arguments and the libraries of this binary;
// each returns the process exit code.
#include <string>
#include <vector>

#include "symemu/runtime/library_plugin.h"

namespace symemu::cli {

int cmdServe(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdSnapshot(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdTree(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdGet(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdReplay(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdValidate(const std::vector<std::string>& args, const LibraryCatalog& libraries);
int cmdCall(const std::vector<std::string>& args, const LibraryCatalog& libraries);   // cmd_call.cpp
int cmdWatch(const std::vector<std::string>& args, const LibraryCatalog& libraries);  // cmd_call.cpp

}  // namespace symemu::cli

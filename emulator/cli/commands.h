#pragma once
// One function per `symemu` subcommand; each returns the process exit code.
#include <string>
#include <vector>

namespace symemu::cli {

int cmdServe(const std::vector<std::string>& args);
int cmdSnapshot(const std::vector<std::string>& args);
int cmdTree(const std::vector<std::string>& args);
int cmdGet(const std::vector<std::string>& args);
int cmdReplay(const std::vector<std::string>& args);
int cmdValidate(const std::vector<std::string>& args);
int cmdCall(const std::vector<std::string>& args);   // cmd_call.cpp
int cmdWatch(const std::vector<std::string>& args);  // cmd_call.cpp

}  // namespace symemu::cli

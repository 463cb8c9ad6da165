#pragma once
namespace symemu::cli {
// The whole `symemu` command: dispatches argv[1] to its subcommand; returns the exit code.
int runCli(int argc, char** argv);
}  // namespace symemu::cli

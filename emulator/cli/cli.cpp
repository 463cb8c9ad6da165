// `symemu`: run, inspect and replay an emulated Symcon kernel.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "symemu/cli/args.h"
#include "symemu/cli/cli.h"
#include "symemu/cli/commands.h"
#include "symemu/kernel/types.h"

namespace {

struct Command {
  int (*run)(const std::vector<std::string>&, const symemu::LibraryCatalog&);
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  using namespace symemu::cli;
  static const std::map<std::string, Command> table = {
      {"serve", {cmdServe, "run the emulator with its network listeners"}},
      {"snapshot", {cmdSnapshot, "print the object tree as canonical JSON"}},
      {"tree", {cmdTree, "print the object tree for people"}},
      {"get", {cmdGet, "print one variable's value"}},
      {"replay", {cmdReplay, "play a fixture into a fresh kernel or against running servers"}},
      {"validate", {cmdValidate, "check a module library like Symcon's validator"}},
      {"call", {cmdCall, "call a function of a running emulator (JSON-RPC API)"}},
      {"watch", {cmdWatch, "print a running emulator's message stream"}},
  };
  return table;
}

void usage(std::ostream& out) {
  out << "usage: symemu <command> [options]\n\ncommands:\n";
  for (const auto& [name, c] : commands())
    out << "  " << name << std::string(12 - name.size(), ' ') << c.summary << "\n";
  out << "\n'symemu <command> --help' describes a command.\n";
}

}  // namespace

namespace symemu::cli {

int runCli(int argc, char** argv) { return runCli(argc, argv, builtinLibraries()); }

int runCli(int argc, char** argv, const LibraryCatalog& libraries) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    usage(std::cout);
    return args.empty() ? 2 : 0;
  }
  auto it = commands().find(args[0]);
  if (it == commands().end()) {
    std::cerr << "symemu: unknown command '" << args[0] << "'\n";
    usage(std::cerr);
    return 2;
  }
  try {
    return it->second.run(std::vector<std::string>(args.begin() + 1, args.end()), libraries);
  } catch (const symemu::cli::UsageError& e) {
    std::cerr << "symemu " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "symemu " << args[0] << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace symemu::cli

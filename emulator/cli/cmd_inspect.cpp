// `symemu snapshot`, `symemu tree`, `symemu get`: read a database without serving it.
#include <iostream>

#include <Poco/File.h>

#include "symemu/cli/args.h"
#include "symemu/cli/commands.h"
#include "symemu/kernel/snapshot.h"
#include "symemu/runtime/runtime.h"

namespace symemu::cli {

namespace {
// Opening a database runs start-up like `serve` would, but on the manual clock and without
// touching the network; a missing file is an error rather than a new empty tree.
std::unique_ptr<Kernel> openExisting(const std::string& path, const std::string& command,
                                     const LibraryCatalog& libraries) {
  if (!Poco::File(path).exists()) throw UsageError(command + ": no database at " + path);
  auto opts = kernelOptionsFor(libraries, path);
  opts.clock = "manual";
  opts.networkEnabled = false;  // looking at a database never opens its listeners
  return std::make_unique<Kernel>(opts);
}
}  // namespace

int cmdSnapshot(const std::vector<std::string>& argv, const LibraryCatalog& libraries) {
  Args a("snapshot", argv, {"db"}, {"no-times"});
  if (a.help()) {
    std::cout << "usage: symemu snapshot [--db PATH] [--no-times]\n"
                 "Prints the object tree as canonical JSON keyed by object path (names joined with '/',\n"
                 "a '/' inside a name written '\\/'). --no-times leaves out variables' updated/changed times.\n";
    return 0;
  }
  auto k = openExisting(a.value("db", "symemu.db"), "snapshot", libraries);
  SnapshotOptions o;
  o.times = !a.flag("no-times");
  std::cout << snapshotJson(*k, o);
  return 0;
}

int cmdTree(const std::vector<std::string>& argv, const LibraryCatalog& libraries) {
  Args a("tree", argv, {"db"}, {});
  if (a.help()) {
    std::cout << "usage: symemu tree [--db PATH]\nPrints the object tree indented, values formatted through their "
                 "profiles.\n";
    return 0;
  }
  auto k = openExisting(a.value("db", "symemu.db"), "tree", libraries);
  std::cout << treeText(*k);
  return 0;
}

int cmdGet(const std::vector<std::string>& argv, const LibraryCatalog& libraries) {
  Args a("get", argv, {"db"}, {"formatted"});
  if (a.help() || a.positionals().size() != 1) {
    std::cout << "usage: symemu get [--db PATH] [--formatted] OBJECT_PATH\nPrints one variable's value.\n";
    return a.help() ? 0 : 2;
  }
  auto k = openExisting(a.value("db", "symemu.db"), "get", libraries);
  const std::string& path = a.positionals()[0];
  auto id = k->resolvePath(path);
  if (!id) throw KernelError("no object at path '" + path + "'");
  if (!k->variableExists(*id)) throw KernelError("'" + path + "' is not a variable");
  std::cout << (a.flag("formatted") ? k->getValueFormatted(*id) : valueToString(k->getValue(*id))) << "\n";
  return 0;
}

}  // namespace symemu::cli

#include "runtime.h"

#include <cstdlib>
#include <sstream>

namespace symemu {

std::vector<std::string> libraryPathFolders() {
  std::vector<std::string> libs;
  if (const char* extra = std::getenv("SYMEMU_LIBRARY_PATH")) {
    std::stringstream ss(extra);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) libs.push_back(dir);
  }
  return libs;
}

KernelOptions kernelOptionsFor(const LibraryCatalog& catalog, const std::string& database) {
  KernelOptions o;
  o.database = database;
  o.libraries = catalog.directories();
  for (auto& dir : libraryPathFolders()) o.libraries.push_back(dir);
  o.registerFactories = [catalog](ModuleRegistry& registry) { catalog.registerFactories(registry); };
  return o;
}

}  // namespace symemu

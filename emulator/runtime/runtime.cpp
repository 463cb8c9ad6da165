#include "symemu/runtime/runtime.h"

#include <cstdlib>
#include <sstream>

#include <filesystem>

#include "symemu/runtime/data_dir.h"
#include "symemu/php/embed_sapi.h"
#include "symemu/php/php_library.h"

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

void startPhp() {
  // <data>/libraries -> <data>/php/prelude (cmake: emulator/php/CMakeLists.txt)
  const std::string libraries = librariesDirectory();
  php::startEmbeddedPhp(libraries.substr(0, libraries.find_last_of('/')) + "/php/prelude");
}

std::vector<std::string> addLibraries(LibraryCatalog& catalog, const std::vector<std::string>& directories) {
  std::vector<std::string> problems;
  for (const auto& given : directories) {
    // Absolute, as LibraryPlugin::directory would look a relative folder up in the data directory.
    const std::string dir = std::filesystem::absolute(given).lexically_normal().string();
    if (php::isPhpLibrary(dir)) {
      startPhp();
      php::PhpLibraryPlugin p = php::loadPhpLibrary(dir);
      problems.insert(problems.end(), p.problems.begin(), p.problems.end());
      if (p.id.empty()) continue;  // skipped: the problems say why
      catalog.add(LibraryPlugin{p.id, p.name, p.directory, p.registerFactories, {}, {}, {}});
      continue;
    }
    // A C++ library: its folder only (its factories are the binary's). Without a readable id the
    // kernel still loads the folder and reports what is wrong with its library.json.
    std::string id = php::libraryIdOf(dir);
    catalog.add(LibraryPlugin{id.empty() ? "folder:" + dir : id, dir, dir, {}, {}, {}, {}});
  }
  return problems;
}

}  // namespace symemu

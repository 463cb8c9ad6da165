#include "runtime.h"

#include <cstdlib>
#include <sstream>

#include "embed_sapi.h"
#include "module_factories.h"
#include "php_library.h"

namespace symemu {

std::vector<std::string> defaultLibraries() {
  std::vector<std::string> libs = {std::string(SYMEMU_SOURCE_DIR) + "/emulator/core",
                                   std::string(SYMEMU_SOURCE_DIR) + "/modules/SmartMetering"};
  if (const char* extra = std::getenv("SYMEMU_LIBRARY_PATH")) {
    std::stringstream ss(extra);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) libs.push_back(dir);
  }
  return libs;
}

KernelOptions defaultKernelOptions(const std::string& database) {
  KernelOptions o;
  o.database = database;
  o.libraries = defaultLibraries();
  o.registerFactories = registerBuiltinFactories;
  return o;
}

std::vector<std::string> addLibraries(KernelOptions& options, const std::vector<std::string>& directories) {
  for (const auto& dir : directories)
    if (php::isPhpLibrary(dir)) php::startEmbeddedPhp();
  return php::addPhpAwareLibraries(options, directories);
}

}  // namespace symemu

#include "symemu/runtime/data_dir.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "symemu/kernel/types.h"

namespace symemu {

namespace {

bool isDirectory(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// The file this code was loaded from: the Python extension module, or the executable.
std::string loadedFrom() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&dataDirectory), &info) && info.dli_fname) {
    std::string file = info.dli_fname;
    if (file.find(".so") != std::string::npos) return file;
  }
  std::vector<char> buf(4096);
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string();
}

std::string parentOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string search() {
  if (const char* data = std::getenv("SYMEMU_DATA_DIR"); data && *data) {
    std::string dir = std::string(data) + "/libraries";
    if (!isDirectory(dir)) throw KernelError("SYMEMU_DATA_DIR: no libraries folder at " + dir);
    return std::string(data);
  }
  const std::string binary = loadedFrom();
  std::string dir = parentOf(binary);
  // bin/symemu -> ../share; python/symemu/_symemu.so -> ../../share; lib/python3/dist-packages/...
  for (int up = 0; up < 5 && !dir.empty(); ++up) {
    std::string candidate = dir + "/share/symemu";
    if (isDirectory(candidate + "/libraries")) return candidate;
    if (dir == "/") break;
    dir = parentOf(dir);
  }
  throw KernelError("cannot find symemu's libraries (share/symemu/libraries) above " + binary +
                    "; set SYMEMU_DATA_DIR to the folder that holds libraries/");
}

}  // namespace

std::string dataDirectory() {
  static const std::string dir = search();
  return dir;
}

std::string librariesDirectory() { return dataDirectory() + "/libraries"; }

}  // namespace symemu

// Library loader and validator. The input holds library.json, module.json and form.json,
// separated by NUL bytes (a missing part means the file is absent). Both readers must report
// problems their documented way (KernelError / ValidationProblem); any other exception is a bug.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_entries.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/kernel/types.h"
#include "symemu/harness/library_validator.h"

namespace {

const std::string& libraryDir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/symemu-fuzz-library-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    std::string d = tmpl;
    ::mkdir((d + "/Device").c_str(), 0700);
    return d;
  }();
  return dir;
}

void writeOrRemove(const std::string& path, const std::string* text) {
  if (!text) {
    std::remove(path.c_str());
    return;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << *text;
}

}  // namespace

extern "C" int symemu_fuzz_library(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t nul = input.find('\0', start);
    parts.push_back(input.substr(start, nul == std::string::npos ? std::string::npos : nul - start));
    if (nul == std::string::npos || parts.size() == 3) break;
    start = nul + 1;
  }
  const std::string& dir = libraryDir();
  writeOrRemove(dir + "/library.json", &parts[0]);
  writeOrRemove(dir + "/Device/module.json", parts.size() > 1 ? &parts[1] : nullptr);
  writeOrRemove(dir + "/Device/form.json", parts.size() > 2 ? &parts[2] : nullptr);

  try {
    symemu::ModuleRegistry registry;
    registry.loadLibrary(dir);
    for (const auto* m : registry.modules())
      if (!symemu::isGuid(m->id)) std::abort();
  } catch (const symemu::KernelError&) {
  }
  auto result = symemu::harness::validateLibrary(dir);
  for (const auto& p : result.problems) (void)p.text();
  return 0;
}

// `symemu validate LIBRARY_DIR`: checks library.json, module.json and form.json files like
// Symcon's module validator and names every problem with its file and key.
#include <iostream>

#include "symemu/cli/args.h"
#include "symemu/cli/commands.h"
#include "symemu/harness/library_validator.h"
#include "symemu/php/php_library.h"
#include "symemu/runtime/runtime.h"

namespace symemu::cli {

using harness::validateLibrary;

int cmdValidate(const std::vector<std::string>& argv, const LibraryCatalog&) {
  Args a("validate", argv, {}, {"quiet"});
  if (a.help()) {
    std::cout << "usage: symemu validate [--quiet] LIBRARY_DIR\n"
                 "Checks library.json and every module folder's module.json and form.json the way Symcon's\n"
                 "validator does (required keys and types, GUIDs, names, prefix, module type, URLs, form\n"
                 "elements and status codes). Prints each problem as FILE: KEY: MESSAGE.\n"
                 "A PHP library's module.php files are loaded into PHP: syntax errors, a missing class (the\n"
                 "module name without spaces) and a wrong base class are reported as FILE:LINE: MESSAGE.\n"
                 "Exit status: 0 when the library is clean, 1 when there are problems, 2 for usage errors.\n";
    return 0;
  }
  if (a.positionals().size() != 1)
    throw UsageError("validate: give exactly one LIBRARY_DIR (see symemu validate --help)");
  auto result = validateLibrary(a.positionals()[0]);
  for (const auto& p : result.problems) std::cout << p.text() << "\n";
  std::vector<std::string> phpProblems;
  if (php::isPhpLibrary(a.positionals()[0])) {
    startPhp();
    phpProblems = php::checkPhpLibrary(a.positionals()[0]);
  }
  for (const auto& p : phpProblems) std::cout << p << "\n";
  const std::size_t problems = result.problems.size() + phpProblems.size();
  if (!a.flag("quiet") || problems)
    std::cout << "validate: " << a.positionals()[0] << ": " << result.modules.size()
              << (result.modules.size() == 1 ? " module, " : " modules, ") << problems
              << (problems == 1 ? " problem" : " problems") << std::endl;
  return problems == 0 ? 0 : 1;
}

}  // namespace symemu::cli

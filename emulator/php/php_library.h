#pragma once
// Loading Symcon PHP libraries the way Symcon does (docs/symcon-kernel.md §2.4, §2.5, §3.11):
// library.json, one folder per module with module.json, module.php, form.json, locale.json; the
// class is the module name without spaces and must extend IPSModule or IPSModuleStrict.
// Threads: the thread that builds the kernel options, before the kernel starts.
// Errors: a library with a PHP syntax error, a missing class or a wrong base class is reported
// (file and line) and skipped; the other libraries load.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_module.h"

namespace symemu::php {

// True when some module folder of the library has a module.php.
bool isPhpLibrary(const std::string& directory);

// Loads the library's module.php files into PHP and inspects the classes. Returns the problems
// ("file:line: message"); `classes` gets one entry per module when there are none.
std::vector<std::string> checkPhpLibrary(const std::string& directory,
                                         std::vector<std::shared_ptr<const PhpModuleClass>>* classes = nullptr);

// One checked PHP library in the shape of a library plug-in (emulator/runtime/library_plugin.h:
// id, name, directory, registerFactories; runtime.h's addLibraries adds it to a catalog), with its global PHP functions
// (PREFIX_Name, kernel functions) already defined in the PHP host. `id` is empty when the library
// was skipped; `problems` then says why (file and line).
struct PhpLibraryPlugin {
  std::string id, name, directory;
  std::function<void(ModuleRegistry&)> registerFactories;
  std::vector<std::string> problems;
};
PhpLibraryPlugin loadPhpLibrary(const std::string& directory);

// Loads a library into a running kernel (the php-cli test kernel, where suites load libraries
// after the kernel started): PHP modules are checked and get factories and PREFIX_Name functions;
// then the kernel reads library.json and module.json. Throws KernelError listing the problems.
void loadLibraryInto(Kernel& kernel, const std::string& directory);

// Defines the global kernel functions (IPS_*, GetValue, ...) as PHP wrappers in every request.
void addKernelFunctionWrappers();

// The id in a library folder's library.json ("" when unreadable).
std::string libraryIdOf(const std::string& directory);

}  // namespace symemu::php

// PHP library loading: check each module.php in PHP, learn its class, register factories and
// the generated global functions (PREFIX_Name and the kernel functions).
#include "symemu/php/php_library.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <php.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "symemu/php/php_host.h"
#include "symemu/php/php_ops.h"
#include "symemu/php/php_values.h"

namespace symemu::php {

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Poco::JSON::Object::Ptr readJson(const std::string& path) {
  try {
    return Poco::JSON::Parser().parse(readText(path)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw KernelError(path + ": invalid JSON: " + e.displayText());
  } catch (const std::exception& e) {
    throw KernelError(path + ": " + e.what());
  }
}

struct ModuleFolder {
  std::string folder, moduleJson, modulePhp;
};

// The module folders as Symcon sees them (the same folders ModuleRegistry reads).
std::vector<ModuleFolder> moduleFolders(const std::string& directory) {
  static const std::set<std::string> notModules = {"libs", "docs", "imgs", "tests", "actions", "common"};
  std::vector<std::string> names;
  Poco::File(directory).list(names);
  std::sort(names.begin(), names.end());
  std::vector<ModuleFolder> out;
  for (const auto& name : names) {
    if (name.empty() || name[0] == '.' || notModules.count(name)) continue;
    Poco::Path dir(Poco::Path(directory).makeDirectory());
    dir.pushDirectory(name);
    std::string moduleJson = Poco::Path(dir).setFileName("module.json").toString();
    if (!Poco::File(moduleJson).exists()) continue;
    out.push_back({name, moduleJson, Poco::Path(dir).setFileName("module.php").toString()});
  }
  return out;
}

std::string withoutSpaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::map<std::string, std::string> translations(const std::string& localeFile, const std::string& language) {
  std::map<std::string, std::string> out;
  if (!Poco::File(localeFile).exists()) return out;
  auto locale = readJson(localeFile);
  auto all = locale->getObject("translations");
  if (!all) return out;
  auto lang = all->getObject(language);
  if (!lang) return out;
  for (const auto& [key, value] : *lang) out[key] = value.convert<std::string>();
  return out;
}

// __symemu_inspect($class) in PHP: strict flag and exported methods, or what is wrong.
std::string inspect(PhpModuleClass& cls, CallFrame& frame) {
  zval arg, result;
  ZVAL_STRINGL(&arg, cls.className.data(), cls.className.size());
  bool ok = PhpHost::get().call("__symemu_inspect", 1, &arg, &result, frame);
  zval_ptr_dtor(&arg);
  std::string error;
  if (!ok || Z_TYPE(result) != IS_ARRAY) {
    error = frame.faults.empty() ? "the class could not be inspected" : frame.faults.front().text();
  } else if (zval* e = zend_hash_str_find(Z_ARRVAL(result), "error", 5)) {
    zval* line = zend_hash_str_find(Z_ARRVAL(result), "line", 4);
    error = std::to_string(line ? zval_get_long(line) : 1) + ": " + stringFromZval(e);
  } else {
    cls.strict = zend_is_true(zend_hash_str_find(Z_ARRVAL(result), "strict", 6));
    zval* methods = zend_hash_str_find(Z_ARRVAL(result), "methods", 7);
    zval* m;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(methods), m) { cls.exportedMethods.push_back(stringFromZval(m)); }
    ZEND_HASH_FOREACH_END();
  }
  zval_ptr_dtor(&result);
  return error;
}

void addExportedFunction(const std::string& function) {
  std::string lower = function;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  PhpHost::get().addGlobalCode("function " + lower, "if (!function_exists('" + function + "')) { function " + function +
                                                        "(int $InstanceID, ...$Args) { return __symemu_exported('" +
                                                        function + "', $InstanceID, $Args); } }\n");
}

}  // namespace

void addKernelFunctionWrappers() {
  // Each is an internal function registered at start-up (php_internal_functions.cpp); a PHP
  // wrapper only for a name that is not (none today).
  std::string code;
  for (const auto& name : kernelFunctionNames()) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!CG(function_table) || !zend_hash_str_exists(CG(function_table), lower.data(), lower.size()))
      code += "if (!function_exists('" + name + "')) { function " + name + "(...$Args) { return symemu_kernel('" +
              name + "', $Args); } }\n";
  }
  if (!code.empty()) PhpHost::get().addGlobalCode("kernel functions", code);
}

bool isPhpLibrary(const std::string& directory) {
  try {
    for (const auto& m : moduleFolders(directory))
      if (Poco::File(m.modulePhp).exists()) return true;
  } catch (const Poco::Exception&) {
  }
  return false;
}

std::string libraryIdOf(const std::string& directory) {
  try {
    return upperGuid(readJson(Poco::Path(Poco::Path(directory).makeDirectory(), "library.json").toString())
                         ->optValue<std::string>("id", ""));
  } catch (const std::exception&) {
    return "";
  }
}

std::vector<std::string> checkPhpLibrary(const std::string& directory,
                                         std::vector<std::shared_ptr<const PhpModuleClass>>* classes) {
  std::vector<std::string> errors;
  std::vector<std::shared_ptr<const PhpModuleClass>> found;
  const std::string libraryFile = Poco::Path(Poco::Path(directory).makeDirectory(), "library.json").toString();
  if (!Poco::File(libraryFile).exists()) return {libraryFile + ": missing"};
  PhpEntry entry;
  try {
    readJson(libraryFile);
    for (const auto& folder : moduleFolders(directory)) {
      auto json = readJson(folder.moduleJson);
      auto cls = std::make_shared<PhpModuleClass>();
      cls->moduleId = upperGuid(json->optValue<std::string>("id", ""));
      cls->moduleName = json->optValue<std::string>("name", "");
      cls->className = withoutSpaces(cls->moduleName);
      cls->prefix = json->optValue<std::string>("prefix", "");
      cls->modulePhp = folder.modulePhp;
      cls->directory = Poco::Path(folder.modulePhp).parent().toString();
      const std::string localeFile = Poco::Path(folder.modulePhp).setFileName("locale.json").toString();
      cls->translations = translations(localeFile, "de");
      if (!Poco::File(folder.modulePhp).exists()) {
        errors.push_back(folder.modulePhp + ": missing (module " + cls->moduleName + ")");
        continue;
      }
      CallFrame frame;
      if (!PhpHost::get().require(folder.modulePhp, frame)) {
        for (const auto& f : frame.faults)
          errors.push_back(f.file + ":" + std::to_string(f.line) + ": " + f.kind + ": " + f.message);
        if (frame.faults.empty()) errors.push_back(folder.modulePhp + ": could not be loaded");
        continue;
      }
      CallFrame inspectFrame;
      std::string error = inspect(*cls, inspectFrame);
      if (!error.empty()) {
        errors.push_back(folder.modulePhp + ":" + error);  // error starts with the line
        continue;
      }
      found.push_back(cls);
    }
  } catch (const std::exception& e) {
    errors.push_back(e.what());
  }
  if (classes) *classes = std::move(found);
  return errors;
}

PhpLibraryPlugin loadPhpLibrary(const std::string& directory) {
  PhpLibraryPlugin plugin;
  plugin.directory = directory;
  std::vector<std::shared_ptr<const PhpModuleClass>> classes;
  auto errors = checkPhpLibrary(directory, &classes);
  if (!errors.empty()) {
    for (const auto& e : errors) plugin.problems.push_back("library " + directory + " skipped: " + e);
    return plugin;
  }
  plugin.id = libraryIdOf(directory);
  try {
    plugin.name = readJson(Poco::Path(Poco::Path(directory).makeDirectory(), "library.json").toString())
                      ->optValue<std::string>("name", "");
  } catch (const std::exception&) {
  }
  addKernelFunctionWrappers();
  for (const auto& cls : classes)
    for (const auto& method : cls->exportedMethods) addExportedFunction(cls->prefix + "_" + method);
  plugin.registerFactories = [classes](ModuleRegistry& registry) {
    for (const auto& cls : classes)
      registry.registerFactory(cls->moduleName, [cls] { return std::make_unique<PhpModule>(cls); });
  };
  return plugin;
}

void loadLibraryInto(Kernel& kernel, const std::string& directory) {
  const std::string dir = Poco::Path(directory).makeDirectory().toString();
  for (const auto* lib : kernel.modules().libraries())
    if (Poco::Path(lib->directory).makeDirectory().toString() == dir) return;  // loaded already
  std::vector<std::shared_ptr<const PhpModuleClass>> classes;
  if (isPhpLibrary(dir)) {
    auto errors = checkPhpLibrary(dir, &classes);
    if (!errors.empty()) {
      std::string text = "library " + dir + " not loaded:";
      for (const auto& e : errors) text += "\n  " + e;
      throw KernelError(text);
    }
  }
  addKernelFunctionWrappers();
  for (const auto& cls : classes) {
    for (const auto& method : cls->exportedMethods) addExportedFunction(cls->prefix + "_" + method);
    kernel.modules().registerFactory(cls->moduleName, [cls] { return std::make_unique<PhpModule>(cls); });
  }
  kernel.modules().loadLibrary(dir);
}

}  // namespace symemu::php

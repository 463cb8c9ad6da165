#pragma once
// Reads Symcon libraries (library.json, <module>/module.json, <module>/form.json) and binds each
// module to the C++ factory registered under its module name (docs/symcon-kernel.md §2.4, §2.5).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

namespace symemu {

class Module;

struct LibraryInfo {
  std::string id, name, author, url, version, directory;
  int build = 0;
  long long date = 0;
};

struct ModuleInfo {
  std::string id;  // GUID
  std::string name, vendor, prefix, url, libraryId, directory;
  int type = 3;
  std::vector<std::string> aliases, parentRequirements, childRequirements, implemented;
  std::string formJson;  // form.json text ("{}" when the module has none)
  // locale.json "translations": language ("de", "de_DE") -> text -> translation
  std::map<std::string, std::map<std::string, std::string>> translations;
  bool implements(std::string_view dataId) const;
};

using ModuleFactory = std::function<std::unique_ptr<Module>()>;

class ModuleRegistry {
 public:
  // Factories are registered by module name before libraries are loaded.
  void registerFactory(const std::string& moduleName, ModuleFactory factory);
  // Loads a library folder; throws KernelError naming the file and key on any problem.
  // Modules without a registered factory are listed but cannot be instantiated.
  const LibraryInfo& loadLibrary(const std::string& directory);

  const ModuleInfo* find(const std::string& moduleId) const;  // by GUID (case-insensitive)
  const ModuleInfo* findByName(const std::string& moduleName) const;
  std::unique_ptr<Module> instantiate(const ModuleInfo& info) const;  // throws if no factory
  std::vector<const ModuleInfo*> modules() const;
  std::vector<const LibraryInfo*> libraries() const;

 private:
  static std::map<std::string, std::map<std::string, std::string>> readTranslations(
      const Poco::JSON::Object::Ptr& locale, const std::string& file);
  std::map<std::string, ModuleFactory> factories_;
  std::map<std::string, std::unique_ptr<ModuleInfo>> modules_;  // key: upper-case GUID
  std::map<std::string, std::unique_ptr<LibraryInfo>> libraries_;
};

std::string upperGuid(const std::string& guid);
bool isGuid(const std::string& s);  // {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}

}  // namespace symemu

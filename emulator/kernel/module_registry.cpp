#include "symemu/kernel/module_registry.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "symemu/kernel/module.h"
#include "symemu/kernel/types.h"

namespace symemu {

std::string upperGuid(const std::string& guid) {
  std::string s = guid;
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool isGuid(const std::string& s) {
  if (s.size() != 38 || s.front() != '{' || s.back() != '}') return false;
  for (std::size_t i = 1; i < 37; ++i) {
    bool dash = i == 9 || i == 14 || i == 19 || i == 24;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool ModuleInfo::implements(std::string_view dataId) const {
  // Case-insensitive, without copies: this runs for every child on every packet. GUIDs are
  // usually written alike, so an exact match is tried first.
  for (const auto& g : implemented)
    if (g == dataId) return true;
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  auto sameLetters = [&](const std::string& a, std::string_view b) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i] && upper(a[i]) != upper(b[i])) return false;
    return true;
  };
  for (const auto& g : implemented)
    if (g.size() == dataId.size() && sameLetters(g, dataId)) return true;
  return false;
}

static std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KernelError(path + ": cannot read file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static Poco::JSON::Object::Ptr parseObject(const std::string& path) {
  std::string text = readFile(path);
  try {
    Poco::JSON::Parser parser;
    auto v = parser.parse(text);
    auto obj = v.extract<Poco::JSON::Object::Ptr>();
    if (!obj) throw KernelError(path + ": root is not a JSON object");
    return obj;
  } catch (const Poco::BadCastException&) {
    throw KernelError(path + ": root is not a JSON object");
  } catch (const Poco::Exception& e) {
    throw KernelError(path + ": invalid JSON: " + e.displayText());
  }
}

static std::string requireString(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& file) {
  if (!o->has(key)) throw KernelError(file + ": missing key \"" + key + "\"");
  auto v = o->get(key);
  if (!v.isString()) throw KernelError(file + ": key \"" + key + "\" must be a string");
  return v.extract<std::string>();
}

static std::vector<std::string> guidList(const Poco::JSON::Object::Ptr& o, const std::string& key,
                                         const std::string& file) {
  std::vector<std::string> out;
  if (!o->has(key)) return out;
  auto arr = o->getArray(key);
  if (!arr) throw KernelError(file + ": key \"" + key + "\" must be an array");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto v = arr->get(i);
    if (!v.isString() || !isGuid(v.extract<std::string>()))
      throw KernelError(file + ": " + key + "[" + std::to_string(i) + "] is not a GUID");
    out.push_back(upperGuid(v.extract<std::string>()));
  }
  return out;
}

void ModuleRegistry::registerFactory(const std::string& moduleName, ModuleFactory factory) {
  factories_[moduleName] = std::move(factory);
}

const LibraryInfo& ModuleRegistry::loadLibrary(const std::string& directory) {
  Poco::Path base(directory);
  base.makeDirectory();  // "lib" and "lib/" both name the folder
  const std::string libFile = Poco::Path(base, "library.json").toString();
  auto lib = parseObject(libFile);
  auto info = std::make_unique<LibraryInfo>();
  info->id = requireString(lib, "id", libFile);
  if (!isGuid(info->id)) throw KernelError(libFile + ": \"id\" is not a GUID");
  info->name = requireString(lib, "name", libFile);
  info->author = lib->optValue<std::string>("author", "");
  info->url = lib->optValue<std::string>("url", "");
  info->version = lib->has("version") ? lib->get("version").convert<std::string>() : "";
  info->build = lib->optValue<int>("build", 0);
  info->date = lib->optValue<long long>("date", 0);
  info->directory = directory;

  std::vector<std::string> folders;
  Poco::File(directory).list(folders);
  std::sort(folders.begin(), folders.end());
  static const std::set<std::string> notModules = {"libs", "docs", "imgs", "tests", "actions", "common"};
  // Registered only once every module of the library has been read: a refused library leaves
  // no module of it behind.
  std::vector<std::pair<std::string, std::unique_ptr<ModuleInfo>>> read;  // module.json path, module
  for (const auto& folder : folders) {
    if (folder.empty() || folder[0] == '.' || notModules.count(folder)) continue;
    Poco::Path dir(base);
    dir.pushDirectory(folder);
    const std::string moduleFile = Poco::Path(dir).setFileName("module.json").toString();
    if (!Poco::File(moduleFile).exists()) continue;
    auto m = parseObject(moduleFile);
    auto mi = std::make_unique<ModuleInfo>();
    mi->id = requireString(m, "id", moduleFile);
    if (!isGuid(mi->id)) throw KernelError(moduleFile + ": \"id\" is not a GUID");
    mi->id = upperGuid(mi->id);
    mi->name = requireString(m, "name", moduleFile);
    if (!m->has("type") || !m->get("type").isInteger())
      throw KernelError(moduleFile + ": key \"type\" must be an integer");
    // Compared as text: getValue<int> throws Poco's RangeException on a huge number.
    const std::string type = m->get("type").convert<std::string>();
    if (type.size() != 1 || type[0] < '0' || type[0] > '5') throw KernelError(moduleFile + ": \"type\" must be 0..5");
    mi->type = type[0] - '0';
    mi->vendor = m->optValue<std::string>("vendor", "");
    mi->prefix = m->optValue<std::string>("prefix", "");
    mi->url = m->optValue<std::string>("url", "");
    mi->aliases.clear();
    if (auto a = m->getArray("aliases"))
      for (std::size_t i = 0; i < a->size(); ++i) mi->aliases.push_back(a->get(i).convert<std::string>());
    mi->parentRequirements = guidList(m, "parentRequirements", moduleFile);
    mi->childRequirements = guidList(m, "childRequirements", moduleFile);
    mi->implemented = guidList(m, "implemented", moduleFile);
    mi->libraryId = info->id;
    mi->directory = dir.toString();
    const std::string formFile = Poco::Path(dir).setFileName("form.json").toString();
    if (Poco::File(formFile).exists()) {
      parseObject(formFile);  // validates
      mi->formJson = readFile(formFile);
    } else {
      mi->formJson = "{}";
    }
    const std::string localeFile = Poco::Path(dir).setFileName("locale.json").toString();
    if (Poco::File(localeFile).exists()) mi->translations = readTranslations(parseObject(localeFile), localeFile);
    for (const auto& [otherFile, other] : read)
      if (other->id == mi->id)
        throw KernelError(moduleFile + ": module ID " + mi->id + " is also the id of " + otherFile);
    if (modules_.count(mi->id) && modules_[mi->id]->libraryId != info->id)
      throw KernelError(moduleFile + ": module ID " + mi->id + " is already used by module " + modules_[mi->id]->name);
    read.emplace_back(moduleFile, std::move(mi));
  }
  for (auto& [file, mi] : read) modules_[mi->id] = std::move(mi);
  auto& slot = libraries_[upperGuid(info->id)];
  slot = std::move(info);
  return *slot;
}

// locale.json: {"translations": {"de": {"Text": "Übersetzung", ...}, ...}} (Translate, forms).
std::map<std::string, std::map<std::string, std::string>> ModuleRegistry::readTranslations(
    const Poco::JSON::Object::Ptr& locale, const std::string& file) {
  std::map<std::string, std::map<std::string, std::string>> out;
  if (!locale->has("translations")) return out;
  auto languages = locale->getObject("translations");
  if (!languages) throw KernelError(file + ": \"translations\" must be an object");
  for (const auto& [language, table] : *languages) {
    if (table.type() != typeid(Poco::JSON::Object::Ptr))
      throw KernelError(file + ": \"translations\"." + language + " must be an object");
    auto& texts = out[language];
    for (const auto& [text, translation] : *table.extract<Poco::JSON::Object::Ptr>()) {
      if (!translation.isString())
        throw KernelError(file + ": translation of \"" + text + "\" in " + language + " must be a string");
      texts[text] = translation.convert<std::string>();
    }
  }
  return out;
}

const ModuleInfo* ModuleRegistry::find(const std::string& moduleId) const {
  auto it = modules_.find(upperGuid(moduleId));
  return it == modules_.end() ? nullptr : it->second.get();
}

const ModuleInfo* ModuleRegistry::findByName(const std::string& moduleName) const {
  for (const auto& [id, m] : modules_)
    if (m->name == moduleName) return m.get();
  return nullptr;
}

std::unique_ptr<Module> ModuleRegistry::instantiate(const ModuleInfo& info) const {
  auto it = factories_.find(info.name);
  if (it == factories_.end()) throw KernelError("Module " + info.name + " has no implementation in this emulator");
  return it->second();
}

std::vector<const ModuleInfo*> ModuleRegistry::modules() const {
  std::vector<const ModuleInfo*> out;
  for (const auto& [id, m] : modules_) out.push_back(m.get());
  return out;
}

std::vector<const LibraryInfo*> ModuleRegistry::libraries() const {
  std::vector<const LibraryInfo*> out;
  for (const auto& [id, l] : libraries_) out.push_back(l.get());
  return out;
}

}  // namespace symemu

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "symemu/runtime/data_dir.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu {

namespace {
bool sameId(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}
}  // namespace

void LibraryCatalog::add(LibraryPlugin plugin) {
  if (plugin.id.empty()) throw std::invalid_argument("a library plug-in needs its library.json id");
  for (auto& existing : plugins_) {
    if (sameId(existing.id, plugin.id)) {
      // Another edition of the same library: same GUIDs and functions (library_plugin.h).
      if (!plugin.autoCreate) plugin.autoCreate = std::move(existing.autoCreate);
      if (plugin.fixtureActions.empty()) plugin.fixtureActions = std::move(existing.fixtureActions);
      existing = std::move(plugin);
      return;
    }
  }
  plugins_.push_back(std::move(plugin));
}

const LibraryPlugin* LibraryCatalog::find(const std::string& id) const {
  for (const auto& p : plugins_)
    if (sameId(p.id, id)) return &p;
  return nullptr;
}

void LibraryCatalog::registerFactories(ModuleRegistry& registry) const {
  for (const auto& p : plugins_)
    if (p.registerFactories) p.registerFactories(registry);
}

std::vector<std::string> LibraryCatalog::directories() const {
  std::vector<std::string> out;
  for (const auto& p : plugins_) {
    if (p.directory.empty()) continue;
    out.push_back(p.directory.front() == '/' ? p.directory : librariesDirectory() + "/" + p.directory);
  }
  return out;
}

const FixtureAction* LibraryCatalog::fixtureAction(const std::string& name) const {
  for (const auto& p : plugins_)
    for (const auto& a : p.fixtureActions)
      if (a.name == name) return &a;
  return nullptr;
}

void LibraryCatalog::setUpSession(Kernel& kernel, const DefaultChains& chains, bool autoCreate) const {
  if (autoCreate)
    for (const auto& p : plugins_)
      if (p.autoCreate) p.autoCreate(kernel, chains);
  for (const auto& p : plugins_)
    if (p.setUpSession) p.setUpSession(kernel, chains);
}

}  // namespace symemu

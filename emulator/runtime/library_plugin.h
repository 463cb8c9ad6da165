#pragma once
// How a module library plugs into symemu: ONE interface for the built-in C++ libraries and for
// libraries loaded at run time (a PHP host, later). The runtime, the harness (serve, replay,
// in-process traffic), the CLI and the Python module only talk to libraries through this.
//
// A library is a LibraryPlugin: the library.json "id" that names it, the folder the kernel loads
// (library.json, <Module>/module.json, form.json), the C++ factories of its modules, what it
// creates for `--auto-create`, what every session adds (test libraries), and the fixture actions
// it adds to replay (Smart Metering's "create_all"). A LibraryCatalog holds the plug-ins of one
// kernel or session, in order; adding a plug-in whose id is already there REPLACES that library
// in the same position: its folder, factories and session set-up are the new plug-in's, nothing
// of the old one's. Only autoCreate and fixtureActions carry over when the replacement brings
// none of its own, because another edition of the same library has the same modules (GUIDs) and
// functions: loading the PHP edition of Smart Metering with `--library` replaces the built-in
// C++ one, and `--auto-create` and the "create_all" fixture action (which use only module GUIDs
// and SM_CreateAll) keep working with it.
//
// Threads: a catalog is filled before a kernel boots and only read afterwards; copies share
// nothing mutable. Plug-in callbacks run on the thread that owns the kernel they are given (its
// KernelThread, or the replay's thread with a manual clock) and must not keep the Kernel&.
// Errors: callbacks throw std::exception (KernelError for kernel refusals) with a message that
// names what is missing or wrong; the caller turns it into a failed replay event or a refused
// `--auto-create`. add() throws std::invalid_argument for a plug-in without an id.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace symemu {

class Kernel;
class ModuleRegistry;

// Symcon's default instances of a new database, which every serve/replay session has: Server
// Socket -> MQTT Server, and WebHook Control (object IDs; 0 when absent).
struct DefaultChains {
  int mqttServer = 0, serverSocket = 0, webhook = 0;
};

// One action a library adds to fixtures ({"type":"action","action":NAME, ...}).
struct FixtureAction {
  using Fields = std::map<std::string, std::string>;
  std::string name;                 // the line's "action", e.g. "create_all"
  std::vector<std::string> fields;  // required non-empty string fields, e.g. {"smartlog_id"}
  // Plays the action on a session's kernel; throws with a message when it cannot.
  std::function<void(Kernel&, const DefaultChains&, const Fields&)> play;
};

struct LibraryPlugin {
  std::string id;    // library.json "id" (a GUID; compared case-insensitively)
  std::string name;  // for messages, e.g. "Smart Metering"
  // The library folder. A relative path is found under the data directory's libraries/ folder
  // (data_dir.h), so built-in libraries need no source path; an absolute path is used as is.
  std::string directory;
  // Binds module names (module.json "name") to C++ factories. Empty: the modules have none.
  std::function<void(ModuleRegistry&)> registerFactories;
  // `serve --auto-create` / `replay --auto-create`: creates what discovers devices by itself
  // (Smart Metering: a SmartLogDiscovery under the MQTT Server) unless it exists. Empty: nothing.
  std::function<void(Kernel&, const DefaultChains&)> autoCreate;
  // Runs in every serve/replay session after the default chains (and auto-create) exist.
  std::function<void(Kernel&, const DefaultChains&)> setUpSession;
  std::vector<FixtureAction> fixtureActions;
};

class LibraryCatalog {
 public:
  // Appends `plugin`, or replaces the library with the same id in place (keeping the old
  // autoCreate / fixtureActions only when `plugin` has none; see above).
  void add(LibraryPlugin plugin);
  const LibraryPlugin* find(const std::string& id) const;
  const std::vector<LibraryPlugin>& plugins() const { return plugins_; }

  // Every plug-in's factories (catalog order; a later library wins a module name).
  void registerFactories(ModuleRegistry& registry) const;
  // The library folders to load, absolute, in catalog order (plug-ins without one are skipped).
  std::vector<std::string> directories() const;
  // The action of that name, or nullptr (the first library that names it).
  const FixtureAction* fixtureAction(const std::string& name) const;
  // Every library's autoCreate (in order), then every library's setUpSession (in order).
  void setUpSession(Kernel& kernel, const DefaultChains& chains, bool autoCreate) const;

 private:
  std::vector<LibraryPlugin> plugins_;
};

// The libraries built into this binary: the core modules first, then every library the build
// declared with symemu_builtin_library() (CMake), in declaration order.
LibraryCatalog builtinLibraries();

}  // namespace symemu

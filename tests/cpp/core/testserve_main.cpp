// `symemu_testserve`: the `symemu` command plus the Echo Device test library, whose session
// set-up creates an Echo Device on first start. The end-to-end tests (tests/e2e) run this binary.
#include <cstdlib>
#include <string>

#include "symemu/cli/cli.h"
#include "echo_device.h"
#include "form_test_device.h"
#include "symemu/kernel/kernel.h"
#include "symemu/runtime/library_plugin.h"

namespace {

symemu::LibraryPlugin echoLibrary() {
  symemu::LibraryPlugin p;
  p.id = "{3C1D5E7F-0000-4000-8000-0000000000E0}";  // testlib/library.json "id"
  p.name = "symemu test library";
  p.directory = SYMEMU_CORE_TESTLIB_DIR;
  p.registerFactories = [](symemu::ModuleRegistry& registry) {
    symemu::testing::registerEchoDevice(registry);
    symemu::testing::registerFormTestDevice(registry);
  };
  p.setUpSession = [](symemu::Kernel& k, const symemu::DefaultChains&) {
    if (k.getInstanceListByModuleID(symemu::testing::kEchoDeviceId).empty()) {
      int id = k.createInstance(symemu::testing::kEchoDeviceId);
      if (const char* user = std::getenv("SYMEMU_ECHO_USER")) {
        k.setProperty(id, "User", std::string(user));
        k.setProperty(id, "Password",
                      std::string(std::getenv("SYMEMU_ECHO_PASSWORD") ? std::getenv("SYMEMU_ECHO_PASSWORD") : ""));
        k.applyChanges(id);
      }
    }
    // SYMEMU_ECHO_UNDER_MQTT_CLIENT=1: the Echo Device works under `serve --upstream`'s MQTT Client.
    auto clients = k.getInstanceListByModuleID("{F7A0DD2E-7684-95C0-64C2-D2A9DC47577B}");
    if (std::getenv("SYMEMU_ECHO_UNDER_MQTT_CLIENT") && !clients.empty()) {
      int echo = k.getInstanceListByModuleID(symemu::testing::kEchoDeviceId).front();
      k.connectInstance(echo, clients.front());
      k.applyChanges(echo);
    }
  };
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  symemu::LibraryCatalog libraries = symemu::builtinLibraries();
  libraries.add(echoLibrary());
  return symemu::cli::runCli(argc, argv, libraries);
}

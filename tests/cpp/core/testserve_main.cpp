// `symemu_testserve`: the `symemu` command plus the Echo Device test module, created on first
// start under the MQTT Server. The end-to-end tests (tests/e2e) run this binary.
#include <cstdlib>
#include <string>

#include "cli.h"
#include "echo_device.h"
#include "form_test_device.h"
#include "kernel/kernel.h"
#include "module_factories.h"
#include "serve_setup.h"

int main(int argc, char** argv) {
  std::string libs = SYMEMU_CORE_TESTLIB_DIR;
  if (const char* extra = std::getenv("SYMEMU_LIBRARY_PATH")) libs += std::string(":") + extra;
  setenv("SYMEMU_LIBRARY_PATH", libs.c_str(), 1);
  symemu::addExtraFactories(symemu::testing::registerEchoDevice);
  symemu::addExtraFactories(symemu::testing::registerFormTestDevice);
  symemu::cli::addServeSetupHook([](symemu::Kernel& k) {
    if (k.getInstanceListByModuleID(symemu::testing::kEchoDeviceId).empty()) {
      int id = k.createInstance(symemu::testing::kEchoDeviceId);
      if (const char* user = std::getenv("SYMEMU_ECHO_USER")) {
        k.setProperty(id, "User", std::string(user));
        k.setProperty(id, "Password",
                      std::string(std::getenv("SYMEMU_ECHO_PASSWORD") ? std::getenv("SYMEMU_ECHO_PASSWORD") : ""));
        k.applyChanges(id);
      }
    }
  });
  return symemu::cli::runCli(argc, argv);
}

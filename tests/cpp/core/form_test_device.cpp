#include "form_test_device.h"

#include "symemu/kernel/kernel.h"

namespace symemu::testing {

void FormTestDevice::create() {
  registerPropertyString("Text", "");
  registerPropertyString("Secret", "");
  registerPropertyInteger("Count", 1);
  registerPropertyBoolean("Enabled", false);
  registerPropertyInteger("Mode", 1);
  registerPropertyInteger("Target", 0);
  registerPropertyString("Left", "");
  registerPropertyString("Right", "");
  registerPropertyString("Entries", "[]");
  // FORMTEST_Describe(InstanceID, Text, Count): what the form's Button echoes.
  registerFunction("Describe", [](const std::vector<Value>& args) -> Value {
    if (args.size() != 2) throw KernelError("FORMTEST_Describe expects (InstanceID, Text, Count)");
    return "Text " + valueToString(args[0]) + ", count " + valueToString(args[1]);
  });
}

void FormTestDevice::applyChanges() {
  setStatus(readPropertyString("Text").empty() ? status::Inactive : status::Active);
}

void registerFormTestDevice(ModuleRegistry& registry) {
  registry.registerFactory("Form Test Device", [] { return std::make_unique<FormTestDevice>(); });
}

}  // namespace symemu::testing

#pragma once
// A test device whose form.json (tests/browser/formlib/FormTestDevice) uses every element type the web console
// renders plus two unknown ones, so the browser tests can check the form renderer against a real
// module: properties of each type, a List, and a module function the form's Button calls.
#include "symemu/kernel/module.h"
#include "symemu/kernel/module_registry.h"

namespace symemu::testing {

inline const char* const kFormTestDeviceId = "{3C1D5E7F-0000-4000-8000-0000000000F1}";

class FormTestDevice : public Module {
 public:
  void create() override;
  void applyChanges() override;
};

void registerFormTestDevice(ModuleRegistry& registry);

}  // namespace symemu::testing

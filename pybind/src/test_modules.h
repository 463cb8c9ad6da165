#pragma once
// A tiny splitter/device pair so Python tests and examples can create instances without the
// network modules. They use only the public module API; their module.json files live in the
// package's testlib/ folder (symemu.TEST_LIBRARY), without which they cannot be instantiated.
#include <string>

#include "symemu/kernel/module_registry.h"

namespace symemu::python {

inline const std::string kTestSplitterId = "{7E57A11B-0001-4000-8000-000000000001}";
inline const std::string kTestDeviceId = "{7E57A11B-0002-4000-8000-000000000002}";

void registerPythonTestModules(ModuleRegistry& registry);

}  // namespace symemu::python

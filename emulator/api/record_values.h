#pragma once
// Kernel records as JsonValue objects with Symcon's field names and order (docs/symcon-kernel.md
// §1.3, §2.3, §4.3, §4.4). The one place that decides those fields: the function table (and so the
// JSON-RPC API) and the Python binding (pybind/src/py_values.cpp) all use it.
//
// Pure functions; call them where the record is valid (on the kernel thread, or on a copy).
#include "symemu/api/json_value.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/kernel/profile.h"
#include "symemu/kernel/records.h"

namespace symemu::api {

JsonValue objectValue(const ObjectRecord& o);              // IPS_GetObject
JsonValue variableValue(int id, const VariableRecord& v);  // IPS_GetVariable
JsonValue instanceValue(int id, const InstanceRecord& i);  // IPS_GetInstance
JsonValue profileValue(const Profile& p);                  // IPS_GetVariableProfile
JsonValue moduleValue(const ModuleInfo& m);                // IPS_GetModule
JsonValue libraryValue(const LibraryInfo& l);              // IPS_GetLibrary
JsonValue logValue(const LogEntry& e);                     // captured log line
JsonValue debugValue(const DebugEntry& e);                 // captured SendDebug output

}  // namespace symemu::api

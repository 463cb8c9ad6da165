#pragma once
// Conversions between Python objects and kernel values and records. Every function here needs
// the GIL. Record dicts use Symcon's field names (docs/symcon-kernel.md §1.3, §2.3, §4.3, §4.4).
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "symemu/api/record_values.h"
#include "symemu/kernel/kernel.h"

namespace symemu::python {

namespace py = pybind11;

// bool, int, float, str (bytes are taken as raw bytes) -> Value; anything else is a TypeError.
Value toValue(py::handle object);
std::vector<Value> toValues(const py::args& args);
py::object fromValue(const Value& value);

// Kernel strings may carry arbitrary bytes (payloads): invalid UTF-8 survives as surrogates.
py::str text(const std::string& s);
std::string bytesOf(py::handle str);  // str (surrogateescape) or bytes -> raw bytes

VariableType toVariableType(py::handle type);  // 0..3 or "Boolean"/"Integer"/"Float"/"String"

// JSON-shaped values (records, lists) as Python dicts, lists and scalars.
py::object toPython(const api::JsonValue& value);

py::dict objectDict(const ObjectRecord& o);
py::dict variableDict(int id, const VariableRecord& v);
py::dict instanceDict(int id, const InstanceRecord& i);
py::dict profileDict(const Profile& p);
py::dict moduleDict(const ModuleInfo& m);
py::dict logDict(const LogEntry& e);
py::dict debugDict(const DebugEntry& e);

py::object parseJson(const std::string& json);  // json.loads
std::string dumpJson(py::handle object);        // json.dumps, compact, non-ASCII kept

}  // namespace symemu::python

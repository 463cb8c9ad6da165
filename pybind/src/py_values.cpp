#include "py_values.h"

#include <pybind11/stl.h>

#include <climits>

namespace symemu::python {

py::str text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

std::string bytesOf(py::handle object) {
  if (PyBytes_Check(object.ptr())) return std::string(py::reinterpret_borrow<py::bytes>(object));
  if (!PyUnicode_Check(object.ptr()))
    throw py::type_error("expected str or bytes, got " +
                         std::string(py::str(py::type::handle_of(object).attr("__name__"))));
  PyObject* b = PyUnicode_AsEncodedString(object.ptr(), "utf-8", "surrogateescape");
  if (!b) throw py::error_already_set();
  return std::string(py::reinterpret_steal<py::bytes>(b));
}

Value toValue(py::handle o) {
  // bool first: in Python, bool is a subclass of int.
  if (PyBool_Check(o.ptr())) return o.ptr() == Py_True;
  if (PyLong_Check(o.ptr())) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o.ptr(), &overflow);
    if (overflow) throw py::value_error("integer does not fit in 64 bits (Symcon integers are PHP ints)");
    return static_cast<std::int64_t>(v);
  }
  if (PyFloat_Check(o.ptr())) return PyFloat_AsDouble(o.ptr());
  if (PyUnicode_Check(o.ptr()) || PyBytes_Check(o.ptr())) return bytesOf(o);
  throw py::type_error("a kernel value is bool, int, float or str, not " +
                       std::string(py::str(py::type::handle_of(o).attr("__name__"))));
}

std::vector<Value> toValues(const py::args& args) {
  std::vector<Value> out;
  out.reserve(args.size());
  for (auto a : args) out.push_back(toValue(a));
  return out;
}

py::object fromValue(const Value& v) {
  switch (v.index()) {
    case 0:
      return py::bool_(std::get<bool>(v));
    case 1:
      return py::int_(std::get<std::int64_t>(v));
    case 2:
      return py::float_(std::get<double>(v));
    default:
      return text(std::get<std::string>(v));
  }
}

VariableType toVariableType(py::handle type) {
  if (PyUnicode_Check(type.ptr())) {
    auto name = type.cast<std::string>();
    for (int t = 0; t <= 3; ++t)
      if (name == typeName(static_cast<VariableType>(t))) return static_cast<VariableType>(t);
    throw py::value_error("unknown variable type '" + name + "' (expected Boolean, Integer, Float or String)");
  }
  if (PyLong_Check(type.ptr()) && !PyBool_Check(type.ptr())) {
    long t = PyLong_AsLong(type.ptr());
    if (t == -1 && PyErr_Occurred()) throw py::error_already_set();
    // Out-of-range numbers go through so the kernel answers with Symcon's own message.
    return static_cast<VariableType>(t < INT_MIN || t > INT_MAX ? -1 : t);
  }
  throw py::type_error("a variable type is an int 0..3 or a type name");
}

py::object toPython(const api::JsonValue& v) {
  switch (v.kind()) {
    case api::JsonValue::Kind::Null:
      return py::none();
    case api::JsonValue::Kind::Boolean:
      return py::bool_(v.asBool());
    case api::JsonValue::Kind::Integer:
      return py::int_(v.asInt());
    case api::JsonValue::Kind::Float:
      return py::float_(v.asFloat());
    case api::JsonValue::Kind::String:
      return text(v.asString());
    case api::JsonValue::Kind::Array: {
      py::list out;
      for (const auto& item : v.asArray()) out.append(toPython(item));
      return std::move(out);
    }
    case api::JsonValue::Kind::Object: {
      py::dict out;
      for (const auto& [name, item] : v.asObject()) out[text(name)] = toPython(item);
      return std::move(out);
    }
  }
  return py::none();
}

// The records' fields are decided once, in emulator/api/record_values.cpp (the JSON-RPC API
// returns the same records).
py::dict objectDict(const ObjectRecord& o) { return toPython(api::objectValue(o)); }
py::dict variableDict(int id, const VariableRecord& v) { return toPython(api::variableValue(id, v)); }
py::dict instanceDict(int id, const InstanceRecord& i) { return toPython(api::instanceValue(id, i)); }
py::dict profileDict(const Profile& p) { return toPython(api::profileValue(p)); }
py::dict moduleDict(const ModuleInfo& m) { return toPython(api::moduleValue(m)); }
py::dict logDict(const LogEntry& e) { return toPython(api::logValue(e)); }
py::dict debugDict(const DebugEntry& e) { return toPython(api::debugValue(e)); }

py::object parseJson(const std::string& json) { return py::module_::import("json").attr("loads")(text(json)); }

std::string dumpJson(py::handle object) {
  auto dumped = py::module_::import("json").attr("dumps")(object, py::arg("ensure_ascii") = false,
                                                          py::arg("separators") = py::make_tuple(",", ":"));
  return bytesOf(dumped);
}

}  // namespace symemu::python

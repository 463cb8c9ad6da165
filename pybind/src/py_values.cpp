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

py::dict objectDict(const ObjectRecord& o) {
  py::dict d;
  d["ObjectID"] = o.id;
  d["ObjectType"] = static_cast<int>(o.type);
  d["ObjectName"] = text(o.name);
  d["ObjectIdent"] = text(o.ident);
  d["ObjectInfo"] = text(o.info);
  d["ObjectIcon"] = text(o.icon);
  d["ObjectSummary"] = text(o.summary);
  d["ObjectPosition"] = o.position;
  d["ObjectIsHidden"] = o.hidden;
  d["ObjectIsDisabled"] = o.disabled;
  d["ObjectIsLocked"] = false;
  d["ObjectIsReadOnly"] = o.readOnly;
  d["ParentID"] = o.parentId;
  d["ChildrenIDs"] = py::cast(o.children);
  d["HasChildren"] = !o.children.empty();
  return d;
}

py::dict variableDict(int id, const VariableRecord& v) {
  py::dict d;
  d["VariableID"] = id;
  d["VariableType"] = static_cast<int>(v.type);
  d["VariableProfile"] = text(v.profile);
  d["VariableCustomProfile"] = text(v.customProfile);
  d["VariableAction"] = v.action;
  d["VariableCustomAction"] = v.customAction;
  d["VariableUpdated"] = v.updated;
  d["VariableChanged"] = v.changed;
  d["VariableIsLocked"] = false;
  return d;
}

py::dict instanceDict(int id, const InstanceRecord& i) {
  py::dict info;
  info["ModuleID"] = i.info ? i.info->id : std::string();
  info["ModuleName"] = i.info ? i.info->name : std::string();
  info["ModuleType"] = i.info ? i.info->type : 0;
  py::dict d;
  d["InstanceID"] = id;
  d["ConnectionID"] = i.connectionId;
  d["InstanceStatus"] = i.status;
  d["InstanceChanged"] = i.changed;
  d["ModuleInfo"] = info;
  return d;
}

py::dict profileDict(const Profile& p) {
  py::list associations;
  for (const auto& a : p.associations) {
    py::dict d;
    d["Value"] = a.value;
    d["Name"] = text(a.name);
    d["Icon"] = text(a.icon);
    d["Color"] = a.color;
    associations.append(d);
  }
  py::dict d;
  d["ProfileName"] = text(p.name);
  d["ProfileType"] = static_cast<int>(p.type);
  d["Icon"] = text(p.icon);
  d["Prefix"] = text(p.prefix);
  d["Suffix"] = text(p.suffix);
  d["MinValue"] = p.minValue;
  d["MaxValue"] = p.maxValue;
  d["StepSize"] = p.stepSize;
  d["Digits"] = p.digits;
  d["IsReadOnly"] = p.readOnly;
  d["Associations"] = associations;
  return d;
}

py::dict moduleDict(const ModuleInfo& m) {
  py::dict d;
  d["ModuleID"] = m.id;
  d["ModuleName"] = m.name;
  d["ModuleType"] = m.type;
  d["Vendor"] = m.vendor;
  d["Prefix"] = m.prefix;
  d["LibraryID"] = m.libraryId;
  d["Aliases"] = py::cast(m.aliases);
  d["ParentRequirements"] = py::cast(m.parentRequirements);
  d["ChildRequirements"] = py::cast(m.childRequirements);
  d["Implemented"] = py::cast(m.implemented);
  return d;
}

py::dict logDict(const LogEntry& e) {
  py::dict d;
  d["Time"] = e.time;
  d["SenderID"] = e.senderId;
  d["Sender"] = text(e.sender);
  d["Type"] = e.type;
  d["Message"] = text(e.message);
  return d;
}

py::dict debugDict(const DebugEntry& e) {
  py::dict d;
  d["Time"] = e.time;
  d["InstanceID"] = e.instanceId;
  d["Message"] = text(e.message);
  d["Data"] = text(e.data);
  d["Format"] = e.format;
  return d;
}

py::object parseJson(const std::string& json) { return py::module_::import("json").attr("loads")(text(json)); }

std::string dumpJson(py::handle object) {
  auto dumped = py::module_::import("json").attr("dumps")(object, py::arg("ensure_ascii") = false,
                                                          py::arg("separators") = py::make_tuple(",", ":"));
  return bytesOf(dumped);
}

}  // namespace symemu::python

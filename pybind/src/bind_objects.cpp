// The object tree (docs/symcon-kernel.md §1, §4.1): lookups, categories, names, idents, parents.
#include <pybind11/stl.h>

#include "bindings.h"
#include "py_values.h"

namespace symemu::python {

void placeNewObject(Kernel& k, int id, int parentId, const std::optional<std::string>& name,
                    const std::optional<std::string>& ident, const std::function<void(int)>& remove) {
  try {
    if (parentId != 0) k.setParent(id, parentId);
    if (name) k.setName(id, *name);
    if (ident) k.setIdent(id, *ident);
  } catch (...) {
    remove(id);
    throw;
  }
}

namespace {
std::vector<std::string> pathParts(py::handle path) {
  if (PyUnicode_Check(path.ptr())) return Kernel::splitPath(path.cast<std::string>());
  return path.cast<std::vector<std::string>>();
}
}  // namespace

void bindObjects(PyKernelClass& cls) {
  cls.def(
      "object_exists", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.objectExists(id); }); },
      py::arg("id"));
  cls.def(
      "get_object",
      [](PyKernel& k, int id) { return objectDict(k.run([id](Kernel& kr) { return kr.getObject(id); })); },
      py::arg("id"),
      "IPS_GetObject: dict with ObjectID, ObjectType, ObjectName, ObjectIdent, ObjectInfo, ObjectIcon, ObjectSummary, "
      "ObjectPosition, ObjectIsHidden, ObjectIsDisabled, ObjectIsLocked, ObjectIsReadOnly, ParentID, ChildrenIDs, "
      "HasChildren.");
  cls.def(
      "get_object_list", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.getObjectList(); }); },
      "IDs of every object except the root.");
  cls.def(
      "get_children_ids", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.getChildrenIds(id); }); },
      py::arg("id"), "Direct children in insertion order.");
  cls.def(
      "get_name", [](PyKernel& k, int id) { return text(k.run([id](Kernel& kr) { return kr.getObject(id).name; })); },
      py::arg("id"));
  cls.def(
      "get_parent", [](PyKernel& k, int id) { return k.run([id](Kernel& kr) { return kr.getObject(id).parentId; }); },
      py::arg("id"));
  cls.def(
      "get_object_id_by_ident",
      [](PyKernel& k, const std::string& ident, int parentId) {
        return k.run([&](Kernel& kr) { return kr.getObjectIdByIdent(ident, parentId); });
      },
      py::arg("ident"), py::arg("parent_id") = 0, "ID of the direct child of parent_id with that ident, or None.");
  cls.def(
      "get_object_id_by_name",
      [](PyKernel& k, const std::string& name, int parentId) {
        return k.run([&](Kernel& kr) { return kr.getObjectIdByName(name, parentId); });
      },
      py::arg("name"), py::arg("parent_id") = 0, "ID of the first direct child of parent_id with that name, or None.");
  cls.def(
      "get_object_id_by_path",
      [](PyKernel& k, const std::string& path) { return k.run([&](Kernel& kr) { return kr.resolvePath(path); }); },
      py::arg("path"), "ID of the object at a path of names joined with '/' ('\\/' for a '/' in a name), or None.");
  cls.def(
      "get_path", [](PyKernel& k, int id) { return text(k.run([id](Kernel& kr) { return kr.getPath(id); })); },
      py::arg("id"), "The object's path (names joined with '/'), as used by snapshots.");
  cls.def(
      "get_location", [](PyKernel& k, int id) { return text(k.run([id](Kernel& kr) { return kr.getLocation(id); })); },
      py::arg("id"), "IPS_GetLocation: names joined with '\\', root excluded.");
  cls.def(
      "is_child",
      [](PyKernel& k, int id, int parentId, bool recursive) {
        return k.run([=](Kernel& kr) { return kr.isChild(id, parentId, recursive); });
      },
      py::arg("id"), py::arg("parent_id"), py::arg("recursive") = false);

  cls.def(
      "create_category",
      [](PyKernel& k, std::optional<std::string> name, int parentId, std::optional<std::string> ident) {
        return k.run([&](Kernel& kr) {
          int id = kr.createCategory();
          placeNewObject(kr, id, parentId, name, ident, [&kr](int i) { kr.deleteCategory(i); });
          return id;
        });
      },
      py::arg("name") = py::none(), py::arg("parent_id") = 0, py::arg("ident") = py::none(),
      "IPS_CreateCategory, then optionally IPS_SetParent/SetName/SetIdent in one step. Returns the new ID.");
  cls.def(
      "delete_category", [](PyKernel& k, int id) { k.run([id](Kernel& kr) { kr.deleteCategory(id); }); },
      py::arg("id"));
  cls.def(
      "ensure_category_path",
      [](PyKernel& k, py::object path) {
        auto parts = pathParts(path);
        return k.run([&](Kernel& kr) { return kr.ensureCategoryPath(parts); });
      },
      py::arg("path"), "Returns the category at path ('A/B/C' or ['A', 'B', 'C']), creating missing ones.");

  cls.def(
      "set_parent", [](PyKernel& k, int id, int parentId) { k.run([=](Kernel& kr) { kr.setParent(id, parentId); }); },
      py::arg("id"), py::arg("parent_id"));
  auto setText = [&cls](const char* name, void (Kernel::*setter)(int, const std::string&), const char* argName) {
    cls.def(
        name,
        [setter](PyKernel& k, int id, const std::string& value) {
          k.run([&](Kernel& kr) { (kr.*setter)(id, value); });
        },
        py::arg("id"), py::arg(argName));
  };
  setText("set_name", &Kernel::setName, "name");
  setText("set_ident", &Kernel::setIdent, "ident");
  setText("set_info", &Kernel::setInfo, "info");
  setText("set_icon", &Kernel::setIcon, "icon");
  setText("set_summary", &Kernel::setSummary, "summary");
  auto setFlag = [&cls](const char* name, void (Kernel::*setter)(int, bool), const char* argName) {
    cls.def(
        name, [setter](PyKernel& k, int id, bool value) { k.run([&](Kernel& kr) { (kr.*setter)(id, value); }); },
        py::arg("id"), py::arg(argName));
  };
  setFlag("set_hidden", &Kernel::setHidden, "hidden");
  setFlag("set_disabled", &Kernel::setDisabled, "disabled");
  setFlag("set_read_only", &Kernel::setReadOnly, "read_only");
  cls.def(
      "set_position",
      [](PyKernel& k, int id, int position) { k.run([=](Kernel& kr) { kr.setPosition(id, position); }); },
      py::arg("id"), py::arg("position"));
}

}  // namespace symemu::python

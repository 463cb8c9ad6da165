// Objects and categories (docs/symcon-kernel.md §1, §4.1).
#include "symemu/api/kernel_functions.h"

namespace symemu::api {

namespace {
using namespace param;

// IPS_Get<Type>IDByName: the first direct child of ParentID with that name (and type).
CallResult childByName(Kernel& k, const std::string& name, int parentId, int type) {
  k.getObject(parentId);  // "Object #<id> does not exist"
  for (int child : k.getChildrenIds(parentId)) {
    const auto& o = k.getObject(child);
    if (o.name == name && (type < 0 || static_cast<int>(o.type) == type)) return o.id;
  }
  CallResult r(false);
  r.warning = "Object with name " + name + " could not be found";
  return r;
}

std::vector<int> objectsOfType(Kernel& k, ObjectType type) {
  std::vector<int> out;
  for (int id : k.getObjectList())
    if (k.getObject(id).type == type) out.push_back(id);
  return out;
}

void addLookups(FunctionTable& t) {
  define(t, "IPS_ObjectExists", {integer("ID")}, "bool",
         [](Kernel& k, const Args& a) { return k.objectExists(a.integer(0)); });
  define(t, "IPS_GetObject", {integer("ID")}, "array",
         [](Kernel& k, const Args& a) { return objectValue(k.getObject(a.integer(0))); });
  define(t, "IPS_GetObjectList", {}, "array", [](Kernel& k, const Args&) { return arrayOf(k.getObjectList()); });
  define(t, "IPS_GetChildrenIDs", {integer("ID")}, "array",
         [](Kernel& k, const Args& a) { return arrayOf(k.getChildrenIds(a.integer(0))); });
  define(t, "IPS_HasChildren", {integer("ID")}, "bool",
         [](Kernel& k, const Args& a) { return !k.getObject(a.integer(0)).children.empty(); });
  define(t, "IPS_GetName", {integer("ID")}, "string",
         [](Kernel& k, const Args& a) { return k.getObject(a.integer(0)).name; });
  define(t, "IPS_GetParent", {integer("ID")}, "int",
         [](Kernel& k, const Args& a) { return k.getObject(a.integer(0)).parentId; });
  define(t, "IPS_GetLocation", {integer("ID")}, "string",
         [](Kernel& k, const Args& a) { return k.getLocation(a.integer(0)); });
  define(t, "IPS_IsChild", {integer("ID"), integer("ParentID"), boolean("Recursive")}, "bool",
         [](Kernel& k, const Args& a) { return k.isChild(a.integer(0), a.integer(1), a.boolean(2)); });
  define(t, "IPS_GetObjectIDByIdent", {string("Ident"), integer("ParentID")}, "int|false",
         [](Kernel& k, const Args& a) -> CallResult {
           auto id = k.getObjectIdByIdent(a.string(0), a.integer(1));
           if (id) return *id;
           CallResult r(false);
           r.warning = "Object with ident " + a.string(0) + " could not be found";
           return r;
         });
  define(t, "IPS_GetObjectIDByName", {string("Name"), integer("ParentID")}, "int|false",
         [](Kernel& k, const Args& a) { return childByName(k, a.string(0), a.integer(1), -1); });
  define(t, "IPS_GetCategoryIDByName", {string("Name"), integer("ParentID")}, "int|false",
         [](Kernel& k, const Args& a) { return childByName(k, a.string(0), a.integer(1), 0); });
  define(t, "IPS_GetInstanceIDByName", {string("Name"), integer("ParentID")}, "int|false",
         [](Kernel& k, const Args& a) { return childByName(k, a.string(0), a.integer(1), 1); });
  define(t, "IPS_GetVariableIDByName", {string("Name"), integer("ParentID")}, "int|false",
         [](Kernel& k, const Args& a) { return childByName(k, a.string(0), a.integer(1), 2); });
}

void addCategories(FunctionTable& t) {
  define(t, "IPS_CreateCategory", {}, "int", [](Kernel& k, const Args&) { return k.createCategory(); });
  define(t, "IPS_DeleteCategory", {integer("CategoryID")}, "bool", [](Kernel& k, const Args& a) {
    k.deleteCategory(a.integer(0));
    return true;
  });
  define(t, "IPS_CategoryExists", {integer("CategoryID")}, "bool", [](Kernel& k, const Args& a) {
    return k.objectExists(a.integer(0)) && k.getObject(a.integer(0)).type == ObjectType::Category;
  });
  define(t, "IPS_GetCategoryList", {}, "array",
         [](Kernel& k, const Args&) { return arrayOf(objectsOfType(k, ObjectType::Category)); });
}

void addSetters(FunctionTable& t) {
  define(t, "IPS_SetParent", {integer("ID"), integer("ParentID")}, "bool", [](Kernel& k, const Args& a) {
    k.setParent(a.integer(0), a.integer(1));
    return true;
  });
  auto text = [&t](const char* name, const char* param, void (Kernel::*setter)(int, const std::string&)) {
    define(t, name, {integer("ID"), string(param)}, "bool", [setter](Kernel& k, const Args& a) {
      (k.*setter)(a.integer(0), a.string(1));
      return true;
    });
  };
  text("IPS_SetName", "Name", &Kernel::setName);
  text("IPS_SetIdent", "Ident", &Kernel::setIdent);
  text("IPS_SetInfo", "Info", &Kernel::setInfo);
  text("IPS_SetIcon", "Icon", &Kernel::setIcon);
  auto flag = [&t](const char* name, const char* param, void (Kernel::*setter)(int, bool)) {
    define(t, name, {integer("ID"), boolean(param)}, "bool", [setter](Kernel& k, const Args& a) {
      (k.*setter)(a.integer(0), a.boolean(1));
      return true;
    });
  };
  flag("IPS_SetHidden", "Hidden", &Kernel::setHidden);
  flag("IPS_SetDisabled", "Disabled", &Kernel::setDisabled);
  define(t, "IPS_SetPosition", {integer("ID"), integer("Position")}, "bool", [](Kernel& k, const Args& a) {
    k.setPosition(a.integer(0), a.integer(1));
    return true;
  });
}

}  // namespace

void addObjectFunctions(FunctionTable& table) {
  addLookups(table);
  addCategories(table);
  addSetters(table);
}

}  // namespace symemu::api

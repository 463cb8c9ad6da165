// Object tree: categories, names, idents, parents, paths (docs/symcon-kernel.md §1, §4.1).
#include <algorithm>
#include <regex>

#include "symemu/kernel/kernel.h"

namespace symemu {

static std::string objectMissing(int id) { return "Object #" + std::to_string(id) + " does not exist"; }

ObjectRecord& Kernel::object(int id) {
  ObjectRecord* found = objects_.find(id);
  if (!found) throw KernelError(objectMissing(id));
  return *found;
}

const ObjectRecord& Kernel::object(int id) const { return const_cast<Kernel*>(this)->object(id); }

bool Kernel::objectExists(int id) const { return objects_.contains(id); }
const ObjectRecord& Kernel::getObject(int id) const { return object(id); }

std::vector<int> Kernel::getObjectList() const {
  std::vector<int> ids;
  ids.reserve(objects_.size());
  for (const auto& [id, o] : objects_)
    if (id != 0) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<int> Kernel::getChildrenIds(int id) const { return object(id).children; }

int Kernel::addObject(ObjectType type, const std::string& name) {
  int id = ids_.allocate([this](int candidate) { return !objects_.contains(candidate); }, objects_.size() - 1);
  dirtyMeta_ = true;
  ObjectRecord o;
  o.id = id;
  o.type = type;
  o.name = name.empty() ? "Unnamed Object (ID: " + std::to_string(id) + ")" : name;
  objects_.emplace(id, std::move(o));
  attachChild(0, id);
  sendMessage(id, msg::OM_REGISTER, {static_cast<std::int64_t>(static_cast<int>(type))});
  return id;
}

void Kernel::attachChild(int parentId, int id) {
  auto& o = object(id);
  o.parentId = parentId;
  o.order = ++orderCounter_;
  object(parentId).children.push_back(id);
  touchObject(id);
}

void Kernel::detachChild(int parentId, int id) {
  auto& kids = object(parentId).children;
  kids.erase(std::remove(kids.begin(), kids.end(), id), kids.end());
}

void Kernel::removeObject(int id) {
  auto& o = object(id);
  if (!o.children.empty()) throw KernelError("Object #" + std::to_string(id) + " has children and cannot be deleted");
  int parent = o.parentId;
  detachChild(parent, id);
  objects_.erase(id);
  ++treeGeneration_;
  dirtyObjects_.erase(id);
  // dirtyValues_ may still name it: saveDirty skips IDs that are no longer variables.
  dirtyInstances_.erase(id);
  deletedObjects_.insert(id);
  sendMessage(id, msg::OM_UNREGISTER, {});
  if (objectExists(parent)) sendMessage(parent, msg::OM_CHILDREMOVED, {static_cast<std::int64_t>(id)});
}

int Kernel::createCategory() { return addObject(ObjectType::Category, ""); }

void Kernel::deleteCategory(int id) {
  if (id == 0) throw KernelError("Cannot delete root");
  if (object(id).type != ObjectType::Category)
    throw KernelError("Object #" + std::to_string(id) + " is not a category");
  removeObject(id);
}

bool Kernel::isChild(int id, int parentId, bool recursive) const {
  int p = object(id).parentId;
  if (id == 0) return false;
  if (p == parentId) return true;
  if (!recursive) return false;
  while (p != 0) {
    p = object(p).parentId;
    if (p == parentId) return true;
  }
  return false;
}

void Kernel::checkIdent(int id, const std::string& ident, int parentId) const {
  if (ident.empty()) return;
  for (int sibling : object(parentId).children)
    if (sibling != id && object(sibling).ident == ident) throw KernelError("Ident must be unique for each category");
}

void Kernel::setParent(int id, int parentId) {
  if (id == 0) throw KernelError("Cannot change root");
  auto& o = object(id);
  if (!objectExists(parentId)) throw KernelError("Parent " + objectMissing(parentId));
  if (parentId == id || (parentId != 0 && isChild(parentId, id, true)))
    throw KernelError("Cannot move object #" + std::to_string(id) + " below itself");
  if (o.parentId == parentId) return;
  checkIdent(id, o.ident, parentId);
  int old = o.parentId;
  detachChild(old, id);
  attachChild(parentId, id);
  sendMessage(id, msg::OM_CHANGEPARENT, {static_cast<std::int64_t>(parentId), static_cast<std::int64_t>(old)});
  sendMessage(old, msg::OM_CHILDREMOVED, {static_cast<std::int64_t>(id)});
  sendMessage(parentId, msg::OM_CHILDADDED, {static_cast<std::int64_t>(id)});
}

void Kernel::setName(int id, const std::string& name) {
  auto& o = object(id);
  if (id == 0) throw KernelError("Cannot change root");
  o.name = name.empty() ? "Unnamed Object (ID: " + std::to_string(id) + ")" : name;
  touchObject(id);
  sendMessage(id, msg::OM_CHANGENAME, {o.name});
}

void Kernel::setIdent(int id, const std::string& ident) {
  auto& o = object(id);
  if (id == 0) throw KernelError("Cannot change root");
  static const std::regex valid("^[A-Za-z0-9_]*$");
  if (!std::regex_match(ident, valid))
    throw KernelError("Ident '" + ident + "' is invalid: only letters, digits and _ are allowed");
  checkIdent(id, ident, o.parentId);
  o.ident = ident;
  touchObject(id);
  sendMessage(id, msg::OM_CHANGEIDENT, {ident});
}

#define SYMEMU_SETTER(fn, field, type, message)           \
  void Kernel::fn(int id, type value) {                   \
    if (id == 0) throw KernelError("Cannot change root"); \
    auto& o = object(id);                                 \
    o.field = value;                                      \
    touchObject(id);                                      \
    sendMessage(id, message, {Value(value)});             \
  }
SYMEMU_SETTER(setInfo, info, const std::string&, msg::OM_CHANGEINFO)
SYMEMU_SETTER(setIcon, icon, const std::string&, msg::OM_CHANGEICON)
SYMEMU_SETTER(setHidden, hidden, bool, msg::OM_CHANGEHIDDEN)
SYMEMU_SETTER(setDisabled, disabled, bool, msg::OM_CHANGEDISABLED)
SYMEMU_SETTER(setReadOnly, readOnly, bool, msg::OM_CHANGEREADONLY)
SYMEMU_SETTER(setSummary, summary, const std::string&, msg::OM_CHANGESUMMARY)
#undef SYMEMU_SETTER

void Kernel::setPosition(int id, int position) {
  if (id == 0) throw KernelError("Cannot change root");
  object(id).position = position;
  touchObject(id);
  sendMessage(id, msg::OM_CHANGEPOSITION, {static_cast<std::int64_t>(position)});
}

std::optional<int> Kernel::getObjectIdByIdent(const std::string& ident, int parentId) const {
  if (ident.empty()) throw KernelError("Ident cannot be empty");
  for (int child : object(parentId).children)
    if (object(child).ident == ident) return child;
  return std::nullopt;
}

std::optional<int> Kernel::getObjectIdByName(const std::string& name, int parentId) const {
  for (int child : object(parentId).children)
    if (object(child).name == name) return child;
  return std::nullopt;
}

std::string Kernel::getLocation(int id) const {
  std::vector<std::string> names;
  for (int cur = id; cur != 0; cur = object(cur).parentId) names.push_back(object(cur).name);
  std::string out;
  for (auto it = names.rbegin(); it != names.rend(); ++it) out += (out.empty() ? "" : "\\") + *it;
  return out;
}

static std::string escapeName(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '/' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string Kernel::getPath(int id) const {
  std::vector<std::string> names;
  for (int cur = id; cur != 0; cur = object(cur).parentId) names.push_back(object(cur).name);
  std::string out;
  for (auto it = names.rbegin(); it != names.rend(); ++it) out += (out.empty() ? "" : "/") + escapeName(*it);
  return out;
}

std::vector<std::string> Kernel::splitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '\\' && i + 1 < path.size() && (path[i + 1] == '/' || path[i + 1] == '\\')) {
      cur.push_back(path[++i]);
    } else if (c == '/') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  parts.push_back(cur);
  // A leading or trailing '/' does not name an object.
  if (!parts.empty() && parts.front().empty()) parts.erase(parts.begin());
  if (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

std::optional<int> Kernel::resolvePath(const std::string& path) const {
  int cur = 0;
  for (const auto& name : splitPath(path)) {
    auto next = getObjectIdByName(name, cur);
    if (!next) return std::nullopt;
    cur = *next;
  }
  return cur;
}

int Kernel::ensureCategoryPath(const std::vector<std::string>& names) {
  int cur = 0;
  for (const auto& name : names) {
    std::optional<int> found;
    for (int child : object(cur).children)
      if (object(child).name == name && object(child).type == ObjectType::Category) {
        found = child;
        break;
      }
    if (!found) {
      found = createCategory();
      setName(*found, name);
      setParent(*found, cur);
    }
    cur = *found;
  }
  return cur;
}

}  // namespace symemu

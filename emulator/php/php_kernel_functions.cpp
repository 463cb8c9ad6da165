// The global kernel functions PHP modules call (symcon-kernel.md §4): IPS_*, GetValue*, SetValue*,
// RequestAction. Each maps onto the kernel's public API with Symcon's names and result shapes.
// A function not listed here is not defined in PHP, so calling it fails with PHP's
// "Call to undefined function NAME()", which names it.
#include <algorithm>
#include <functional>
#include <map>

#include "kernel/kernel.h"
#include "php_host.h"
#include "php_module.h"
#include "php_ops.h"

namespace symemu::php {

namespace {

using Fn = std::function<void(Kernel&, const ArgList&, zval*)>;

int idArg(const ArgList& a, std::size_t i) { return static_cast<int>(a.integer(i)); }

void objectArray(zval* r, Kernel& k, int id) {
  const ObjectRecord& o = k.getObject(id);
  array_init(r);
  add_assoc_long(r, "ObjectID", o.id);
  add_assoc_long(r, "ObjectType", static_cast<int>(o.type));
  add_assoc_stringl(r, "ObjectName", o.name.data(), o.name.size());
  add_assoc_stringl(r, "ObjectIdent", o.ident.data(), o.ident.size());
  add_assoc_stringl(r, "ObjectInfo", o.info.data(), o.info.size());
  add_assoc_stringl(r, "ObjectIcon", o.icon.data(), o.icon.size());
  add_assoc_stringl(r, "ObjectSummary", o.summary.data(), o.summary.size());
  add_assoc_long(r, "ObjectPosition", o.position);
  add_assoc_bool(r, "ObjectIsHidden", o.hidden);
  add_assoc_bool(r, "ObjectIsDisabled", o.disabled);
  add_assoc_bool(r, "ObjectIsLocked", false);
  add_assoc_bool(r, "ObjectIsReadOnly", o.readOnly);
  add_assoc_long(r, "ParentID", o.parentId);
  zval children;
  array_init(&children);
  for (int c : o.children) add_next_index_long(&children, c);
  add_assoc_zval(r, "ChildrenIDs", &children);
  add_assoc_bool(r, "HasChildren", !o.children.empty());
}

void instanceArray(zval* r, Kernel& k, int id) {
  const InstanceRecord& i = k.getInstance(id);
  array_init(r);
  add_assoc_long(r, "InstanceID", id);
  add_assoc_long(r, "ConnectionID", i.connectionId);
  add_assoc_long(r, "InstanceStatus", i.status);
  add_assoc_long(r, "InstanceChanged", i.changed);
  zval info;
  array_init(&info);
  add_assoc_stringl(&info, "ModuleID", i.info->id.data(), i.info->id.size());
  add_assoc_stringl(&info, "ModuleName", i.info->name.data(), i.info->name.size());
  add_assoc_long(&info, "ModuleType", i.info->type);
  add_assoc_zval(r, "ModuleInfo", &info);
}

void stringList(zval* r, const std::vector<std::string>& items) {
  array_init(r);
  for (const auto& s : items) add_next_index_stringl(r, s.data(), s.size());
}

void intList(zval* r, const std::vector<int>& items) {
  array_init(r);
  for (int v : items) add_next_index_long(r, v);
}

void moduleArray(zval* r, const ModuleInfo& m) {
  array_init(r);
  add_assoc_stringl(r, "ModuleID", m.id.data(), m.id.size());
  add_assoc_stringl(r, "ModuleName", m.name.data(), m.name.size());
  add_assoc_long(r, "ModuleType", m.type);
  add_assoc_stringl(r, "Vendor", m.vendor.data(), m.vendor.size());
  zval list;
  stringList(&list, m.aliases);
  add_assoc_zval(r, "Aliases", &list);
  stringList(&list, m.parentRequirements);
  add_assoc_zval(r, "ParentRequirements", &list);
  stringList(&list, m.childRequirements);
  add_assoc_zval(r, "ChildRequirements", &list);
  stringList(&list, m.implemented);
  add_assoc_zval(r, "Implemented", &list);
  add_assoc_stringl(r, "LibraryID", m.libraryId.data(), m.libraryId.size());
  add_assoc_stringl(r, "Prefix", m.prefix.data(), m.prefix.size());
}

void variableArray(zval* r, Kernel& k, int id) {
  const VariableRecord& v = k.getVariable(id);
  array_init(r);
  add_assoc_long(r, "VariableID", id);
  add_assoc_long(r, "VariableType", static_cast<int>(v.type));
  add_assoc_stringl(r, "VariableProfile", v.profile.data(), v.profile.size());
  add_assoc_stringl(r, "VariableCustomProfile", v.customProfile.data(), v.customProfile.size());
  add_assoc_long(r, "VariableAction", v.action);
  add_assoc_long(r, "VariableCustomAction", v.customAction);
  add_assoc_long(r, "VariableUpdated", v.updated);
  add_assoc_long(r, "VariableChanged", v.changed);
  add_assoc_bool(r, "VariableIsLocked", false);
}

void profileArray(zval* r, const Profile& p) {
  array_init(r);
  add_assoc_stringl(r, "ProfileName", p.name.data(), p.name.size());
  add_assoc_long(r, "ProfileType", static_cast<int>(p.type));
  add_assoc_stringl(r, "Icon", p.icon.data(), p.icon.size());
  add_assoc_stringl(r, "Prefix", p.prefix.data(), p.prefix.size());
  add_assoc_stringl(r, "Suffix", p.suffix.data(), p.suffix.size());
  add_assoc_double(r, "MinValue", p.minValue);
  add_assoc_double(r, "MaxValue", p.maxValue);
  add_assoc_double(r, "StepSize", p.stepSize);
  add_assoc_long(r, "Digits", p.digits);
  add_assoc_bool(r, "IsReadOnly", p.readOnly);
  zval list;
  array_init(&list);
  for (const auto& a : p.associations) {
    zval e;
    array_init(&e);
    add_assoc_double(&e, "Value", a.value);
    add_assoc_stringl(&e, "Name", a.name.data(), a.name.size());
    add_assoc_stringl(&e, "Icon", a.icon.data(), a.icon.size());
    add_assoc_long(&e, "Color", a.color);
    add_next_index_zval(&list, &e);
  }
  add_assoc_zval(r, "Associations", &list);
}

void typedValue(zval* r, Kernel& k, int id, VariableType type) {
  if (k.getVariable(id).type != type)
    throw KernelError("Variable #" + std::to_string(id) + " is not of type " + typeName(type));
  zvalFromValue(r, k.getValue(id));
}

// IPS_RunScriptText / IPS_RunScriptTextWait: the text runs here, at once, with $_IPS['SENDER'].
void runScriptText(Kernel& k, const std::string& code, zval* r) {
  CallFrame* outer = PhpHost::get().current();
  int target = outer ? outer->instanceId : 0;
  zval args[2];
  ZVAL_STRINGL(&args[0], code.data(), code.size());
  array_init(&args[1]);
  add_assoc_string(&args[1], "SENDER", "RunScript");
  if (target) add_assoc_long(&args[1], "TARGET", target);
  CallFrame frame;
  frame.kernel = &k;
  frame.instanceId = target;
  zval result;
  bool ok = PhpHost::get().call("__symemu_script", 2, args, &result, frame);
  zval_ptr_dtor(&args[0]);
  zval_ptr_dtor(&args[1]);
  std::string output, error;
  if (ok && Z_TYPE(result) == IS_ARRAY) {
    zval* okFlag = zend_hash_index_find(Z_ARRVAL(result), 0);
    zval* out = zend_hash_index_find(Z_ARRVAL(result), zend_is_true(okFlag) ? 2 : 5);
    if (out) output = stringFromZval(out);
    if (!zend_is_true(okFlag)) {
      zval* msg = zend_hash_index_find(Z_ARRVAL(result), 2);
      error = msg ? stringFromZval(msg) : "exception";
    }
  } else {
    error = frame.faults.empty() ? "script failed" : frame.faults.front().text();
  }
  zval_ptr_dtor(&result);
  if (!error.empty()) throw KernelError("IPS_RunScriptText: " + error);
  ZVAL_STRINGL(r, output.data(), output.size());
}

const std::map<std::string, Fn>& functions() {
  static const std::map<std::string, Fn> table = {
      // objects (§4.1)
      {"IPS_ObjectExists", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.objectExists(idArg(a, 0))); }},
      {"IPS_GetObject", [](Kernel& k, const ArgList& a, zval* r) { objectArray(r, k, idArg(a, 0)); }},
      {"IPS_GetObjectList", [](Kernel& k, const ArgList&, zval* r) { intList(r, k.getObjectList()); }},
      {"IPS_GetChildrenIDs", [](Kernel& k, const ArgList& a, zval* r) { intList(r, k.getChildrenIds(idArg(a, 0))); }},
      {"IPS_HasChildren",
       [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, !k.getChildrenIds(idArg(a, 0)).empty()); }},
      {"IPS_GetName",
       [](Kernel& k, const ArgList& a, zval* r) {
         const auto& n = k.getObject(idArg(a, 0)).name;
         ZVAL_STRINGL(r, n.data(), n.size());
       }},
      {"IPS_GetParent", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_LONG(r, k.getObject(idArg(a, 0)).parentId); }},
      {"IPS_GetLocation",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto s = k.getLocation(idArg(a, 0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"IPS_IsChild",
       [](Kernel& k, const ArgList& a, zval* r) {
         ZVAL_BOOL(r, k.isChild(idArg(a, 0), idArg(a, 1), a.size() > 2 && a.boolean(2)));
       }},
      {"IPS_GetObjectIDByIdent",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto id = k.getObjectIdByIdent(a.str(0), idArg(a, 1));
         if (!id) throw KernelError("Object with ident " + a.str(0) + " could not be found");
         ZVAL_LONG(r, *id);
       }},
      {"IPS_GetObjectIDByName",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto id = k.getObjectIdByName(a.str(0), idArg(a, 1));
         if (!id) throw KernelError("Object with name " + a.str(0) + " could not be found");
         ZVAL_LONG(r, *id);
       }},
      {"IPS_SetName",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setName(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetIdent",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setIdent(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetInfo",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setInfo(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetIcon",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setIcon(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetPosition",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setPosition(idArg(a, 0), idArg(a, 1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetHidden",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setHidden(idArg(a, 0), a.boolean(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetDisabled",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setDisabled(idArg(a, 0), a.boolean(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetParent",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setParent(idArg(a, 0), idArg(a, 1));
         ZVAL_TRUE(r);
       }},
      {"IPS_CreateCategory", [](Kernel& k, const ArgList&, zval* r) { ZVAL_LONG(r, k.createCategory()); }},
      {"IPS_DeleteCategory",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.deleteCategory(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      // instances (§4.2)
      {"IPS_InstanceExists", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.instanceExists(idArg(a, 0))); }},
      {"IPS_GetInstance", [](Kernel& k, const ArgList& a, zval* r) { instanceArray(r, k, idArg(a, 0)); }},
      {"IPS_GetInstanceList", [](Kernel& k, const ArgList&, zval* r) { intList(r, k.getInstanceList()); }},
      {"IPS_GetInstanceListByModuleID",
       [](Kernel& k, const ArgList& a, zval* r) { intList(r, k.getInstanceListByModuleID(a.str(0))); }},
      {"IPS_GetInstanceListByModuleType",
       [](Kernel& k, const ArgList& a, zval* r) { intList(r, k.getInstanceListByModuleType(idArg(a, 0))); }},
      {"IPS_CreateInstance", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_LONG(r, k.createInstance(a.str(0))); }},
      {"IPS_DeleteInstance",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.deleteInstance(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      {"IPS_ConnectInstance",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.connectInstance(idArg(a, 0), idArg(a, 1));
         ZVAL_TRUE(r);
       }},
      {"IPS_DisconnectInstance",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.disconnectInstance(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetProperty",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setProperty(idArg(a, 0), a.str(1), a.value(2));
         ZVAL_TRUE(r);
       }},
      {"IPS_GetProperty",
       [](Kernel& k, const ArgList& a, zval* r) { zvalFromValue(r, k.getProperty(idArg(a, 0), a.str(1))); }},
      {"IPS_SetConfiguration",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setConfiguration(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_GetConfiguration",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto s = k.getConfiguration(idArg(a, 0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"IPS_HasChanges", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.hasChanges(idArg(a, 0))); }},
      {"IPS_ResetChanges",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.resetChanges(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      {"IPS_ApplyChanges",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.applyChanges(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      {"IPS_GetConfigurationForm",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto s = k.getConfigurationForm(idArg(a, 0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"IPS_GetConfigurationForParent",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto s = k.getConfigurationForParent(idArg(a, 0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"IPS_RequestAction",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.requestActionInstance(idArg(a, 0), a.str(1), a.value(2));
         ZVAL_TRUE(r);
       }},
      {"IPS_SendDebug",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.sendDebug(idArg(a, 0), a.str(1), a.str(2), static_cast<int>(a.integer(3)));
         ZVAL_TRUE(r);
       }},
      {"IPS_LogMessage",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.logMessage(0, msg::KL_CUSTOM, a.str(0) + ": " + a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_IsInstanceCompatible",
       [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.isInstanceCompatible(idArg(a, 0), idArg(a, 1))); }},
      {"IPS_IsModuleCompatible",
       [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.isModuleCompatible(a.str(0), a.str(1))); }},
      // modules and libraries
      {"IPS_ModuleExists",
       [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.modules().find(a.str(0)) != nullptr); }},
      {"IPS_GetModule", [](Kernel& k, const ArgList& a, zval* r) { moduleArray(r, k.getModule(a.str(0))); }},
      {"IPS_GetModuleList",
       [](Kernel& k, const ArgList&, zval* r) {
         array_init(r);
         for (const ModuleInfo* m : k.modules().modules()) add_next_index_stringl(r, m->id.data(), m->id.size());
       }},
      {"IPS_GetModuleListByType",
       [](Kernel& k, const ArgList& a, zval* r) {
         array_init(r);
         for (const ModuleInfo* m : k.modules().modules())
           if (m->type == a.integer(0)) add_next_index_stringl(r, m->id.data(), m->id.size());
       }},
      {"IPS_GetLibraryList",
       [](Kernel& k, const ArgList&, zval* r) {
         array_init(r);
         for (const LibraryInfo* l : k.modules().libraries()) add_next_index_stringl(r, l->id.data(), l->id.size());
       }},
      {"IPS_GetLibrary",
       [](Kernel& k, const ArgList& a, zval* r) {
         for (const LibraryInfo* l : k.modules().libraries()) {
           if (upperGuid(l->id) != upperGuid(a.str(0))) continue;
           array_init(r);
           add_assoc_stringl(r, "LibraryID", l->id.data(), l->id.size());
           add_assoc_stringl(r, "Author", l->author.data(), l->author.size());
           add_assoc_stringl(r, "URL", l->url.data(), l->url.size());
           add_assoc_stringl(r, "Name", l->name.data(), l->name.size());
           add_assoc_stringl(r, "Version", l->version.data(), l->version.size());
           add_assoc_long(r, "Build", l->build);
           add_assoc_long(r, "Date", l->date);
           return;
         }
         throw KernelError("Library #" + a.str(0) + " does not exist");
       }},
      {"IPS_GetLibraryModules",
       [](Kernel& k, const ArgList& a, zval* r) {
         array_init(r);
         for (const ModuleInfo* m : k.modules().modules())
           if (upperGuid(m->libraryId) == upperGuid(a.str(0))) add_next_index_stringl(r, m->id.data(), m->id.size());
       }},
      // variables and values (§4.3)
      {"IPS_VariableExists", [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.variableExists(idArg(a, 0))); }},
      {"IPS_GetVariable", [](Kernel& k, const ArgList& a, zval* r) { variableArray(r, k, idArg(a, 0)); }},
      {"IPS_CreateVariable",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto t = a.integer(0);
         if (t < 0 || t > 3) throw KernelError("Unsupported VariableType!");
         ZVAL_LONG(r, k.createVariable(static_cast<VariableType>(t)));
       }},
      {"IPS_DeleteVariable",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.deleteVariable(idArg(a, 0));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableCustomProfile",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableCustomProfile(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableCustomAction",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableCustomAction(idArg(a, 0), idArg(a, 1));
         ZVAL_TRUE(r);
       }},
      {"GetValue", [](Kernel& k, const ArgList& a, zval* r) { zvalFromValue(r, k.getValue(idArg(a, 0))); }},
      {"GetValueBoolean",
       [](Kernel& k, const ArgList& a, zval* r) { typedValue(r, k, idArg(a, 0), VariableType::Boolean); }},
      {"GetValueInteger",
       [](Kernel& k, const ArgList& a, zval* r) { typedValue(r, k, idArg(a, 0), VariableType::Integer); }},
      {"GetValueFloat", [](Kernel& k, const ArgList& a, zval* r) { typedValue(r, k, idArg(a, 0), VariableType::Float); }},
      {"GetValueString",
       [](Kernel& k, const ArgList& a, zval* r) { typedValue(r, k, idArg(a, 0), VariableType::String); }},
      {"GetValueFormatted",
       [](Kernel& k, const ArgList& a, zval* r) {
         auto s = k.getValueFormatted(idArg(a, 0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"SetValue",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setValue(idArg(a, 0), a.value(1));
         ZVAL_TRUE(r);
       }},
      {"SetValueBoolean",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setValue(idArg(a, 0), a.boolean(1));
         ZVAL_TRUE(r);
       }},
      {"SetValueInteger",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setValue(idArg(a, 0), a.integer(1));
         ZVAL_TRUE(r);
       }},
      {"SetValueFloat",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setValue(idArg(a, 0), a.real(1));
         ZVAL_TRUE(r);
       }},
      {"SetValueString",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setValue(idArg(a, 0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"RequestAction",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.requestAction(idArg(a, 0), a.value(1));
         ZVAL_TRUE(r);
       }},
      {"HasAction",
       [](Kernel& k, const ArgList& a, zval* r) {
         const auto& v = k.getVariable(idArg(a, 0));
         ZVAL_BOOL(r, (v.customAction > 0 ? v.customAction : v.action) >= 10000);
       }},
      // profiles (§4.4)
      {"IPS_VariableProfileExists",
       [](Kernel& k, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.variableProfileExists(a.str(0))); }},
      {"IPS_GetVariableProfile",
       [](Kernel& k, const ArgList& a, zval* r) { profileArray(r, k.getVariableProfile(a.str(0))); }},
      {"IPS_GetVariableProfileList",
       [](Kernel& k, const ArgList&, zval* r) { stringList(r, k.getVariableProfileList()); }},
      {"IPS_CreateVariableProfile",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.createVariableProfile(a.str(0), static_cast<VariableType>(a.integer(1)));
         ZVAL_TRUE(r);
       }},
      {"IPS_DeleteVariableProfile",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.deleteVariableProfile(a.str(0));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableProfileText",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableProfileText(a.str(0), a.str(1), a.str(2));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableProfileValues",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableProfileValues(a.str(0), a.real(1), a.real(2), a.real(3));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableProfileDigits",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableProfileDigits(a.str(0), static_cast<int>(a.integer(1)));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableProfileIcon",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableProfileIcon(a.str(0), a.str(1));
         ZVAL_TRUE(r);
       }},
      {"IPS_SetVariableProfileAssociation",
       [](Kernel& k, const ArgList& a, zval* r) {
         k.setVariableProfileAssociation(a.str(0), a.real(1), a.str(2), a.str(3), static_cast<int>(a.integer(4)));
         ZVAL_TRUE(r);
       }},
      // kernel state (§4.5)
      {"IPS_GetKernelRunlevel", [](Kernel& k, const ArgList&, zval* r) { ZVAL_LONG(r, k.runlevel()); }},
      {"IPS_GetKernelVersion",
       [](Kernel& k, const ArgList&, zval* r) {
         const auto& v = k.options().kernelVersion;
         ZVAL_STRINGL(r, v.data(), v.size());
       }},
      {"IPS_GetKernelDate", [](Kernel& k, const ArgList&, zval* r) { ZVAL_LONG(r, k.options().kernelDate); }},
      {"IPS_GetSystemLanguage", [](Kernel&, const ArgList&, zval* r) { ZVAL_STRING(r, "de_DE"); }},
      {"IPS_Sleep", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_SemaphoreEnter", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_SemaphoreLeave", [](Kernel&, const ArgList&, zval* r) { ZVAL_TRUE(r); }},
      {"IPS_RunScriptText", [](Kernel& k, const ArgList& a, zval* r) { runScriptText(k, a.str(0), r); }},
      {"IPS_RunScriptTextWait", [](Kernel& k, const ArgList& a, zval* r) { runScriptText(k, a.str(0), r); }},
  };
  return table;
}

}  // namespace

void kernelFunction(Kernel& kernel, const std::string& name, const ArgList& args, zval* ret) {
  auto it = functions().find(name);
  if (it == functions().end()) throw KernelError("Function " + name + " is not offered by symemu");
  it->second(kernel, args, ret);
}

const std::vector<std::string>& kernelFunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, fn] : functions()) out.push_back(name);
    return out;
  }();
  return names;
}

}  // namespace symemu::php

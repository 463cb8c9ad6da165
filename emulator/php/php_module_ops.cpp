// The instance-side module API behind IPSModule/IPSModuleStrict (docs/symcon-kernel.md §3): each op
// maps one helper of the prelude onto the kernel's module API for instance `id`.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_ops.h"
#include "symemu/php/php_shared_texts.h"

namespace symemu::php {

namespace {

using Op = void (*)(Kernel&, int, const ArgList&, zval*);

VariableType typeArg(const ArgList& a, std::size_t i) {
  auto t = a.integer(i);
  if (t < 0 || t > 3) throw KernelError("Unsupported VariableType " + std::to_string(t));
  return static_cast<VariableType>(t);
}

// A profile name, or the PROFILE of a presentation array (Symcon 8: ['PRESENTATION' => ..., 'PROFILE' => ...]).
std::string profileArg(const ArgList& a, std::size_t i) {
  zval* z = a.at(i);
  if (Z_TYPE_P(z) == IS_ARRAY) {
    zval* p = zend_hash_str_find(Z_ARRVAL_P(z), "PROFILE", sizeof("PROFILE") - 1);
    return p ? stringFromZval(p) : std::string();
  }
  return stringFromZval(z);
}

int variableOf(Kernel& k, int id, const std::string& ident) {
  auto v = k.getObjectIdByIdent(ident, id);
  if (!v || !k.variableExists(*v)) throw KernelError("Variable with ident " + ident + " could not be found");
  return *v;
}

PhpModule* phpModuleOf(Kernel& k, int id) {
  if (!k.instanceExists(id)) return nullptr;
  return dynamic_cast<PhpModule*>(k.getInstance(id).module.get());
}

std::function<void()> scriptRunner(Kernel& k, int id, const std::string& script, const char* sender) {
  Kernel* kernel = &k;
  return [kernel, id, script, sender] {
    if (PhpModule* m = phpModuleOf(*kernel, id)) m->runScript(script, sender);
  };
}

// References are volatile, as modules register them again in ApplyChanges.
std::map<std::pair<const Kernel*, int>, std::vector<int>>& references() {
  static std::map<std::pair<const Kernel*, int>, std::vector<int>> refs;
  return refs;
}

// A text argument as a shared text: a PHP string handed over again (a packet put into buffers and
// sent) is not copied again (php_shared_texts.h); anything else is converted as str() does.
std::shared_ptr<const std::string> sharedArg(const ArgList& a, std::size_t i) {
  zval* z = a.at(i);
  if (Z_TYPE_P(z) == IS_STRING) return shareText(Z_STR_P(z));
  return std::make_shared<const std::string>(stringFromZval(z));
}

void arrayOfInts(zval* ret, const std::vector<int>& ids) {
  array_init_size(ret, static_cast<uint32_t>(ids.size()));
  for (int v : ids) add_next_index_long(ret, v);
}

void arrayOfStrings(zval* ret, const std::vector<std::string>& items) {
  array_init_size(ret, static_cast<uint32_t>(items.size()));
  for (const auto& s : items) add_next_index_stringl(ret, s.data(), s.size());
}

constexpr const char* kWebHookControl = "{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}";

// IPSModuleStrict::RegisterHook: the kernel keeps WebHook Control's Hooks list (§9.1).
bool registerHook(Kernel& k, int id, std::string path) {
  if (path.rfind("/hook/", 0) != 0) path = "/hook/" + (path.size() && path[0] == '/' ? path.substr(1) : path);
  auto controls = k.getInstanceListByModuleID(kWebHookControl);
  if (controls.empty()) throw KernelError("RegisterHook: there is no WebHook Control instance");
  int control = controls.front();
  auto hooks =
      Poco::JSON::Parser().parse(valueToString(k.getProperty(control, "Hooks"))).extract<Poco::JSON::Array::Ptr>();
  bool found = false;
  for (std::size_t i = 0; i < hooks->size(); ++i) {
    auto entry = hooks->getObject(static_cast<unsigned>(i));
    if (!entry || entry->optValue<std::string>("Hook", "") != path) continue;
    if (entry->optValue<int>("TargetID", 0) == id) return true;
    entry->set("TargetID", id);
    found = true;
  }
  if (!found) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("Hook", path);
    entry->set("TargetID", id);
    hooks->add(entry);
  }
  std::ostringstream text;
  hooks->stringify(text);
  k.setProperty(control, "Hooks", text.str());
  k.applyChanges(control);
  return true;
}

struct NamedOp {
  const char* name;
  Op op;
};

// In a fixed order: an op's index is its number for the direct functions (moduleOpNames()).
const std::vector<NamedOp>& ops() {
  static const std::vector<NamedOp> table = {
      // lifecycle and forms
      {"ApplyChanges", [](Kernel&, int, const ArgList&, zval*) {}},  // the kernel applied before calling
      {"GetConfigurationForm",
       [](Kernel& k, int id, const ArgList&, zval* r) {
         const auto& form = k.getInstance(id).info->formJson;
         ZVAL_STRINGL(r, form.data(), form.size());
       }},
      {"Translate",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         std::string text = a.str(0);
         if (PhpModule* m = phpModuleOf(k, id)) {
           auto it = m->phpClass().translations.find(text);
           if (it != m->phpClass().translations.end()) text = it->second;
         }
         ZVAL_STRINGL(r, text.data(), text.size());
       }},
      // properties, attributes, buffers
      {"RegisterProperty",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.registerProperty(id, a.str(0), convertValue(a.value(1), typeArg(a, 2)));
       }},
      {"ReadProperty",
       [](Kernel& k, int id, const ArgList& a, zval* r) { zvalFromValue(r, k.readProperty(id, a.str(0), typeArg(a, 1))); }},
      {"RegisterAttribute",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.registerAttribute(id, a.str(0), convertValue(a.value(1), typeArg(a, 2)));
       }},
      {"ReadAttribute",
       [](Kernel& k, int id, const ArgList& a, zval* r) { zvalFromValue(r, k.readAttribute(id, a.str(0), typeArg(a, 1))); }},
      {"WriteAttribute",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         const std::string name = a.str(0);
         VariableType type = typeArg(a, 2);
         k.readAttribute(id, name, type);  // "Attribute X not found" / "is not of type" before writing
         k.writeAttribute(id, name, convertValue(a.value(1), type));
       }},
      {"SetBuffer", [](Kernel& k, int id, const ArgList& a, zval*) { k.setBuffer(id, a.str(0), sharedArg(a, 1)); }},
      {"GetBuffer",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         // The kept text itself (no copy); the PHP string it was set from when that is still held.
         const auto s = k.shareBuffer(id, a.str(0));
         if (!s)
           ZVAL_EMPTY_STRING(r);
         else if (zend_string* php = phpStringOf(s.get()))
           ZVAL_STR_COPY(r, php);
         else
           ZVAL_STRINGL(r, s->data(), s->size());
       }},
      {"GetBufferList", [](Kernel& k, int id, const ArgList&, zval* r) { arrayOfStrings(r, k.getBufferList(id)); }},
      // status variables
      {"RegisterVariable",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         ZVAL_LONG(r, k.registerVariable(id, a.str(0), a.str(1), typeArg(a, 2), profileArg(a, 3),
                                         static_cast<int>(a.integer(4))));
       }},
      {"IdentExists",
       [](Kernel& k, int id, const ArgList& a, zval* r) { ZVAL_BOOL(r, k.getObjectIdByIdent(a.str(0), id).has_value()); }},
      {"UnregisterVariable", [](Kernel& k, int id, const ArgList& a, zval*) { k.unregisterVariable(id, a.str(0)); }},
      {"SetAction", [](Kernel& k, int id, const ArgList& a, zval*) { k.setVariableAction(id, a.str(0), a.boolean(1)); }},
      {"GetIDForIdent",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         auto v = k.getObjectIdByIdent(a.str(0), id);
         if (!v) throw KernelError("Object with ident " + a.str(0) + " could not be found");
         ZVAL_LONG(r, *v);
       }},
      {"GetValue",
       [](Kernel& k, int id, const ArgList& a, zval* r) { zvalFromValue(r, k.getValue(variableOf(k, id, a.str(0)))); }},
      {"SetValue",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         k.setValue(variableOf(k, id, a.str(0)), a.value(1));
         ZVAL_TRUE(r);
       }},
      {"SetSummary", [](Kernel& k, int id, const ArgList& a, zval*) { k.setSummary(id, a.str(0)); }},
      {"RegisterReference",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         auto& list = references()[{&k, id}];
         int ref = static_cast<int>(a.integer(0));
         if (std::find(list.begin(), list.end(), ref) == list.end()) list.push_back(ref);
       }},
      {"UnregisterReference",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         auto& list = references()[{&k, id}];
         list.erase(std::remove(list.begin(), list.end(), static_cast<int>(a.integer(0))), list.end());
       }},
      {"GetReferenceList", [](Kernel& k, int id, const ArgList&, zval* r) { arrayOfInts(r, references()[{&k, id}]); }},
      // timers and messages
      {"RegisterTimer",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.registerTimer(id, a.str(0), a.integer(1), scriptRunner(k, id, a.str(2), "TimerEvent"));
       }},
      {"RegisterOnceTimer",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.registerOnceTimer(id, a.str(0), scriptRunner(k, id, a.str(1), "TimerEvent"));
       }},
      {"SetTimerInterval",
       [](Kernel& k, int id, const ArgList& a, zval*) { k.setTimerInterval(id, a.str(0), a.integer(1)); }},
      {"GetTimerInterval",
       [](Kernel& k, int id, const ArgList& a, zval* r) { ZVAL_LONG(r, k.getTimerInterval(id, a.str(0))); }},
      {"RegisterMessage",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.registerMessage(id, static_cast<int>(a.integer(0)), static_cast<int>(a.integer(1)));
       }},
      {"UnregisterMessage",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         k.unregisterMessage(id, static_cast<int>(a.integer(0)), static_cast<int>(a.integer(1)));
       }},
      {"GetMessageList",
       [](Kernel& k, int id, const ArgList&, zval* r) {
         array_init(r);
         for (const auto& [sender, messages] : k.getMessageList(id)) {
           zval list;
           arrayOfInts(&list, messages);
           add_index_zval(r, sender, &list);
         }
       }},
      // data flow
      {"SendDataToParent",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         auto s = k.sendDataToParent(id, a.str(0));
         ZVAL_STRINGL(r, s.data(), s.size());
       }},
      {"SendDataToChildren",
       [](Kernel& k, int id, const ArgList& a, zval* r) {
         arrayOfStrings(r, k.sendDataToChildren(id, Packet(sharedArg(a, 0))));
       }},
      {"SetReceiveDataFilter", [](Kernel& k, int id, const ArgList& a, zval*) { k.setReceiveDataFilter(id, a.str(0)); }},
      {"SetForwardDataFilter", [](Kernel& k, int id, const ArgList& a, zval*) { k.setForwardDataFilter(id, a.str(0)); }},
      {"HasActiveParent", [](Kernel& k, int id, const ArgList&, zval* r) { ZVAL_BOOL(r, k.hasActiveParent(id)); }},
      {"ConnectParent", [](Kernel& k, int id, const ArgList& a, zval*) { k.connectParent(id, a.str(0)); }},
      {"RequireParent", [](Kernel& k, int id, const ArgList& a, zval*) { k.requireParent(id, a.str(0)); }},
      {"ForceParent", [](Kernel& k, int id, const ArgList& a, zval*) { k.forceParent(id, a.str(0)); }},
      // status, debug, log, forms, hooks
      {"SetStatus", [](Kernel& k, int id, const ArgList& a, zval*) { k.setStatus(id, static_cast<int>(a.integer(0))); }},
      {"GetStatus", [](Kernel& k, int id, const ArgList&, zval* r) { ZVAL_LONG(r, k.getInstance(id).status); }},
      {"SendDebug",
       [](Kernel& k, int id, const ArgList& a, zval*) {
         // The texts are copied once, into the kept entry (Kernel::sendDebugText).
         std::string message, data;
         k.sendDebugText(id, a.view(0, message), a.view(1, data), static_cast<int>(a.integer(2)));
       }},
      {"LogMessage",
       [](Kernel& k, int id, const ArgList& a, zval*) { k.logMessage(id, static_cast<int>(a.integer(1)), a.str(0)); }},
      {"ReloadForm", [](Kernel& k, int id, const ArgList&, zval*) { k.reloadForm(id); }},
      {"UpdateFormField",
       [](Kernel& k, int id, const ArgList& a, zval*) { k.updateFormField(id, a.str(0), a.str(1), a.str(2)); }},
      {"RegisterHook", [](Kernel& k, int id, const ArgList& a, zval* r) { ZVAL_BOOL(r, registerHook(k, id, a.str(0))); }},
  };
  return table;
}

const std::unordered_map<std::string, std::size_t>& opIndexByName() {
  static const std::unordered_map<std::string, std::size_t> byName = [] {
    std::unordered_map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < ops().size(); ++i) out.emplace(ops()[i].name, i);
    return out;
  }();
  return byName;
}

}  // namespace

std::vector<int> referencesOf(const Kernel& kernel, int id) {
  auto it = references().find({&kernel, id});
  return it == references().end() ? std::vector<int>{} : it->second;
}

void moduleOp(Kernel& kernel, int id, const zend_string* op, const ArgList& args, zval* ret) {
  // The prelude passes literal names, the same zend_string at every call: the operation found
  // for an address is kept with the name's text, which is compared (as kernelFunction does).
  struct Found {
    std::string name;
    std::size_t index = 0;
  };
  static std::unordered_map<const zend_string*, Found> byAddress;
  auto at = byAddress.find(op);
  if (at == byAddress.end() || at->second.name.size() != ZSTR_LEN(op) ||
      std::memcmp(at->second.name.data(), ZSTR_VAL(op), ZSTR_LEN(op)) != 0) {
    std::string name(ZSTR_VAL(op), ZSTR_LEN(op));
    auto it = opIndexByName().find(name);
    if (it == opIndexByName().end()) throw KernelError("symemu: the module API has no operation " + name);
    if (byAddress.size() >= 4096) byAddress.clear();  // names built at run time: bounded
    at = byAddress.insert_or_assign(op, Found{std::move(name), it->second}).first;
  }
  moduleOp(kernel, id, at->second.index, args, ret);
}

void moduleOp(Kernel& kernel, int id, std::size_t op, const ArgList& args, zval* ret) {
  static const std::vector<NamedOp>& table = ops();  // (no call per module call)
  if (!kernel.instanceExists(id)) throw KernelError("Instance #" + std::to_string(id) + " does not exist");
  table[op].op(kernel, id, args, ret);
}

const std::vector<const char*>& moduleOpNames() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> out;
    for (const auto& op : ops()) out.push_back(op.name);
    return out;
  }();
  return names;
}

}  // namespace symemu::php

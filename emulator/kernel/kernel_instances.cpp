// Instances: lifecycle, properties, attributes, buffers, status variables, functions
// (docs/symcon-kernel.md §2.6, §3.1–§3.5, §3.9–§3.11).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <functional>
#include <sstream>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"

namespace symemu {

InstanceRecord& Kernel::instance(int id) {
  InstanceRecord* found = instances_.find(id);
  if (!found) throw KernelError("Instance #" + std::to_string(id) + " does not exist");
  return *found;
}

const InstanceRecord& Kernel::instance(int id) const { return const_cast<Kernel*>(this)->instance(id); }
const InstanceRecord& Kernel::getInstance(int id) const { return instance(id); }
bool Kernel::instanceExists(int id) const { return instances_.contains(id); }

std::shared_ptr<Module> Kernel::moduleOf(int id) const {
  auto m = instance(id).module;
  if (!m) throw KernelError("Instance #" + std::to_string(id) + " has no module");
  return m;  // a copy keeps the module alive while it runs, even if it deletes itself
}

const ModuleInfo& Kernel::getModule(const std::string& moduleId) const {
  const ModuleInfo* info = registry_.find(moduleId);
  if (!info) throw KernelError("Module #" + moduleId + " does not exist");
  return *info;
}

std::vector<int> Kernel::getInstanceList() const { return instanceOrder_; }

std::vector<int> Kernel::getInstanceListByModuleID(const std::string& moduleId) const {
  std::vector<int> out;
  // Instances of a loaded module share its ModuleInfo: a pointer compare per instance instead of
  // a GUID compare (modules look up their siblings on hot paths).
  if (const ModuleInfo* info = registry_.find(moduleId)) {
    for (int id : instanceOrder_) {
      const InstanceRecord* found = instances_.find(id);
      if ((found ? *found : instance(id)).info == info) out.push_back(id);
    }
    return out;
  }
  std::string key = upperGuid(moduleId);
  for (int id : instanceOrder_)
    if (instance(id).info->id == key) out.push_back(id);
  return out;
}

std::vector<int> Kernel::getInstanceListByModuleType(int type) const {
  std::vector<int> out;
  for (int id : instanceOrder_)
    if (instance(id).info->type == type) out.push_back(id);
  return out;
}

void Kernel::constructModule(int id) {
  auto& rec = instance(id);
  rec.module = std::shared_ptr<Module>(registry_.instantiate(*rec.info));
  rec.module->kernel_ = this;
  rec.module->instanceId_ = id;
}

int Kernel::createInstance(const std::string& moduleId) {
  const ModuleInfo& info = getModule(moduleId);
  registry_.instantiate(info);  // fails early, before an ID is taken, when there is no factory
  int id = addObject(ObjectType::Instance, info.name);
  auto& rec = instances_[id];
  rec.info = &info;
  rec.status = status::Creating;
  instanceOrder_.push_back(id);
  touchInstance(id);
  constructModule(id);
  try {
    moduleOf(id)->create();
    sendMessage(id, msg::IM_CREATE, {static_cast<std::int64_t>(id)});
    sendMessage(id, msg::IM_CONNECT, {});  // the instance's interface is available
    runApplyChanges(id, false);
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (instanceExists(id)) deleteInstance(id);
    throw KernelError("Instance of module " + info.name + " could not be created: " + why);
  }
  return id;
}

void Kernel::deleteInstance(int id) {
  auto module = moduleOf(id);
  setStatusInternal(id, status::Deleting);
  try {
    module->destroy();
  } catch (const std::exception& e) {
    logMessage(id, msg::KL_ERROR, std::string("Destroy failed: ") + e.what());
  }
  for (int child : getChildInstances(id)) disconnectInstance(child);
  if (instance(id).connectionId != 0) disconnectInstance(id);
  // The instance's own variables go with it; other children move up to its parent.
  for (int child : std::vector<int>(object(id).children)) {
    if (object(child).type == ObjectType::Variable)
      deleteVariable(child);
    else
      setParent(child, object(id).parentId);
  }
  removeTimers(id);
  sendMessage(id, msg::IM_DISCONNECT, {});  // the interface goes away; then the instance
  for (auto it = messageReceivers_.begin(); it != messageReceivers_.end();) {
    auto& list = it->second;
    list.erase(std::remove(list.begin(), list.end(), id), list.end());
    if (list.empty() && it->first.second == msg::VM_UPDATE) --updateSenders_;
    it = list.empty() ? messageReceivers_.erase(it) : std::next(it);
  }
  sendMessage(id, msg::IM_DELETE, {static_cast<std::int64_t>(id)});
  instances_.erase(id);
  childInstances_.erase(id);
  ++dataflowGeneration_;
  instanceOrder_.erase(std::remove(instanceOrder_.begin(), instanceOrder_.end(), id), instanceOrder_.end());
  removeObject(id);
}

// `fromLoad`: the ApplyChanges of start-up, which applies the stored configuration again and so
// keeps InstanceChanged (the time the user last applied a change).
void Kernel::runApplyChanges(int id, bool fromLoad) {
  auto& rec = instance(id);
  for (auto& [name, p] : rec.properties) p.applied = p.pending;
  ++treeGeneration_;
  if (!fromLoad || rec.changed == 0) rec.changed = nowSeconds();
  touchInstance(id);
  moduleOf(id)->applyChanges();
  if (instanceExists(id)) {
    if (instance(id).status == status::Creating) setStatusInternal(id, status::Active);
    sendMessage(id, msg::IM_CHANGESETTINGS, {});
  }
}

void Kernel::applyChanges(int id) { runApplyChanges(id, false); }

void Kernel::setStatusInternal(int id, int status) {
  auto& rec = instance(id);
  if (rec.status == status) return;
  int old = rec.status;
  rec.status = status;
  touchInstance(id);
  sendMessage(id, msg::IM_CHANGESTATUS, {static_cast<std::int64_t>(status), static_cast<std::int64_t>(old)});
}

void Kernel::setStatus(int id, int status) { setStatusInternal(id, status); }

// --- properties -----------------------------------------------------------------------------

void Kernel::registerProperty(int id, const std::string& name, const Value& def) {
  auto& rec = instance(id);
  if (!rec.properties.count(name)) rec.propertyOrder.push_back(name);
  PropertyRecord p;
  p.type = typeOf(def);
  p.defaultValue = def;
  p.applied = def;
  auto stored = rec.storedProperties.find(name);
  if (stored != rec.storedProperties.end()) {
    // Restored from the database at start-up; a value of another type falls back to the default.
    try {
      p.applied = fromVar(toVar(stored->second), p.type, "Property " + name);
    } catch (const KernelError&) {
      logMessage(id, msg::KL_WARNING, "Stored property " + name + " has the wrong type; using the default");
    }
    rec.storedProperties.erase(stored);
  }
  p.pending = p.applied;
  rec.properties[name] = std::move(p);
  ++treeGeneration_;
  touchInstance(id);
}

static const PropertyRecord& findProperty(const InstanceRecord& rec, const std::string& name) {
  auto it = rec.properties.find(name);
  if (it == rec.properties.end()) throw KernelError("Property " + name + " not found");
  return it->second;
}

Value Kernel::readProperty(int id, const std::string& name, VariableType type) const {
  const auto& p = findProperty(instance(id), name);
  if (p.type != type) throw KernelError("Property " + name + " is not of type " + typeName(type));
  return p.applied;
}

void Kernel::setProperty(int id, const std::string& name, const Value& value) {
  auto& p = const_cast<PropertyRecord&>(findProperty(instance(id), name));
  p.pending = fromVar(toVar(value), p.type, "Property " + name);
  ++treeGeneration_;
}

Value Kernel::getProperty(int id, const std::string& name) const { return findProperty(instance(id), name).pending; }

void Kernel::setConfiguration(int id, const std::string& json) {
  auto& rec = instance(id);
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(json);
  } catch (const Poco::Exception& e) {
    throw KernelError("Configuration is not valid JSON: " + e.displayText());
  }
  // Checked before extract: a failed extract is a Poco exception too, which read as "not valid JSON".
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw KernelError("Configuration must be a JSON object");
  Poco::JSON::Object::Ptr obj = parsed.extract<Poco::JSON::Object::Ptr>();
  if (!obj) throw KernelError("Configuration must be a JSON object");
  // Validate everything first, so a bad key leaves all properties as they were.
  std::vector<std::pair<std::string, Value>> updates;
  for (const auto& [key, var] : *obj) {
    const auto& p = findProperty(rec, key);
    Poco::Dynamic::Var v = var;
    if (p.type == VariableType::String && (var.isArray() || var.type() == typeid(Poco::JSON::Object::Ptr))) {
      std::ostringstream ss;
      Poco::JSON::Stringifier::stringify(var, ss);
      v = ss.str();
    }
    updates.emplace_back(key, fromVar(v, p.type, "Property " + key));
  }
  for (auto& [key, value] : updates) rec.properties[key].pending = std::move(value);
  ++treeGeneration_;
}

std::string Kernel::getConfiguration(int id) const {
  const auto& rec = instance(id);
  std::vector<std::pair<std::string, Value>> fields;
  for (const auto& name : rec.propertyOrder) fields.emplace_back(name, rec.properties.at(name).pending);
  return toJsonText(fields);
}

bool Kernel::hasChanges(int id) const {
  for (const auto& [name, p] : instance(id).properties)
    if (!(p.pending == p.applied)) return true;
  return false;
}

void Kernel::resetChanges(int id) {
  for (auto& [name, p] : instance(id).properties) p.pending = p.applied;
  ++treeGeneration_;
}

// --- attributes and buffers -----------------------------------------------------------------

void Kernel::registerAttribute(int id, const std::string& name, const Value& def) {
  auto& rec = instance(id);
  AttributeRecord a;
  a.type = typeOf(def);
  a.value = def;
  auto stored = rec.storedAttributes.find(name);
  if (stored != rec.storedAttributes.end()) {
    try {
      a.value = fromVar(toVar(stored->second), a.type, "Attribute " + name);
    } catch (const KernelError&) {
      logMessage(id, msg::KL_WARNING, "Stored attribute " + name + " has the wrong type; using the default");
    }
    rec.storedAttributes.erase(stored);
  }
  rec.attributes[name] = std::move(a);
  touchInstance(id);
}

Value Kernel::readAttribute(int id, const std::string& name, VariableType type) const {
  const auto& rec = instance(id);
  auto it = rec.attributes.find(name);
  if (it == rec.attributes.end()) throw KernelError("Attribute " + name + " not found");
  if (it->second.type != type) throw KernelError("Attribute " + name + " is not of type " + typeName(type));
  return it->second.value;
}

std::optional<Value> Kernel::getAttribute(int id, const std::string& name) const {
  const auto& attrs = instance(id).attributes;
  auto it = attrs.find(name);
  if (it == attrs.end()) return std::nullopt;
  return it->second.value;
}

void Kernel::writeAttribute(int id, const std::string& name, const Value& value) {
  auto& rec = instance(id);
  auto it = rec.attributes.find(name);
  if (it == rec.attributes.end()) throw KernelError("Attribute " + name + " not found");
  if (typeOf(value) != it->second.type)
    throw KernelError("Attribute " + name + " is not of type " + typeName(typeOf(value)));
  it->second.value = value;
  touchInstance(id);
  sendMessage(id, msg::IM_CHANGEATTRIBUTE, {name});
}

void Kernel::setBuffer(int id, const std::string& name, const std::string& data) {
  setBuffer(id, name, std::make_shared<const std::string>(data));
}

void Kernel::setBuffer(int id, const std::string& name, std::shared_ptr<const std::string> data) {
  auto& rec = instance(id);
  auto& buffers = rec.buffers;
  auto it = buffers.find(name);
  const std::size_t old = it == buffers.end() ? 0 : it->second->size() + name.size();
  // Bytes held by the instance's buffers, names included (kept per instance: SetBuffer is hot).
  // A shared text counts once per buffer, as a copy did.
  std::size_t& held = rec.bufferBytes;
  const std::size_t after = held - old + name.size() + data->size();
  if (after > options_.maxBufferBytes && after > held)
    throw KernelError("Buffer " + name + " of instance #" + std::to_string(id) + " not set: the buffers would hold " +
                      std::to_string(after) + " bytes, more than the limit of " +
                      std::to_string(options_.maxBufferBytes));
  if (it == buffers.end())
    buffers.emplace(name, std::move(data));
  else
    it->second = std::move(data);
  held = after;
}

std::string Kernel::getBuffer(int id, const std::string& name) const {
  const auto& b = instance(id).buffers;
  auto it = b.find(name);
  return it == b.end() ? std::string() : *it->second;
}

std::shared_ptr<const std::string> Kernel::shareBuffer(int id, const std::string& name) const {
  const auto& b = instance(id).buffers;
  auto it = b.find(name);
  return it == b.end() ? nullptr : it->second;
}

std::vector<std::string> Kernel::getBufferList(int id) const {
  std::vector<std::string> out;
  for (const auto& [name, data] : instance(id).buffers) out.push_back(name);
  std::sort(out.begin(), out.end());  // by name, as the list always came
  return out;
}

// --- status variables -----------------------------------------------------------------------

int Kernel::registerVariable(int id, const std::string& ident, const std::string& name, VariableType type,
                             const std::string& profile, int position) {
  instance(id);
  std::string resolved = profile;
  if (!profile.empty() && profile[0] != '~' && profiles_.count("~" + profile)) resolved = "~" + profile;
  if (!resolved.empty()) {
    auto it = profiles_.find(resolved);
    if (it == profiles_.end()) throw KernelError("Profile with name " + profile + " does not exist");
    if (it->second.type != type)
      throw KernelError("Profile with name " + resolved + " is not of type " + typeName(type));
  }
  if (auto existing = getObjectIdByIdent(ident, id)) {
    if (object(*existing).type != ObjectType::Variable)
      throw KernelError("Ident with name " + ident + " is used for wrong object type");
    auto& v = variable(*existing);
    if (v.type == type) {
      if (v.profile != resolved) {
        v.profile = resolved;
        touchObject(*existing);
      }
      return *existing;
    }
    deleteVariable(*existing);
  }
  int vid = createVariable(type);
  setParent(vid, id);
  setIdent(vid, ident);
  setName(vid, name);
  setPosition(vid, position);
  variable(vid).profile = resolved;
  ++treeGeneration_;
  return vid;
}

void Kernel::unregisterVariable(int id, const std::string& ident) {
  auto existing = getObjectIdByIdent(ident, id);
  if (existing && object(*existing).type == ObjectType::Variable) deleteVariable(*existing);
}

void Kernel::setVariableAction(int id, const std::string& ident, bool enabled) {
  auto existing = getObjectIdByIdent(ident, id);
  if (!existing || !variableExists(*existing))
    throw KernelError("Variable with ident " + ident + " could not be found");
  variable(*existing).action = enabled ? id : 0;
  touchObject(*existing);
}

// --- exported functions, actions, forms, hooks ----------------------------------------------

void Kernel::registerFunction(int id, const std::string& name, std::function<Value(const std::vector<Value>&)> fn) {
  instance(id).functions[name] = std::move(fn);
}

Value Kernel::callFunction(const std::string& function, int instanceId, const std::vector<Value>& args) {
  auto sep = function.find('_');
  if (sep == std::string::npos) throw KernelError("Function " + function + " does not exist (expected PREFIX_Name)");
  std::string prefix = function.substr(0, sep), name = function.substr(sep + 1);
  const auto& rec = instance(instanceId);
  if (rec.info->prefix != prefix)
    throw KernelError("Function " + function + " does not exist for instance #" + std::to_string(instanceId) +
                      " (module " + rec.info->name + " has prefix " + rec.info->prefix + ")");
  auto it = rec.functions.find(name);
  if (it == rec.functions.end())
    throw KernelError("Function " + function + " does not exist for instance #" + std::to_string(instanceId));
  auto fn = it->second;
  auto keepAlive = moduleOf(instanceId);
  return fn(args);
}

void Kernel::requestActionInstance(int id, const std::string& ident, const Value& value) {
  moduleOf(id)->requestAction(ident, value);
}

namespace {
// Replaces every "caption" and "label" text of a form (elements, actions, status, columns,
// options, popups ...) by its translation, as Symcon's console shows forms.
void translateCaptions(Poco::Dynamic::Var& node, const std::function<std::string(const std::string&)>& tr) {
  if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = node.extract<Poco::JSON::Object::Ptr>();
    for (auto& [key, value] : *object) {
      if ((key == "caption" || key == "label") && value.isString())
        value = tr(value.convert<std::string>());
      else
        translateCaptions(value, tr);
    }
  } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = node.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
      translateCaptions(item, tr);
    }
  }
}
}  // namespace

std::string Kernel::getConfigurationForm(int id) {
  std::string form = moduleOf(id)->getConfigurationForm();
  if (instance(id).info->translations.empty()) return form;
  Poco::Dynamic::Var tree;
  try {
    // Keys keep the module's order: Symcon returns the form as the module wrote it, translated.
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    tree = parser.parse(form);
  } catch (const Poco::Exception&) {
    return form;  // not JSON: shown as the module wrote it
  }
  translateCaptions(tree, [&](const std::string& text) { return translate(id, text); });
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(tree, out);
  return out.str();
}
std::string Kernel::getConfigurationForParent(int id) { return moduleOf(id)->getConfigurationForParent(); }

void Kernel::applyConfigurationForParent(int childId, int parentId) {
  const std::string text = getConfigurationForParent(childId);
  std::map<std::string, Value> values;
  try {
    values = parseJsonObjectValues(text, "GetConfigurationForParent of #" + std::to_string(childId));
  } catch (const KernelError& e) {
    logMessage(childId, msg::KL_WARNING, e.what());
    return;
  }
  if (values.empty()) return;
  auto& parent = instance(parentId);
  std::vector<std::pair<std::string, Value>> updates;
  for (const auto& [name, value] : values) {
    auto p = parent.properties.find(name);
    if (p == parent.properties.end()) {
      logMessage(childId, msg::KL_WARNING,
                 "GetConfigurationForParent names property " + name + ", which parent #" + std::to_string(parentId) +
                     " (" + parent.info->name + ") does not have");
      continue;
    }
    try {
      updates.emplace_back(name, fromVar(toVar(value), p->second.type, "Property " + name));
    } catch (const KernelError& e) {
      logMessage(childId, msg::KL_WARNING, std::string("GetConfigurationForParent: ") + e.what());
    }
  }
  if (updates.empty()) return;
  for (auto& [name, v] : updates) parent.properties[name].pending = std::move(v);
  runApplyChanges(parentId, false);
}

std::string Kernel::translate(int id, const std::string& text) const {
  const ModuleInfo& info = *instance(id).info;
  if (info.translations.empty()) return text;
  const std::string& language = options_.language;
  for (const std::string& key : {language, language.substr(0, language.find('_'))}) {
    auto table = info.translations.find(key);
    if (table == info.translations.end()) continue;
    auto hit = table->second.find(text);
    if (hit != table->second.end()) return hit->second;
  }
  return text;
}

DataEncoding Kernel::dataEncodingOf(int id) const { return dataEncodingOf(instance(id)); }

DataEncoding Kernel::dataEncodingOf(const InstanceRecord& rec) const {
  const DataEncoding declared = rec.module ? rec.module->dataEncoding() : DataEncoding::Utf8Mapped;
  // Kernel 6.3 (dated 1670886000) started mapping bytes to code points for IPSModule (§7.1).
  if (declared == DataEncoding::Utf8Mapped && options_.kernelDate <= 1670886000) return DataEncoding::Plain;
  return declared;
}
HookResponse Kernel::processHookData(int id, const HookRequest& request) {
  return moduleOf(id)->processHookData(request);
}

void Kernel::updateFormField(int id, const std::string& field, const std::string& parameter, const std::string& value) {
  instance(id).formUpdates.push_back(field + "." + parameter + "=" + value);
}

void Kernel::reloadForm(int id) { instance(id).formUpdates.push_back("reload"); }

}  // namespace symemu

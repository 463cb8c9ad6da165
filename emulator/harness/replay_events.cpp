#include "symemu/harness/replay_events.h"

#include "symemu/kernel/json_value.h"
#include "symemu/harness/traffic.h"

namespace symemu::harness {

namespace {
std::string shorten(const std::string& s, std::size_t max = 200) {
  return s.size() <= max ? s : s.substr(0, max) + "…";
}

PlayResult playHttp(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password) {
  HookResponse resp = sendHttp(k, chains, buildHookRequest(e.method, e.path, e.data, e.headers, e.user, password));
  bool ok = e.expectStatus ? resp.status == *e.expectStatus : resp.status >= 200 && resp.status < 300;
  if (ok) return PlayResult::played();
  return PlayResult::failed("HTTP " + std::to_string(resp.status) +
                            (e.expectStatus ? " (expected " + std::to_string(*e.expectStatus) + ")" : "") + ": " +
                            shorten(resp.body));
}

// Sets a property converted to its registered type; "${PASSWORD}" becomes the password.
void setTypedProperty(Kernel& k, int id, const std::string& name, const Value& value, const std::string& password) {
  Value v = value == Value(std::string("${PASSWORD}")) ? Value(password) : value;
  Value current = k.getProperty(id, name);  // throws for an unknown property
  k.setProperty(id, name, fromVar(toVar(v), typeOf(current), "value of property " + name));
}

PlayResult setProperty(Kernel& k, const FixtureEvent& e, const std::string& password) {
  auto id = k.resolvePath(e.objectPath);
  if (!id) return PlayResult::failed("no object at path '" + e.objectPath + "'");
  if (!k.instanceExists(*id)) return PlayResult::failed("'" + e.objectPath + "' is not an instance");
  setTypedProperty(k, *id, e.property, e.value, password);
  if (e.apply) k.applyChanges(*id);
  return PlayResult::played();
}

PlayResult createInstance(Kernel& k, const FixtureEvent& e, const std::string& password) {
  const ModuleInfo* m = k.modules().findByName(e.moduleName);
  if (!m) return PlayResult::failed("no module named '" + e.moduleName + "' is loaded");
  int parent = 0;
  if (!e.objectPath.empty()) {
    auto p = k.resolvePath(e.objectPath);
    if (!p || !k.instanceExists(*p)) return PlayResult::failed("no instance at parent path '" + e.objectPath + "'");
    parent = *p;
  }
  int id = k.createInstance(m->id);
  if (!e.instanceName.empty()) k.setName(id, e.instanceName);
  if (parent) k.connectInstance(id, parent);
  for (const auto& [name, value] : e.properties) setTypedProperty(k, id, name, value, password);
  k.applyChanges(id);
  return PlayResult::played();
}
}  // namespace

PlayResult playKernelEvent(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password,
                           const LibraryCatalog& libraries) {
  switch (e.type) {
    case EventType::Mqtt:
      publishMqtt(k, chains, e.clientId, e.topic, e.data, e.qos, e.retain);
      return PlayResult::played();
    case EventType::Http:
      return playHttp(k, e, chains, password);
    case EventType::Action:
      break;
  }
  if (e.action == "set_property") return setProperty(k, e, password);
  if (e.action == "create_instance") return createInstance(k, e, password);
  if (isAdvanceEvent(e)) return PlayResult::failed("advance is played on the caller's clock, not here");
  const FixtureAction* action = libraries.fixtureAction(e.action);
  if (!action) return PlayResult::failed("no loaded library plays the action '" + e.action + "'");
  action->play(k, chains, e.actionFields);  // throws with its reason when it cannot
  return PlayResult::played();
}

}  // namespace symemu::harness

#include "replay_events.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "fixture_recorder.h"
#include "kernel/json_value.h"
#include "mqtt_server_module.h"
#include "webhook_control_module.h"

namespace symemu::cli {

namespace {
const char* const kConfiguratorModule = "SmartMeterConfigurator";
const char* const kLoggerModules[] = {"SmartLog", "SmartLogHTTPS"};

std::string shorten(const std::string& s, std::size_t max = 200) {
  return s.size() <= max ? s : s.substr(0, max) + "…";
}

PlayResult playHttp(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password) {
  HookRequest r;
  r.method = e.method;
  r.uri = e.path;
  splitHookTarget(e.path, r.path, r.query);
  r.headers = e.headers;
  r.headers.emplace_back("Host", "127.0.0.1");
  r.headers.emplace_back("Content-Length", std::to_string(e.data.size()));
  if (e.user) {
    r.authUser = e.user;
    r.authPassword = password;
    r.headers.emplace_back("Authorization", "Basic " + base64(*e.user + ":" + password));
  }
  r.body = e.data;
  r.clientAddress = "127.0.0.1";
  r.clientPort = 0;
  HookResponse resp;
  try {
    resp = moduleOf<core::WebHookControlModule>(k, chains.webhook).dispatch(r);
  } catch (const std::exception& ex) {
    resp = HookResponse{500, {}, ex.what()};  // what the HTTP server would answer
  }
  bool ok = e.expectStatus ? resp.status == *e.expectStatus : resp.status >= 200 && resp.status < 300;
  if (ok) return PlayResult::played();
  return PlayResult::failed("HTTP " + std::to_string(resp.status) +
                            (e.expectStatus ? " (expected " + std::to_string(*e.expectStatus) + ")" : "") + ": " +
                            shorten(resp.body));
}

// The logger with that SmartLogID gets a configurator (placed like SmartLogDiscovery places
// it) if it has none, then SM_CreateAll.
PlayResult createAll(Kernel& k, const std::string& smartLogId) {
  int logger = 0;
  for (const char* name : kLoggerModules) {
    const ModuleInfo* m = k.modules().findByName(name);
    if (!m) continue;
    for (int id : k.getInstanceListByModuleID(m->id))
      if (!logger && valueToString(k.getProperty(id, "SmartLogID")) == smartLogId) logger = id;
  }
  if (!logger) return PlayResult::failed("no SmartLog or SmartLogHTTPS instance has SmartLogID '" + smartLogId + "'");
  const ModuleInfo* conf = k.modules().findByName(kConfiguratorModule);
  if (!conf) return PlayResult::failed("the SmartMeterConfigurator module is not loaded");
  int configurator = 0;
  for (int child : k.getChildInstances(logger))
    if (!configurator && k.getInstance(child).info == conf) configurator = child;
  if (!configurator) {
    // The configurator's RequireParent makes a SmartLog of its own; it is not wanted here.
    configurator = k.createInstance(conf->id);
    int madeParent = k.getInstance(configurator).connectionId;
    k.connectInstance(configurator, logger);
    if (madeParent && madeParent != logger && k.getChildInstances(madeParent).empty()) k.deleteInstance(madeParent);
    k.setParent(configurator, k.ensureCategoryPath({"SmartMetering", "SmartLog " + smartLogId}));
    k.setName(configurator, "Configurator " + smartLogId);
    k.applyChanges(configurator);
  }
  k.callFunction("SM_CreateAll", configurator, {});
  return PlayResult::played();
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

void splitHookTarget(const std::string& target, std::string& path, std::string& query) {
  auto q = target.find('?');
  query = q == std::string::npos ? "" : target.substr(q + 1);
  path.clear();
  try {
    Poco::URI::decode(target.substr(0, q), path);
  } catch (const Poco::Exception&) {
    path = target.substr(0, q);
  }
}

PlayResult playKernelEvent(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password) {
  switch (e.type) {
    case EventType::Mqtt:
      moduleOf<core::MqttServerModule>(k, chains.mqttServer)
          .injectPublish(e.clientId, e.topic, e.data, e.qos, e.retain);
      return PlayResult::played();
    case EventType::Http:
      return playHttp(k, e, chains, password);
    case EventType::Action:
      break;
  }
  if (e.action == "create_all") return createAll(k, e.smartlogId);
  if (e.action == "create_instance") return createInstance(k, e, password);
  if (isAdvanceEvent(e)) return PlayResult::failed("advance is played on the caller's clock, not here");
  return setProperty(k, e, password);  // the parser admits no other action
}

}  // namespace symemu::cli

#include "replay_in_process.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>

#include "fixture_recorder.h"
#include "kernel/json_value.h"
#include "mqtt_server_module.h"
#include "runtime/runtime.h"
#include "webhook_control_module.h"

namespace symemu::cli {

namespace {
const char* const kConfiguratorModule = "SmartMeterConfigurator";
const char* const kLoggerModules[] = {"SmartLog", "SmartLogHTTPS"};

std::string shorten(const std::string& s, std::size_t max = 200) {
  return s.size() <= max ? s : s.substr(0, max) + "…";
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

InProcessPlayer::InProcessPlayer(const InProcessSettings& settings) : settings_(settings) {
  auto opts = defaultKernelOptions(settings.database);
  opts.clock = "manual";
  opts.networkEnabled = false;
  opts.seed = settings.seed;
  if (settings.start) opts.clockStart = *settings.start;
  if (settings.maxObjects > 0) opts.idHigh = std::max(opts.idHigh, opts.idLow + settings.maxObjects - 1);
  kernel_ = std::make_unique<Kernel>(opts);
  kernel_->setLogSink([this](const LogEntry& e) {
    if (e.type == msg::KL_ERROR || e.type == msg::KL_WARNING)
      logProblems_.push_back((e.sender.empty() ? std::string("kernel") : e.sender) + ": " + e.message);
  });
  chains_ = ensureDefaultChains(*kernel_);
  kernel_->applyChanges(chains_.mqttServer);
  finishDefaultChains(*kernel_, chains_, settings.autoCreate);
  settle();
  start_ = kernel_->now();
}

InProcessPlayer::~InProcessPlayer() {
  if (kernel_) kernel_->setLogSink({});
}

std::vector<std::string> InProcessPlayer::takeLogProblems() {
  std::vector<std::string> out;
  out.swap(logProblems_);
  return out;
}

void InProcessPlayer::settle() {
  kernel_->runPosted();
  kernel_->commit();
  kernel_->runPosted();
}

void InProcessPlayer::moveTo(double offset) {
  double target = start_ + offset;
  if (target > kernel_->now()) kernel_->advance(target - kernel_->now());
  settle();
}

PlayResult InProcessPlayer::play(const FixtureEvent& e) {
  PlayResult r;
  try {
    switch (e.type) {
      case EventType::Mqtt: r = playMqtt(e); break;
      case EventType::Http: r = playHttp(e); break;
      case EventType::Action: r = playAction(e); break;
    }
  } catch (const std::exception& ex) {
    r = PlayResult::failed(ex.what());
  }
  try {
    settle();
  } catch (const std::exception& ex) {
    if (r.kind != PlayResult::Kind::Failed) r = PlayResult::failed(std::string("commit failed: ") + ex.what());
  }
  return r;
}

PlayResult InProcessPlayer::playMqtt(const FixtureEvent& e) {
  auto& server = dynamic_cast<core::MqttServerModule&>(*kernel_->getInstance(chains_.mqttServer).module);
  server.injectPublish(e.clientId, e.topic, e.data, e.qos, e.retain);
  return PlayResult::played();
}

PlayResult InProcessPlayer::playHttp(const FixtureEvent& e) {
  HookRequest r;
  r.method = e.method;
  r.uri = e.path;
  splitHookTarget(e.path, r.path, r.query);
  r.headers = e.headers;
  r.headers.emplace_back("Host", "127.0.0.1");
  r.headers.emplace_back("Content-Length", std::to_string(e.data.size()));
  if (e.user) {
    r.authUser = e.user;
    r.authPassword = settings_.password;
    r.headers.emplace_back("Authorization", "Basic " + base64(*e.user + ":" + settings_.password));
  }
  r.body = e.data;
  r.clientAddress = "127.0.0.1";
  r.clientPort = 0;
  auto& wc = dynamic_cast<core::WebHookControlModule&>(*kernel_->getInstance(chains_.webhook).module);
  HookResponse resp;
  try {
    resp = wc.dispatch(r);
  } catch (const std::exception& ex) {
    resp = HookResponse{500, {}, ex.what()};  // what the HTTP server would answer
  }
  bool ok = e.expectStatus ? resp.status == *e.expectStatus : resp.status >= 200 && resp.status < 300;
  if (ok) return PlayResult::played();
  return PlayResult::failed("HTTP " + std::to_string(resp.status) +
                            (e.expectStatus ? " (expected " + std::to_string(*e.expectStatus) + ")" : "") + ": " +
                            shorten(resp.body));
}

PlayResult InProcessPlayer::playAction(const FixtureEvent& e) {
  if (e.action == "advance") {
    kernel_->advance(e.seconds);
    return PlayResult::played();
  }
  if (e.action == "create_all") return createAll(e.smartlogId);
  if (e.action == "create_instance") return createInstance(e);
  return setProperty(e);
}

PlayResult InProcessPlayer::createAll(const std::string& smartLogId) {
  Kernel& k = *kernel_;
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

PlayResult InProcessPlayer::setProperty(const FixtureEvent& e) {
  Kernel& k = *kernel_;
  auto id = k.resolvePath(e.objectPath);
  if (!id) return PlayResult::failed("no object at path '" + e.objectPath + "'");
  if (!k.instanceExists(*id)) return PlayResult::failed("'" + e.objectPath + "' is not an instance");
  setTypedProperty(*id, e.property, e.value);
  if (e.apply) k.applyChanges(*id);
  return PlayResult::played();
}

void InProcessPlayer::setTypedProperty(int id, const std::string& name, const Value& value) {
  Value v = value == Value(std::string("${PASSWORD}")) ? Value(settings_.password) : value;
  Value current = kernel_->getProperty(id, name);  // throws for an unknown property
  kernel_->setProperty(id, name, fromVar(toVar(v), typeOf(current), "value of property " + name));
}

PlayResult InProcessPlayer::createInstance(const FixtureEvent& e) {
  Kernel& k = *kernel_;
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
  for (const auto& [name, value] : e.properties) setTypedProperty(id, name, value);
  k.applyChanges(id);
  return PlayResult::played();
}

void InProcessPlayer::finish() { settle(); }

}  // namespace symemu::cli

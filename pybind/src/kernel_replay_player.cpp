#include "kernel_replay_player.h"

#include "fixture_recorder.h"
#include "kernel/json_value.h"
#include "mqtt_server_module.h"
#include "replay_in_process.h"
#include "webhook_control_module.h"

namespace symemu::python {

namespace {
const char* const kConfiguratorModule = "SmartMeterConfigurator";
const char* const kLoggerModules[] = {"SmartLog", "SmartLogHTTPS"};

std::string shorten(const std::string& s, std::size_t max = 200) {
  return s.size() <= max ? s : s.substr(0, max) + "…";
}

template <class M>
M& moduleOf(Kernel& k, int id) {
  return dynamic_cast<M&>(*k.getInstance(id).module);
}
}  // namespace

KernelReplayPlayer::KernelReplayPlayer(PyKernel& kernel, const KernelReplaySettings& settings)
    : kernel_(kernel), settings_(settings) {
  kernel_.runReleased([this](Kernel& k) {
    chains_ = cli::ensureDefaultChains(k);
    if (settings_.autoCreate) cli::finishDefaultChains(k, chains_, true);
    manual_ = k.manualClock();
    if (manual_ && settings_.start && *settings_.start > k.now()) k.advance(*settings_.start - k.now());
    start_ = k.now();
    // Last: only a player that was fully constructed (and so is destroyed) installs the sink.
    k.setLogSink([this](const LogEntry& e) {
      if (e.type != msg::KL_ERROR && e.type != msg::KL_WARNING) return;
      std::lock_guard<std::mutex> lock(problemsMutex_);
      problems_.push_back((e.sender.empty() ? std::string("kernel") : e.sender) + ": " + e.message);
    });
  });
}

KernelReplayPlayer::~KernelReplayPlayer() {
  try {
    kernel_.runReleased([](Kernel& k) { k.setLogSink({}); });
  } catch (...) {
    // the kernel was closed meanwhile: nothing left to detach from
  }
}

std::vector<std::string> KernelReplayPlayer::takeLogProblems() {
  std::lock_guard<std::mutex> lock(problemsMutex_);
  std::vector<std::string> out;
  out.swap(problems_);
  return out;
}

void KernelReplayPlayer::moveTo(double offset) {
  if (!manual_) return;  // a real clock is not waited for: events play as fast as they come
  kernel_.runReleased([this, offset](Kernel& k) {
    double target = start_ + offset;
    if (target > k.now()) k.advance(target - k.now());
  });
}

cli::PlayResult KernelReplayPlayer::play(const cli::FixtureEvent& e) {
  try {
    return kernel_.runReleased([this, &e](Kernel& k) { return playOn(k, e); });
  } catch (const std::exception& ex) {
    return cli::PlayResult::failed(ex.what());
  }
}

cli::PlayResult KernelReplayPlayer::playOn(Kernel& k, const cli::FixtureEvent& e) {
  switch (e.type) {
    case cli::EventType::Mqtt:
      moduleOf<core::MqttServerModule>(k, chains_.mqttServer).injectPublish(e.clientId, e.topic, e.data, e.qos, e.retain);
      return cli::PlayResult::played();
    case cli::EventType::Http:
      return playHttp(k, e);
    case cli::EventType::Action:
      break;
  }
  if (e.action == "advance") {
    k.advance(e.seconds);  // refused with a real clock ("needs the manual clock")
    return cli::PlayResult::played();
  }
  if (e.action == "create_all") return createAll(k, e.smartlogId);
  if (e.action == "create_instance") return createInstance(k, e);
  return setProperty(k, e);
}

cli::PlayResult KernelReplayPlayer::playHttp(Kernel& k, const cli::FixtureEvent& e) {
  HookRequest r;
  r.method = e.method;
  r.uri = e.path;
  cli::splitHookTarget(e.path, r.path, r.query);
  r.headers = e.headers;
  r.headers.emplace_back("Host", "127.0.0.1");
  r.headers.emplace_back("Content-Length", std::to_string(e.data.size()));
  if (e.user) {
    r.authUser = e.user;
    r.authPassword = settings_.password;
    r.headers.emplace_back("Authorization", "Basic " + cli::base64(*e.user + ":" + settings_.password));
  }
  r.body = e.data;
  r.clientAddress = "127.0.0.1";
  HookResponse resp;
  try {
    resp = moduleOf<core::WebHookControlModule>(k, chains_.webhook).dispatch(r);
  } catch (const std::exception& ex) {
    resp = HookResponse{500, {}, ex.what()};  // what the HTTP server would answer
  }
  bool ok = e.expectStatus ? resp.status == *e.expectStatus : resp.status >= 200 && resp.status < 300;
  if (ok) return cli::PlayResult::played();
  return cli::PlayResult::failed("HTTP " + std::to_string(resp.status) +
                                 (e.expectStatus ? " (expected " + std::to_string(*e.expectStatus) + ")" : "") + ": " +
                                 shorten(resp.body));
}

// As `symemu replay`: the logger with that SmartLogID gets a configurator (placed like
// SmartLogDiscovery places it) if it has none, then SM_CreateAll.
cli::PlayResult KernelReplayPlayer::createAll(Kernel& k, const std::string& smartLogId) {
  int logger = 0;
  for (const char* name : kLoggerModules) {
    const ModuleInfo* m = k.modules().findByName(name);
    if (!m) continue;
    for (int id : k.getInstanceListByModuleID(m->id))
      if (!logger && valueToString(k.getProperty(id, "SmartLogID")) == smartLogId) logger = id;
  }
  if (!logger)
    return cli::PlayResult::failed("no SmartLog or SmartLogHTTPS instance has SmartLogID '" + smartLogId + "'");
  const ModuleInfo* conf = k.modules().findByName(kConfiguratorModule);
  if (!conf) return cli::PlayResult::failed("the SmartMeterConfigurator module is not loaded");
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
  return cli::PlayResult::played();
}

cli::PlayResult KernelReplayPlayer::setProperty(Kernel& k, const cli::FixtureEvent& e) {
  auto id = k.resolvePath(e.objectPath);
  if (!id) return cli::PlayResult::failed("no object at path '" + e.objectPath + "'");
  if (!k.instanceExists(*id)) return cli::PlayResult::failed("'" + e.objectPath + "' is not an instance");
  setTypedProperty(k, *id, e.property, e.value);
  if (e.apply) k.applyChanges(*id);
  return cli::PlayResult::played();
}

void KernelReplayPlayer::setTypedProperty(Kernel& k, int id, const std::string& name, const Value& value) {
  Value v = value == Value(std::string("${PASSWORD}")) ? Value(settings_.password) : value;
  Value current = k.getProperty(id, name);  // throws for an unknown property
  k.setProperty(id, name, fromVar(toVar(v), typeOf(current), "value of property " + name));
}

cli::PlayResult KernelReplayPlayer::createInstance(Kernel& k, const cli::FixtureEvent& e) {
  const ModuleInfo* m = k.modules().findByName(e.moduleName);
  if (!m) return cli::PlayResult::failed("no module named '" + e.moduleName + "' is loaded");
  int parent = 0;
  if (!e.objectPath.empty()) {
    auto p = k.resolvePath(e.objectPath);
    if (!p || !k.instanceExists(*p)) return cli::PlayResult::failed("no instance at parent path '" + e.objectPath + "'");
    parent = *p;
  }
  int id = k.createInstance(m->id);
  if (!e.instanceName.empty()) k.setName(id, e.instanceName);
  if (parent) k.connectInstance(id, parent);
  for (const auto& [name, value] : e.properties) setTypedProperty(k, id, name, value);
  k.applyChanges(id);
  return cli::PlayResult::played();
}

}  // namespace symemu::python

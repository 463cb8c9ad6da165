// Kernel construction, start-up in runlevel order, shutdown and group commit
// (docs/architecture.md §2, §3; docs/symcon-kernel.md §2.6).
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/sorted_ids.h"

#include <algorithm>
#include <random>

#include "symemu/store/store.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/module.h"

namespace symemu {

std::string HookRequest::header(const std::string& name) const {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string want = lower(name);
  for (const auto& [k, v] : headers)
    if (lower(k) == want) return v;
  return "";
}

Kernel::Kernel(KernelOptions options) : options_(std::move(options)) {
  clock_ = makeClock(options_.clock, options_.clockStart);
  store_ = std::make_unique<Store>(options_.database);
  if (options_.registerFactories) options_.registerFactories(registry_);
  for (const auto& lib : options_.libraries) registry_.loadLibrary(lib);

  ObjectRecord root;
  root.id = 0;
  root.name = "IP-Symcon";
  objects_.emplace(0, std::move(root));
  for (auto& p : systemProfiles()) profiles_.emplace(p.name, p);

  std::uint64_t seed = 0, draws = 0;
  if (store_->isNew()) {
    seed = options_.seed ? *options_.seed : std::random_device{}();
    store_->setMeta("id_seed", std::to_string(seed));
    store_->setMeta("id_draws", "0");
  } else {
    seed = std::stoull(store_->meta("id_seed").value_or("0"));
    draws = std::stoull(store_->meta("id_draws").value_or("0"));
  }
  ids_ = IdAllocator(seed, draws, options_.idLow, options_.idHigh);

  runlevel_ = runlevel::Create;
  load();
  startUp();
  commit();
}

Kernel::~Kernel() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; close() already logged what went wrong.
  }
}

void Kernel::load() {
  std::vector<int> order;
  store_->loadObjects([&](ObjectRecord&& o) {
    orderCounter_ = std::max(orderCounter_, o.order);
    order.push_back(o.id);
    objects_[o.id] = std::move(o);
  });
  for (int id : order) {
    auto& o = objects_[id];
    if (!objects_.contains(o.parentId) || o.parentId == id) o.parentId = 0;  // orphan: keep it visible under root
    objects_[o.parentId].children.push_back(id);
  }
  store_->loadVariables([&](int id, VariableRecord&& v) {
    if (objects_.contains(id)) variables_[id] = std::move(v);
  });
  store_->loadProfiles([&](Profile&& p) {
    if (!profiles_.count(p.name)) profiles_[p.name] = std::move(p);
  });
  std::map<int, InstanceRow> rows;
  store_->loadInstances([&](InstanceRow&& r) { rows[r.id] = std::move(r); });
  for (int id : order) {
    auto it = rows.find(id);
    if (it == rows.end()) continue;
    auto& row = it->second;
    auto& rec = instances_[id];
    rec.info = registry_.find(row.moduleId);
    rec.connectionId = row.connectionId;
    rec.status = row.status;
    rec.changed = row.changed;
    rec.storedProperties = parseJsonObjectValues(row.propertiesJson, "stored properties of #" + std::to_string(id));
    rec.storedAttributes = parseJsonObjectValues(row.attributesJson, "stored attributes of #" + std::to_string(id));
    instanceOrder_.push_back(id);
    if (!rec.info) {
      static ModuleInfo missing;  // placeholder so lookups stay valid; the instance never runs
      missing.name = "(missing module)";
      rec.info = &missing;
      rec.status = status::NotCreated;
      logMessage(id, msg::KL_ERROR,
                 "Module " + row.moduleId + " of instance #" + std::to_string(id) + " is not loaded");
    }
  }
  ++dataflowGeneration_;
  for (int id : instanceOrder_) {
    int parent = instances_[id].connectionId;
    if (parent != 0 && instances_.contains(parent))
      childInstances_[parent].push_back(id);
    else
      instances_[id].connectionId = 0;
  }
}

void Kernel::startUp() {
  setRunlevel(runlevel::Init);
  // Core and I/O first, then splitters, devices, configurators: parents are up before children.
  std::vector<int> order = instanceOrder_;
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return instances_[a].info->type < instances_[b].info->type; });
  for (int id : order) {
    auto& rec = instances_[id];
    if (rec.status == status::NotCreated) continue;
    rec.status = status::Creating;
    try {
      constructModule(id);
      moduleOf(id)->create();
      sendMessage(id, msg::IM_CONNECT, {});
      runApplyChanges(id, true);
    } catch (const std::exception& e) {
      logMessage(id, msg::KL_ERROR, std::string("Instance could not be started: ") + e.what());
      if (instanceExists(id)) setStatusInternal(id, status::NotCreated);
    }
    if (instanceExists(id)) {
      instance(id).storedProperties.clear();
      instance(id).storedAttributes.clear();
    }
  }
  setRunlevel(runlevel::Ready);
  sendMessage(0, msg::KernelStarted, {});
}

void Kernel::close() {
  if (closed_) return;
  // IPS_KERNELSHUTDOWN, then KR_UNINIT while every module is still there, each instance's
  // interface goes away (IM_DISCONNECT), and KR_SHUTDOWN last (symcon-kernel.md §5).
  sendMessage(0, msg::KernelShutdown, {});
  setRunlevel(runlevel::Uninit);
  for (int id : std::vector<int>(instanceOrder_))
    if (instances_.contains(id) && instances_[id].module) sendMessage(id, msg::IM_DISCONNECT, {});
  setRunlevel(runlevel::Shutdown);
  std::exception_ptr failure;
  try {
    commit();
  } catch (...) {
    failure = std::current_exception();
  }
  // Module destructors release sockets and threads; Destroy() is only for deletion.
  for (int id : instanceOrder_) instances_[id].module.reset();
  instances_.clear();
  childIndexes_.clear();  // they point at the records
  ++dataflowGeneration_;
  store_.reset();
  closed_ = true;
  if (failure) std::rethrow_exception(failure);
}

const std::string& Kernel::databasePath() const { return options_.database; }

bool Kernel::hasUncommittedChanges() const {
  return !dirtyObjects_.empty() || !dirtyValues_.empty() || !dirtyInstances_.empty() || !deletedObjects_.empty() ||
         !dirtyProfiles_.empty() || !deletedProfiles_.empty() || dirtyMeta_ || !dirtyModuleState_.empty();
}

void Kernel::setModuleState(int instanceId, const std::string& key, std::optional<std::string> bytes) {
  dirtyModuleState_[{instanceId, key}] = std::move(bytes);
}

std::vector<std::pair<std::string, std::string>> Kernel::moduleState(int instanceId) const {
  std::vector<std::pair<std::string, std::string>> rows;
  if (store_) store_->loadModuleState(instanceId, [&](std::string&& k, std::string&& v) { rows.emplace_back(k, v); });
  return rows;
}

void Kernel::setExecutor(std::function<void(std::function<void()>)> executor) {
  std::lock_guard<std::mutex> lock(postMutex_);
  executor_ = std::move(executor);
}

void Kernel::post(std::function<void()> task) {
  std::unique_lock<std::mutex> lock(postMutex_);
  if (executor_) {
    auto executor = executor_;
    lock.unlock();
    executor(std::move(task));
    return;
  }
  posted_.push_back(std::move(task));
}

std::size_t Kernel::runPosted() {
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard<std::mutex> lock(postMutex_);
    tasks.swap(posted_);
  }
  for (auto& t : tasks) {
    try {
      t();
    } catch (const std::exception& e) {
      logMessage(0, msg::KL_ERROR, std::string("posted task failed: ") + e.what());
    }
  }
  return tasks.size();
}

void Kernel::afterCommit(std::function<void()> action) { afterCommit_.push_back(std::move(action)); }

std::string Kernel::instanceRowJson(const std::map<std::string, PropertyRecord>& props) const {
  std::vector<std::pair<std::string, Value>> fields;
  for (const auto& [name, p] : props) fields.emplace_back(name, p.applied);
  return toJsonText(fields);
}

void Kernel::saveDirty() {
  for (int id : deletedObjects_) store_->deleteObject(id);
  auto saveInstanceRow = [&](int id) {
    const auto& rec = instances_.at(id);
    InstanceRow row;
    row.id = id;
    row.moduleId = rec.info->id;
    row.connectionId = rec.connectionId;
    row.status = rec.status;
    row.changed = rec.changed;
    row.propertiesJson = instanceRowJson(rec.properties);
    std::vector<std::pair<std::string, Value>> attrs;
    for (const auto& [name, a] : rec.attributes) attrs.emplace_back(name, a.value);
    row.attributesJson = toJsonText(attrs);
    store_->saveInstance(row);
  };
  for (int id : dirtyObjects_) {
    const ObjectRecord* o = objects_.find(id);
    if (!o) continue;
    store_->saveObject(*o);
    if (const VariableRecord* v = variables_.find(id)) store_->saveVariable(id, *v);
  }
  for (int id : dirtyInstances_)
    if (instances_.contains(id) && !instances_.at(id).info->id.empty()) saveInstanceRow(id);
  sortUniqueIds(dirtyValues_);
  std::vector<ValueRow> values;  // ascending, as sorted: the store writes them in few statements
  values.reserve(dirtyValues_.size());
  for (int id : dirtyValues_) {
    if (dirtyObjects_.count(id)) continue;
    if (const VariableRecord* v = variables_.find(id)) values.push_back({id, v});
  }
  store_->saveVariableValues(values);
  for (const auto& name : deletedProfiles_) store_->deleteProfile(name);
  for (const auto& name : dirtyProfiles_)
    if (auto p = profiles_.find(name); p != profiles_.end()) store_->saveProfile(p->second);
  if (dirtyMeta_) store_->setMeta("id_draws", std::to_string(ids_.draws()));
  for (const auto& [where, bytes] : dirtyModuleState_) {
    if (deletedObjects_.count(where.first)) continue;
    if (bytes)
      store_->saveModuleState(where.first, where.second, *bytes);
    else
      store_->deleteModuleState(where.first, where.second);
  }
}

namespace {
// unordered_set::clear() zeroes every bucket, and a set keeps the buckets of the most it ever
// held (the creation burst of thousands of objects): a commit of a few reports then zeroed
// hundreds of KB. A set with many more buckets than entries starts again empty instead.
void clearDirtySet(std::unordered_set<int>& set) {
  if (set.bucket_count() > 4 * set.size() + 64)
    std::unordered_set<int>().swap(set);
  else
    set.clear();
}
}  // namespace

void Kernel::commit() {
  if (!store_) throw KernelError("the kernel is closed");
  if (hasUncommittedChanges()) {
    store_->begin();
    try {
      saveDirty();
      store_->commit();
    } catch (...) {
      try {
        store_->rollback();
      } catch (...) {
      }
      afterCommit_.clear();  // nothing was made durable, so nothing may be acknowledged
      throw;
    }
    clearDirtySet(dirtyObjects_);
    dirtyValues_.clear();
    dirtyValuesDeduped_ = 0;
    clearDirtySet(dirtyInstances_);
    clearDirtySet(deletedObjects_);
    dirtyProfiles_.clear();
    deletedProfiles_.clear();
    dirtyMeta_ = false;
    dirtyModuleState_.clear();
  }
  auto actions = std::move(afterCommit_);
  afterCommit_.clear();
  for (auto& a : actions) a();
}

}  // namespace symemu

#pragma once
// The emulated Symcon kernel. One thread owns it (see KernelThread); every method here must be
// called on that thread. Method names follow the IPS_* functions of docs/symcon-kernel.md §4 in
// camelCase; errors are KernelError with Symcon's wording where known.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "symemu/kernel/clock.h"
#include "symemu/kernel/debug_log.h"
#include "symemu/kernel/hook.h"
#include "symemu/kernel/id_allocator.h"
#include "symemu/kernel/id_map.h"
#include "symemu/kernel/module_registry.h"
#include "symemu/kernel/profile.h"
#include "symemu/kernel/module.h"
#include "symemu/kernel/records.h"

namespace symemu {

class Store;

// The text every match of a data filter must contain, or "" when that cannot be told cheaply
// (exposed for tests).
std::string requiredLiteral(const std::string& pattern);

struct KernelOptions {
  std::string database = ":memory:";
  std::optional<std::uint64_t> seed;   // used when the database is new; a stored seed wins
  std::string clock = "manual";        // "manual" (tests) or "real" (serve)
  double clockStart = 1741947300;      // manual clock start (2025-03-14 10:15 UTC)
  std::vector<std::string> libraries;  // library folders to load (library.json inside)
  std::function<void(ModuleRegistry&)> registerFactories;
  int idLow = 10000, idHigh = 59999;
  // IPS_GetKernelVersion / IPS_GetKernelDate. The date also decides how binary payloads reach
  // IPSModule children: utf8-mapped after 1670886000 (kernel 6.3), plain text before (§7.1).
  std::string kernelVersion = "8.1";
  long long kernelDate = 1735689600;
  // IPS_GetSystemLanguage; Translate looks up locale.json "translations" under it ("de_DE"
  // tries "de_DE", then "de").
  std::string language = "en_US";
  // Upper bound of the bytes one instance may hold in its buffers (SetBuffer); a write above it
  // is refused with a KernelError and the buffer keeps its old content (§3.4).
  std::size_t maxBufferBytes = 64u << 20;
  std::size_t logCapacity = 10000;  // kept log and debug entries per kind
  // False for in-process runs (replay, Python without serve): I/O modules open no sockets.
  bool networkEnabled = true;
};

class Kernel {
 public:
  explicit Kernel(KernelOptions options);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Shuts down (IPS_KERNELSHUTDOWN, KR_SHUTDOWN), commits and closes the database. Idempotent.
  void close();
  bool isClosed() const { return closed_; }

  // --- kernel state -------------------------------------------------------------------------
  int runlevel() const { return runlevel_; }
  const KernelOptions& options() const { return options_; }
  // `serve` boots with the network off, sets the listener properties, then turns it on and
  // applies the I/O and core instances, so nothing ever listens on a port it was not given.
  void setNetworkEnabled(bool enabled) { options_.networkEnabled = enabled; }
  double now() const { return clock_->now(); }
  std::int64_t nowSeconds() const;
  bool manualClock() const { return clock_->isManual(); }
  void advance(double seconds);  // manual clock: moves time, running due timers in order
  void runDueTimers();           // runs every timer due at now()
  std::optional<double> nextTimerDue() const;
  std::uint64_t seed() const { return ids_.seed(); }
  const std::string& kernelVersion() const { return options_.kernelVersion; }  // IPS_GetKernelVersion
  long long kernelDate() const { return options_.kernelDate; }                 // IPS_GetKernelDate
  const std::string& systemLanguage() const { return options_.language; }      // IPS_GetSystemLanguage

  // --- objects (§1, §4.1) ------------------------------------------------------------------
  bool objectExists(int id) const;
  const ObjectRecord& getObject(int id) const;
  std::vector<int> getObjectList() const;
  std::vector<int> getChildrenIds(int id) const;
  int createCategory();
  void deleteCategory(int id);
  void setParent(int id, int parentId);
  void setName(int id, const std::string& name);
  void setIdent(int id, const std::string& ident);
  void setInfo(int id, const std::string& info);
  void setIcon(int id, const std::string& icon);
  void setPosition(int id, int position);
  void setHidden(int id, bool hidden);
  void setDisabled(int id, bool disabled);
  void setReadOnly(int id, bool readOnly);
  void setSummary(int id, const std::string& summary);
  std::optional<int> getObjectIdByIdent(const std::string& ident, int parentId) const;
  std::optional<int> getObjectIdByName(const std::string& name, int parentId) const;
  bool isChild(int id, int parentId, bool recursive) const;
  std::string getLocation(int id) const;  // names joined with '\', root excluded (IPS_GetLocation)
  std::string getPath(int id) const;      // names joined with '/', '/' in a name written "\/"
  std::optional<int> resolvePath(const std::string& path) const;
  static std::vector<std::string> splitPath(const std::string& path);
  int ensureCategoryPath(const std::vector<std::string>& names);  // creates missing categories

  // --- variables (§4.3) --------------------------------------------------------------------
  int createVariable(VariableType type);
  void deleteVariable(int id);
  const VariableRecord& getVariable(int id) const;
  bool variableExists(int id) const;
  void setValue(int id, const Value& value);  // converted to the variable's type
  // The same for a caller that keeps the variable's record: resolveVariable(id) stays valid
  // while treeGeneration() does not move (deleting a variable moves it); throws as setValue.
  VariableRecord* resolveVariable(int id) { return &variable(id); }
  void setValue(int id, VariableRecord& record, const Value& value);
  Value getValue(int id) const;
  std::string getValueFormatted(int id) const;
  void setVariableCustomProfile(int id, const std::string& profile);
  void setVariableCustomAction(int id, int actionId);
  void requestAction(int variableId, const Value& value);

  // --- profiles (§4.4) ---------------------------------------------------------------------
  void createVariableProfile(const std::string& name, VariableType type);
  void deleteVariableProfile(const std::string& name);
  bool variableProfileExists(const std::string& name) const;
  const Profile& getVariableProfile(const std::string& name) const;
  std::vector<std::string> getVariableProfileList() const;
  void setVariableProfileText(const std::string& name, const std::string& prefix, const std::string& suffix);
  void setVariableProfileValues(const std::string& name, double min, double max, double step);
  void setVariableProfileDigits(const std::string& name, int digits);
  void setVariableProfileIcon(const std::string& name, const std::string& icon);
  void setVariableProfileAssociation(const std::string& name, double value, const std::string& text,
                                     const std::string& icon, int color);
  // Test set-up (the php-cli stubs' IPS\ProfileManager): stores `profile` as given, replacing a
  // profile of that name, system (~) profiles included. Sends PM_CREATE.
  void putVariableProfile(const Profile& profile);

  // --- modules and instances (§2, §3.2, §4.2) ----------------------------------------------
  ModuleRegistry& modules() { return registry_; }
  const ModuleInfo& getModule(const std::string& moduleId) const;
  int createInstance(const std::string& moduleId);
  void deleteInstance(int id);
  bool instanceExists(int id) const;
  const InstanceRecord& getInstance(int id) const;
  std::vector<int> getInstanceList() const;
  std::vector<int> getInstanceListByModuleID(const std::string& moduleId) const;
  std::vector<int> getInstanceListByModuleType(int type) const;
  std::vector<int> getChildInstances(int parentId) const;  // instances whose ConnectionID is parentId
  bool isModuleCompatible(const std::string& childModuleId, const std::string& parentModuleId) const;
  bool isInstanceCompatible(int childId, int parentId) const;
  void connectInstance(int childId, int parentId);
  // Symcon's console asks, when a child changes its parent (IPS_ConnectInstance from the
  // instance's "change gateway" dialog), whether the old parent, now used by nobody, shall be
  // deleted. `deleteOrphanedParent` is that answer; with false the orphan is kept and a notice
  // naming it is logged. Returns the ID of the orphaned parent (0: none; deleted or not).
  int changeParent(int childId, int parentId, bool deleteOrphanedParent);
  void disconnectInstance(int childId);
  void setProperty(int id, const std::string& name, const Value& value);
  Value getProperty(int id, const std::string& name) const;  // pending value
  void setConfiguration(int id, const std::string& json);    // unknown keys are an error
  std::string getConfiguration(int id) const;
  bool hasChanges(int id) const;
  void resetChanges(int id);
  void applyChanges(int id);
  std::string getConfigurationForm(int id);
  std::string getConfigurationForParent(int id);
  // Sets the properties `childId`'s GetConfigurationForParent names on `parentId` and applies
  // them (what RequireParent/ForceParent/ConnectParent do to a parent they create, and what the
  // console does when it connects one). Unknown property names are skipped with a warning.
  void applyConfigurationForParent(int childId, int parentId);
  // Translate(Text) for an instance: the text from its module's locale.json "translations" in
  // the system language; the text itself when there is none.
  std::string translate(int id, const std::string& text) const;
  // The encoding binary fields take between a native I/O module and instance `id`: Hex for
  // IPSModuleStrict, Utf8Mapped for IPSModule (Plain on a kernel dated before 6.3).
  DataEncoding dataEncodingOf(int id) const;
  DataEncoding dataEncodingOf(const InstanceRecord& rec) const;  // the same, for a record in hand
  // During a ForwardData call: the child whose SendDataToParent is running (0 otherwise).
  int forwardingChild() const { return forwardingChildren_.empty() ? 0 : forwardingChildren_.back(); }
  void requestActionInstance(int id, const std::string& ident, const Value& value);
  // Exported module functions: `PREFIX_Name(InstanceID, args...)`.
  Value callFunction(const std::string& function, int instanceId, const std::vector<Value>& args);
  HookResponse processHookData(int instanceId, const HookRequest& request);

  // --- module API (the instance-side helpers of IPSModule; Module forwards here) ------------
  void registerProperty(int id, const std::string& name, const Value& defaultValue);
  Value readProperty(int id, const std::string& name, VariableType type) const;
  void registerAttribute(int id, const std::string& name, const Value& defaultValue);
  Value readAttribute(int id, const std::string& name, VariableType type) const;
  std::optional<Value> getAttribute(int id, const std::string& name) const;  // any type; none when absent
  void writeAttribute(int id, const std::string& name, const Value& value);
  void setBuffer(int id, const std::string& name, const std::string& data);
  // The same with a text several buffers may share (a gateway keeps each meter packet under two names).
  void setBuffer(int id, const std::string& name, std::shared_ptr<const std::string> data);
  std::string getBuffer(int id, const std::string& name) const;
  // The kept text itself, without a copy (nullptr: no such buffer); shared, never changed.
  std::shared_ptr<const std::string> shareBuffer(int id, const std::string& name) const;
  std::vector<std::string> getBufferList(int id) const;
  int registerVariable(int id, const std::string& ident, const std::string& name, VariableType type,
                       const std::string& profile, int position);
  void unregisterVariable(int id, const std::string& ident);
  void setVariableAction(int id, const std::string& ident, bool enabled);
  void registerTimer(int id, const std::string& ident, std::int64_t intervalMs, std::function<void()> callback);
  void registerOnceTimer(int id, const std::string& ident, std::function<void()> callback);
  void setTimerInterval(int id, const std::string& ident, std::int64_t intervalMs);
  std::int64_t getTimerInterval(int id, const std::string& ident) const;
  void registerFunction(int id, const std::string& name, std::function<Value(const std::vector<Value>&)> fn);
  std::string sendDataToParent(int id, const std::string& json);
  std::vector<std::string> sendDataToChildren(int id, const std::string& json);
  std::vector<std::string> sendDataToChildren(int id, const Packet& packet);
  std::vector<std::string> sendDataToChildren(int id, const std::function<std::string(DataEncoding)>& makeJson);
  // The same with packets (e.g. one parsed ahead on an I/O thread); one call per encoding at most.
  std::vector<std::string> sendDataToChildren(int id, const std::function<Packet(DataEncoding)>& makePacket);
  void setReceiveDataFilter(int id, const std::string& regex);
  void setForwardDataFilter(int id, const std::string& regex);
  bool hasActiveParent(int id) const;
  void connectParent(int id, const std::string& moduleId);
  void requireParent(int id, const std::string& moduleId);
  void forceParent(int id, const std::string& moduleId);
  void setStatus(int id, int status);
  void sendDebug(int id, std::string message, std::string data, int format);  // moved into the debug list
  // The same with texts the caller keeps (a PHP module's strings): copied into the debug list.
  void sendDebugText(int id, std::string_view message, std::string_view data, int format);
  void updateFormField(int id, const std::string& field, const std::string& parameter, const std::string& value);
  void reloadForm(int id);

  // --- messages (§3.7, §5) ------------------------------------------------------------------
  void registerMessage(int receiverId, int senderId, int message);
  void unregisterMessage(int receiverId, int senderId, int message);
  std::map<int, std::vector<int>> getMessageList(int receiverId) const;
  // Delivers to every instance that registered (senderId, message), synchronously, in
  // registration order.
  void sendMessage(int senderId, int message, const std::vector<Value>& data);
  // Observers see every message, registered or not (Python's capture, the API's message stream),
  // synchronously on the kernel thread, in the order they were added. Add and remove them on the
  // kernel thread (or before it starts); an observer must not add or remove observers.
  using MessageObserver = std::function<void(int senderId, int message, const std::vector<Value>& data)>;
  // `listening` (optional) says whether the observer wants messages right now (the API's stream:
  // only while a client is connected); hot paths (setValue's VM_UPDATE) skip building a message
  // nobody wants, other messages still reach the observer.
  int addMessageObserver(MessageObserver observer, std::function<bool()> listening = {});  // handle to remove it
  void removeMessageObserver(int handle);
  void setMessageObserver(MessageObserver observer);  // replaces the one set before (Python's capture)
  // The same for log lines (logMessage), which are KL_* messages in Symcon.
  using LogObserver = std::function<void(const LogEntry& entry)>;
  int addLogObserver(LogObserver observer);
  void removeLogObserver(int handle);
  // And for SendDebug output (the message stream's KL_DEBUG frames): observers see the output of
  // instances whose debug is enabled (IPS_EnableDebug for `seconds` on the kernel clock, until
  // IPS_DisableDebug). debugEntries() and the debug sink get every instance's output regardless.
  using DebugObserver = std::function<void(const DebugEntry& entry)>;
  int addDebugObserver(DebugObserver observer);
  void removeDebugObserver(int handle);
  void enableDebug(int id, int seconds);
  void disableDebug(int id) { debugUntil_.erase(id); }
  bool debugEnabled(int id) const;

  // --- log and debug ------------------------------------------------------------------------
  void logMessage(int senderId, int type, const std::string& message);
  const std::vector<LogEntry>& logEntries() const { return log_; }
  std::vector<DebugEntry> debugEntries(int instanceId) const;
  void setLogSink(std::function<void(const LogEntry&)> sink) { logSink_ = std::move(sink); }
  void setDebugSink(std::function<void(const DebugEntry&)> sink) { debugSink_ = std::move(sink); }

  // Moves whenever an object, a variable's profile, a profile or an instance's properties
  // (applied or pending) change, never on a value update: what a module derived from those
  // (meter devices: their variables and settings; the discovery: its loggers) stays valid
  // while it stays the same.
  std::uint64_t treeGeneration() const { return treeGeneration_; }

  // --- work from other threads ---------------------------------------------------------------
  // post() may be called from any thread. With an executor installed (KernelThread does that)
  // the task runs on the kernel thread; without one it waits in a queue for runPosted().
  void setExecutor(std::function<void(std::function<void()>)> executor);
  void post(std::function<void()> task);
  std::size_t runPosted();

  // --- durability (docs/architecture.md §3) ------------------------------------------------------
  // Writes every change since the last commit in one transaction, then runs the actions queued
  // with afterCommit (e.g. MQTT PUBACK). Cheap when nothing changed.
  void commit();
  void afterCommit(std::function<void()> action);
  // What a caller waiting on a commit that failed is told (its afterCommit action was dropped).
  static constexpr const char* kNotCommitted =
      "not committed: the database commit failed (see the log); a later commit writes the change";
  bool hasCommitWaiters() const { return !afterCommit_.empty(); }  // an afterCommit action is pending
  bool hasUncommittedChanges() const;
  // Key -> bytes an instance keeps beyond properties and attributes (the MQTT Server's sessions
  // and retained messages), written with the next commit; nullopt deletes. moduleState reads
  // what is committed, in key order.
  void setModuleState(int instanceId, const std::string& key, std::optional<std::string> bytes);
  std::vector<std::pair<std::string, std::string>> moduleState(int instanceId) const;
  const std::string& databasePath() const;

 private:
  void published(const DebugEntry& e);  // a debug entry to the sink and the observers
  ObjectRecord& object(int id);
  const ObjectRecord& object(int id) const;
  InstanceRecord& instance(int id);
  const InstanceRecord& instance(int id) const;
  VariableRecord& variable(int id);
  Profile& mutableProfile(const std::string& name);
  int addObject(ObjectType type, const std::string& name);
  void removeObject(int id);
  void attachChild(int parentId, int id);
  void detachChild(int parentId, int id);
  void checkIdent(int id, const std::string& ident, int parentId) const;
  void touchObject(int id) {
    dirtyObjects_.insert(id);
    ++treeGeneration_;
  }
  void touchInstance(int id) { dirtyInstances_.insert(id); }
  void touchProfile(const std::string& name) {
    dirtyProfiles_.insert(name);
    ++treeGeneration_;
  }
  void setStatusInternal(int id, int status);
  std::shared_ptr<Module> moduleOf(int id) const;
  void constructModule(int id);
  void scheduleTimer(int id, const std::string& ident, TimerRecord& t);
  void load();
  void startUp();
  void saveDirty();
  std::string instanceRowJson(const std::map<std::string, PropertyRecord>& props) const;
  bool deliverable(const InstanceRecord& target, const std::string& json, bool toChild) const;
  void setRunlevel(int level);
  void runApplyChanges(int id, bool fromLoad);
  void removeTimers(int id);

  KernelOptions options_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Store> store_;
  ModuleRegistry registry_;
  IdAllocator ids_{0, 0};
  int runlevel_ = runlevel::Create;
  bool closed_ = false;
  std::int64_t orderCounter_ = 0;

  // By ID with a flat index (id_map.h): found with one cache miss fewer per lookup.
  IdMap<ObjectRecord> objects_;
  IdMap<VariableRecord> variables_;
  IdMap<InstanceRecord> instances_;
  std::vector<int> instanceOrder_;                            // creation order
  std::unordered_map<int, std::vector<int>> childInstances_;  // ConnectionID -> children
  // Children of a parent indexed by the literal of their receive filter (kernel_dataflow.cpp),
  // rebuilt when dataflowGeneration_ moves (connections, filters, deletions).
  struct ChildIndex;
  std::unordered_map<int, std::shared_ptr<ChildIndex>> childIndexes_;
  std::uint64_t dataflowGeneration_ = 0;
  std::uint64_t treeGeneration_ = 0;  // treeGeneration()
  std::shared_ptr<ChildIndex> childIndex(int parentId);  // current; shared (a receiver may cause a rebuild)
  std::map<std::string, Profile> profiles_;

  // (sender, message) -> receivers, in registration order
  std::map<std::pair<int, int>, std::vector<int>> messageReceivers_;
  std::size_t updateSenders_ = 0;  // keys of messageReceivers_ for VM_UPDATE
  std::int64_t messageCounter_ = 0;
  struct ObservedMessages {
    int handle;
    MessageObserver observer;
    std::function<bool()> listening;  // empty: always
  };
  std::vector<ObservedMessages> messageObservers_;
  bool messagesObserved() const;  // some observer listens now
  std::vector<std::pair<int, LogObserver>> logObservers_;
  std::vector<std::pair<int, DebugObserver>> debugObservers_;
  std::map<int, double> debugUntil_;  // instance -> kernel time its debug output stops streaming
  int observerHandles_ = 0, setObserverHandle_ = 0;

  struct ScheduledTimer {
    double due;
    std::uint64_t seq;
    int instanceId;
    std::string ident;
    std::uint64_t generation;
    bool operator>(const ScheduledTimer& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };
  std::vector<ScheduledTimer> timerQueue_;  // min-heap
  std::vector<int> forwardingChildren_;     // senders of the SendDataToParent calls running
  std::uint64_t timerSeq_ = 0;

  std::vector<LogEntry> log_;
  DebugLog debug_{options_.logCapacity};
  std::function<void(const LogEntry&)> logSink_;
  std::function<void(const DebugEntry&)> debugSink_;

  std::unordered_set<int> dirtyObjects_, dirtyInstances_, deletedObjects_;
  // Variables whose value changed: may repeat an ID or name one deleted since (saveDirty skips
  // those); a vector, as setValue runs for every value of every report and a set allocates.
  std::vector<int> dirtyValues_;
  std::size_t dirtyValuesDeduped_ = 0;  // size after the last compaction
  std::set<std::string> dirtyProfiles_, deletedProfiles_;
  bool dirtyMeta_ = false;
  std::map<std::pair<int, std::string>, std::optional<std::string>> dirtyModuleState_;
  std::vector<std::function<void()>> afterCommit_;

  std::mutex postMutex_;
  std::function<void(std::function<void()>)> executor_;
  std::vector<std::function<void()>> posted_;
};

}  // namespace symemu

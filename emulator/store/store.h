#pragma once
// The SQLite file that holds the object tree (docs/architecture.md §3): objects, instances,
// variables, profiles and a meta table (magic, schema version, ID seed). WAL mode; every write
// goes through a prepared statement inside the caller's transaction (group commit).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "symemu/kernel/profile.h"
#include "symemu/kernel/records.h"
#include "symemu/store/sqlite_db.h"
#include "symemu/store/value_batch.h"
#include "symemu/store/wal_checkpointer.h"

namespace symemu {

struct InstanceRow {
  int id = 0;
  std::string moduleId;
  int connectionId = 0, status = 0;
  std::int64_t changed = 0;
  std::string propertiesJson, attributesJson;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the database. Refuses (KernelError) a file that is not a SQLite database,
  // a SQLite database that is not symemu's, and an unknown schema version.
  explicit Store(const std::string& path);

  bool isNew() const { return isNew_; }
  const std::string& path() const { return db_.path(); }
  std::optional<std::string> meta(const std::string& key);
  void setMeta(const std::string& key, const std::string& value);

  void loadObjects(const std::function<void(ObjectRecord&&)>& fn);
  void loadVariables(const std::function<void(int, VariableRecord&&)>& fn);
  void loadInstances(const std::function<void(InstanceRow&&)>& fn);
  void loadProfiles(const std::function<void(Profile&&)>& fn);

  void begin();
  void commit();
  void rollback();

  void saveObject(const ObjectRecord& o);
  void deleteObject(int id);  // also its variable/instance row
  void saveVariable(int id, const VariableRecord& v);
  void saveVariableValue(int id, const VariableRecord& v);
  // Many variables' value, updated and changed at once (the commit's hot path): rows in
  // ascending ID order take few statements (ValueBatch), any other order one each.
  void saveVariableValues(const std::vector<ValueRow>& rows);
  void saveInstance(const InstanceRow& row);
  void saveProfile(const Profile& p);
  void deleteProfile(const std::string& name);

  // Per-instance key -> bytes that a module keeps (e.g. the MQTT Server's sessions). Rows are
  // returned in key order; deleteObject removes an instance's rows too.
  void loadModuleState(int instanceId, const std::function<void(std::string&& key, std::string&& value)>& fn);
  void saveModuleState(int instanceId, const std::string& key, const std::string& value);
  void deleteModuleState(int instanceId, const std::string& key);

 private:
  void createSchema();
  void checkSchema();
  void prepareStatements();

  SqliteDatabase db_;
  bool isNew_ = false;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // file databases only; stops before db_ closes
  SqliteStatement saveObject_, deleteObject_, deleteVariable_, deleteInstance_, saveVariable_, saveValue_,
      saveInstance_, saveProfile_, deleteProfile_, setMeta_, getMeta_;
  SqliteStatement saveModuleState_, deleteModuleState_, deleteInstanceModuleState_;
  SqliteStatement begin_, commit_, rollback_;
  std::unique_ptr<ValueBatch> valueBatch_;  // prepared once: a commit per batch parsed them twice
};

}  // namespace symemu

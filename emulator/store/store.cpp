#include "symemu/store/store.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace symemu {

static const char* kMagic = "symemu";

Store::Store(const std::string& path) : db_(path) {
  try {
    // Reading the schema fails with "file is not a database" for foreign files.
    auto count = db_.prepare("SELECT count(*) FROM sqlite_master");
    count.step();
    bool empty = count.columnInt(0) == 0;
    count.reset();
    // A new database gets 1 KB pages (set before WAL mode, which fixes the page size): every
    // commit appends each page it touched to the WAL, and at a few reports per commit 4 KB
    // pages made tens of MB/s of WAL whose writeback stalled the kernel thread (p99 latency).
    if (empty) db_.exec("PRAGMA page_size=1024");
    if (path != ":memory:" && !path.empty()) db_.exec("PRAGMA journal_mode=WAL");
    // NORMAL is durable against process crashes (SIGKILL) in WAL mode; only power loss can
    // lose the last transactions.
    db_.exec("PRAGMA synchronous=NORMAL");
    db_.exec("PRAGMA foreign_keys=OFF");
    if (empty) {
      createSchema();
      isNew_ = true;
    } else {
      checkSchema();
    }
  } catch (const KernelError& e) {
    std::string what = e.what();
    if (what.find("not a database") != std::string::npos || what.find("malformed") != std::string::npos)
      throw KernelError(path + " is not a symemu database (file is not a SQLite database)");
    throw;
  }
  // Added after schema version 1 without changing it: older files get the table on open, and an
  // older symemu ignores it.
  db_.exec(
      "CREATE TABLE IF NOT EXISTS module_state (instance_id INTEGER NOT NULL, key TEXT NOT NULL, value BLOB NOT "
      "NULL, PRIMARY KEY (instance_id, key))");
  prepareStatements();
  if (path != ":memory:" && !path.empty()) {
    // Checkpoints run on their own thread (see WalCheckpointer); the kernel's connection only
    // checkpoints itself should the WAL grow far (40 MB) because that thread fell behind.
    db_.exec("PRAGMA wal_autocheckpoint=10000");
    checkpointer_ = std::make_unique<WalCheckpointer>(path, std::chrono::milliseconds(250));
  }
}

void Store::createSchema() {
  db_.exec(R"SQL(
    BEGIN;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE objects (
      id INTEGER PRIMARY KEY, type INTEGER NOT NULL, parent INTEGER NOT NULL,
      name TEXT NOT NULL, ident TEXT NOT NULL, info TEXT NOT NULL, icon TEXT NOT NULL,
      summary TEXT NOT NULL, position INTEGER NOT NULL, hidden INTEGER NOT NULL,
      disabled INTEGER NOT NULL, readonly INTEGER NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE variables (
      id INTEGER PRIMARY KEY, type INTEGER NOT NULL, value, profile TEXT NOT NULL,
      custom_profile TEXT NOT NULL, action INTEGER NOT NULL, custom_action INTEGER NOT NULL,
      updated INTEGER NOT NULL, changed INTEGER NOT NULL);
    CREATE TABLE instances (
      id INTEGER PRIMARY KEY, module_id TEXT NOT NULL, connection_id INTEGER NOT NULL,
      status INTEGER NOT NULL, changed INTEGER NOT NULL, properties TEXT NOT NULL,
      attributes TEXT NOT NULL);
    CREATE TABLE profiles (
      name TEXT PRIMARY KEY, type INTEGER NOT NULL, icon TEXT NOT NULL, prefix TEXT NOT NULL,
      suffix TEXT NOT NULL, min REAL NOT NULL, max REAL NOT NULL, step REAL NOT NULL,
      digits INTEGER NOT NULL, associations TEXT NOT NULL);
    COMMIT;)SQL");
  auto put = db_.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
  put.bind(1, std::string("magic")).bind(2, std::string(kMagic)).run();
  put.bind(1, std::string("schema_version")).bind(2, std::to_string(kSchemaVersion)).run();
}

void Store::checkSchema() {
  auto has = db_.prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
  has.step();
  bool hasMeta = has.columnInt(0) == 1;
  has.reset();
  if (!hasMeta) throw KernelError(path() + " is not a symemu database (no meta table)");
  auto magic = meta("magic");
  if (!magic || *magic != kMagic) throw KernelError(path() + " is not a symemu database (wrong magic)");
  auto version = meta("schema_version");
  if (!version || *version != std::to_string(kSchemaVersion))
    throw KernelError(path() + ": unsupported schema version " + (version ? *version : "(none)") +
                      " (this symemu reads version " + std::to_string(kSchemaVersion) + ")");
}

void Store::prepareStatements() {
  saveObject_ = db_.prepare(
      "INSERT OR REPLACE INTO objects(id,type,parent,name,ident,info,icon,summary,position,hidden,disabled,"
      "readonly,seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  deleteObject_ = db_.prepare("DELETE FROM objects WHERE id=?");
  deleteVariable_ = db_.prepare("DELETE FROM variables WHERE id=?");
  deleteInstance_ = db_.prepare("DELETE FROM instances WHERE id=?");
  saveVariable_ = db_.prepare(
      "INSERT OR REPLACE INTO variables(id,type,value,profile,custom_profile,action,custom_action,updated,changed)"
      " VALUES (?,?,?,?,?,?,?,?,?)");
  saveValue_ = db_.prepare("UPDATE variables SET value=?, updated=?, changed=? WHERE id=?");
  saveInstance_ = db_.prepare(
      "INSERT OR REPLACE INTO instances(id,module_id,connection_id,status,changed,properties,attributes)"
      " VALUES (?,?,?,?,?,?,?)");
  saveProfile_ = db_.prepare(
      "INSERT OR REPLACE INTO profiles(name,type,icon,prefix,suffix,min,max,step,digits,associations)"
      " VALUES (?,?,?,?,?,?,?,?,?,?)");
  deleteProfile_ = db_.prepare("DELETE FROM profiles WHERE name=?");
  setMeta_ = db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  getMeta_ = db_.prepare("SELECT value FROM meta WHERE key=?");
  saveModuleState_ = db_.prepare("INSERT OR REPLACE INTO module_state(instance_id, key, value) VALUES (?, ?, ?)");
  deleteModuleState_ = db_.prepare("DELETE FROM module_state WHERE instance_id=? AND key=?");
  deleteInstanceModuleState_ = db_.prepare("DELETE FROM module_state WHERE instance_id=?");
  begin_ = db_.prepare("BEGIN");
  commit_ = db_.prepare("COMMIT");
  rollback_ = db_.prepare("ROLLBACK");
  valueBatch_ = std::make_unique<ValueBatch>(db_);
}

std::optional<std::string> Store::meta(const std::string& key) {
  auto q = db_.prepare("SELECT value FROM meta WHERE key=?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.columnText(0);
}

void Store::setMeta(const std::string& key, const std::string& value) { setMeta_.bind(1, key).bind(2, value).run(); }

void Store::loadObjects(const std::function<void(ObjectRecord&&)>& fn) {
  auto q = db_.prepare(
      "SELECT id,type,parent,name,ident,info,icon,summary,position,hidden,disabled,readonly,seq FROM objects ORDER BY "
      "seq");
  while (q.step()) {
    ObjectRecord o;
    o.id = static_cast<int>(q.columnInt(0));
    o.type = static_cast<ObjectType>(q.columnInt(1));
    o.parentId = static_cast<int>(q.columnInt(2));
    o.name = q.columnText(3);
    o.ident = q.columnText(4);
    o.info = q.columnText(5);
    o.icon = q.columnText(6);
    o.summary = q.columnText(7);
    o.position = static_cast<int>(q.columnInt(8));
    o.hidden = q.columnInt(9) != 0;
    o.disabled = q.columnInt(10) != 0;
    o.readOnly = q.columnInt(11) != 0;
    o.order = q.columnInt(12);
    fn(std::move(o));
  }
}

static Value readValue(SqliteStatement& q, int col, VariableType type) {
  switch (type) {
    case VariableType::Boolean:
      return q.columnInt(col) != 0;
    case VariableType::Integer:
      return static_cast<std::int64_t>(q.columnInt(col));
    case VariableType::Float:
      return q.columnDouble(col);
    case VariableType::String:
      return q.columnText(col);
  }
  return false;
}

void Store::loadVariables(const std::function<void(int, VariableRecord&&)>& fn) {
  auto q =
      db_.prepare("SELECT id,type,value,profile,custom_profile,action,custom_action,updated,changed FROM variables");
  while (q.step()) {
    VariableRecord v;
    int id = static_cast<int>(q.columnInt(0));
    v.type = static_cast<VariableType>(q.columnInt(1));
    v.value = readValue(q, 2, v.type);
    v.profile = q.columnText(3);
    v.customProfile = q.columnText(4);
    v.action = static_cast<int>(q.columnInt(5));
    v.customAction = static_cast<int>(q.columnInt(6));
    v.updated = q.columnInt(7);
    v.changed = q.columnInt(8);
    fn(id, std::move(v));
  }
}

void Store::loadInstances(const std::function<void(InstanceRow&&)>& fn) {
  auto q = db_.prepare("SELECT id,module_id,connection_id,status,changed,properties,attributes FROM instances");
  while (q.step()) {
    InstanceRow r;
    r.id = static_cast<int>(q.columnInt(0));
    r.moduleId = q.columnText(1);
    r.connectionId = static_cast<int>(q.columnInt(2));
    r.status = static_cast<int>(q.columnInt(3));
    r.changed = q.columnInt(4);
    r.propertiesJson = q.columnText(5);
    r.attributesJson = q.columnText(6);
    fn(std::move(r));
  }
}

void Store::loadProfiles(const std::function<void(Profile&&)>& fn) {
  auto q = db_.prepare("SELECT name,type,icon,prefix,suffix,min,max,step,digits,associations FROM profiles");
  while (q.step()) {
    Profile p;
    p.name = q.columnText(0);
    p.type = static_cast<VariableType>(q.columnInt(1));
    p.icon = q.columnText(2);
    p.prefix = q.columnText(3);
    p.suffix = q.columnText(4);
    p.minValue = q.columnDouble(5);
    p.maxValue = q.columnDouble(6);
    p.stepSize = q.columnDouble(7);
    p.digits = static_cast<int>(q.columnInt(8));
    Poco::JSON::Parser parser;
    auto arr = parser.parse(q.columnText(9)).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      auto a = arr->getObject(static_cast<unsigned>(i));
      p.associations.push_back({a->getValue<double>("Value"), a->getValue<std::string>("Name"),
                                a->getValue<std::string>("Icon"), a->getValue<int>("Color")});
    }
    fn(std::move(p));
  }
}

void Store::begin() { db_.run(begin_); }
void Store::commit() { db_.run(commit_); }
void Store::rollback() { db_.run(rollback_); }

void Store::saveObject(const ObjectRecord& o) {
  saveObject_.bind(1, o.id)
      .bind(2, static_cast<int>(o.type))
      .bind(3, o.parentId)
      .bind(4, o.name)
      .bind(5, o.ident)
      .bind(6, o.info)
      .bind(7, o.icon)
      .bind(8, o.summary)
      .bind(9, o.position)
      .bind(10, static_cast<int>(o.hidden))
      .bind(11, static_cast<int>(o.disabled))
      .bind(12, static_cast<int>(o.readOnly))
      .bind(13, o.order)
      .run();
}

void Store::deleteObject(int id) {
  deleteObject_.bind(1, id).run();
  deleteVariable_.bind(1, id).run();
  deleteInstance_.bind(1, id).run();
  deleteInstanceModuleState_.bind(1, id).run();
}

void Store::loadModuleState(int instanceId, const std::function<void(std::string&&, std::string&&)>& fn) {
  auto q = db_.prepare("SELECT key, value FROM module_state WHERE instance_id=? ORDER BY key");
  q.bind(1, instanceId);
  while (q.step()) fn(q.columnText(0), q.columnText(1));
}

void Store::saveModuleState(int instanceId, const std::string& key, const std::string& value) {
  saveModuleState_.bind(1, instanceId).bind(2, key).bindBlob(3, value).run();
}

void Store::deleteModuleState(int instanceId, const std::string& key) {
  deleteModuleState_.bind(1, instanceId).bind(2, key).run();
}

void Store::saveVariable(int id, const VariableRecord& v) {
  saveVariable_.bind(1, id).bind(2, static_cast<int>(v.type));
  bindVariableValue(saveVariable_, 3, v.value);
  saveVariable_.bind(4, v.profile)
      .bind(5, v.customProfile)
      .bind(6, v.action)
      .bind(7, v.customAction)
      .bind(8, v.updated)
      .bind(9, v.changed)
      .run();
}

void Store::saveVariableValue(int id, const VariableRecord& v) {
  bindVariableValue(saveValue_, 1, v.value);
  saveValue_.bind(2, v.updated).bind(3, v.changed).bind(4, id).runRebound();
}

void Store::saveVariableValues(const std::vector<ValueRow>& rows) { valueBatch_->save(rows, saveValue_); }

void Store::saveInstance(const InstanceRow& r) {
  saveInstance_.bind(1, r.id)
      .bind(2, r.moduleId)
      .bind(3, r.connectionId)
      .bind(4, r.status)
      .bind(5, r.changed)
      .bind(6, r.propertiesJson)
      .bind(7, r.attributesJson)
      .run();
}

void Store::saveProfile(const Profile& p) {
  Poco::JSON::Array arr;
  for (const auto& a : p.associations) {
    Poco::JSON::Object o;
    o.set("Value", a.value);
    o.set("Name", a.name);
    o.set("Icon", a.icon);
    o.set("Color", a.color);
    arr.add(o);
  }
  std::ostringstream ss;
  arr.stringify(ss);
  saveProfile_.bind(1, p.name)
      .bind(2, static_cast<int>(p.type))
      .bind(3, p.icon)
      .bind(4, p.prefix)
      .bind(5, p.suffix)
      .bind(6, p.minValue)
      .bind(7, p.maxValue)
      .bind(8, p.stepSize)
      .bind(9, p.digits)
      .bind(10, ss.str())
      .run();
}

void Store::deleteProfile(const std::string& name) { deleteProfile_.bind(1, name).run(); }

}  // namespace symemu

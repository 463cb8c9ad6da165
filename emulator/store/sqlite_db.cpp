#include "symemu/store/sqlite_db.h"

#include "symemu/kernel/types.h"

namespace symemu {

static void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    throw KernelError(std::string("database error in ") + what + ": " + sqlite3_errmsg(db));
}

SqliteStatement::SqliteStatement(sqlite3* db, const char* sql) : db_(db) {
  check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr), sql);
}

SqliteStatement::~SqliteStatement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind(int i, std::int64_t v) {
  check(db_, sqlite3_bind_int64(stmt_, i, v), "bind");
  return *this;
}
SqliteStatement& SqliteStatement::bind(int i, double v) {
  check(db_, sqlite3_bind_double(stmt_, i, v), "bind");
  return *this;
}
SqliteStatement& SqliteStatement::bind(int i, const std::string& v) {
  check(db_, sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}
SqliteStatement& SqliteStatement::bindBlob(int i, const std::string& v) {
  check(db_, sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}
SqliteStatement& SqliteStatement::bindNull(int i) {
  check(db_, sqlite3_bind_null(stmt_, i), "bind");
  return *this;
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string err = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw KernelError("database error: " + err);
}

void SqliteStatement::run() {
  step();
  reset();
}

void SqliteStatement::runRebound() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    sqlite3_reset(stmt_);
    return;
  }
  std::string err = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw KernelError("database error: " + err);
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::columnText(int i) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
}

namespace {
// SQLite counts every allocation for sqlite3_memory_used() under a process-wide mutex, which
// symemu never asks for; an UPDATE of a value allocates about four times, locking each time.
// Turned off before the first connection opens (once SQLite is initialised, sqlite3_config
// refuses, harmlessly, and the counting stays).
void skipMemoryStatistics() {
  static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)once;
}
}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path) {
  skipMemoryStatistics();
  int rc =
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string err = db_ ? sqlite3_errmsg(db_) : "out of memory";
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
    throw KernelError(path + ": cannot open database: " + err);
  }
  sqlite3_busy_timeout(db_, 5000);
}

SqliteDatabase::~SqliteDatabase() {
  if (db_) sqlite3_close_v2(db_);
}

void SqliteDatabase::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw KernelError(path_ + ": " + msg);
  }
}

void SqliteDatabase::run(SqliteStatement& statement) {
  int rc = sqlite3_step(statement.stmt_);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    sqlite3_reset(statement.stmt_);
    return;
  }
  std::string msg = sqlite3_errmsg(db_);
  sqlite3_reset(statement.stmt_);
  throw KernelError(path_ + ": " + msg);
}

}  // namespace symemu

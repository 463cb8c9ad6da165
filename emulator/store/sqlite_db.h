#pragma once
// Thin RAII wrapper over the SQLite C API: a connection and prepared statements.
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace symemu {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(sqlite3* db, const char* sql);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& o) noexcept;
  SqliteStatement& operator=(SqliteStatement&& o) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, std::int64_t v);
  SqliteStatement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  SqliteStatement& bind(int index, double v);
  SqliteStatement& bind(int index, const std::string& v);
  SqliteStatement& bindNull(int index);
  // Any bytes (NULs included); read back with columnText.
  SqliteStatement& bindBlob(int index, const std::string& bytes);
  bool step();  // true while a row is available
  void run();   // step once and reset (for statements without results)
  // run() for a statement whose every parameter is bound again before each run: keeps the
  // bindings instead of clearing them (the commit runs one such UPDATE per changed value).
  void runRebound();
  void reset();

  int columnType(int i) const { return sqlite3_column_type(stmt_, i); }
  std::int64_t columnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  double columnDouble(int i) const { return sqlite3_column_double(stmt_, i); }
  std::string columnText(int i) const;

 private:
  friend class SqliteDatabase;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDatabase {
 public:
  explicit SqliteDatabase(const std::string& path);  // throws KernelError naming the file
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  void exec(const std::string& sql);
  // Steps a prepared statement without results (BEGIN, COMMIT) once and resets it; errors as
  // exec's (KernelError naming the file), without parsing the SQL text again on every call.
  void run(SqliteStatement& statement);
  SqliteStatement prepare(const char* sql) { return SqliteStatement(db_, sql); }
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace symemu

#include "symemu/store/value_batch.h"

#include <algorithm>
#include <string>

#include "symemu/kernel/types.h"

namespace symemu {

void bindVariableValue(SqliteStatement& s, int index, const Value& v) {
  switch (v.index()) {
    case 0:
      s.bind(index, static_cast<std::int64_t>(std::get<bool>(v)));
      break;
    case 1:
      s.bind(index, std::get<std::int64_t>(v));
      break;
    case 2:
      s.bind(index, std::get<double>(v));
      break;
    default:
      s.bind(index, std::get<std::string>(v));
      break;
  }
}

namespace {

// The three functions share this: the row of the ID argument, or an error that fails the
// statement (and so the commit) rather than writing a wrong value.
const ValueRow* rowOf(sqlite3_context* ctx, sqlite3_value** argv) {
  auto* batch = static_cast<ValueBatch*>(sqlite3_user_data(ctx));
  const ValueRow* row = batch->find(sqlite3_value_int64(argv[0]));
  if (!row) sqlite3_result_error(ctx, "symemu: a variable value was asked for outside its batch", -1);
  return row;
}

// The same storage classes bindVariableValue gives (SQLite turns a NaN into NULL both ways).
void valueOf(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const ValueRow* row = rowOf(ctx, argv);
  if (!row) return;
  const Value& v = row->record->value;
  switch (v.index()) {
    case 0:
      sqlite3_result_int64(ctx, std::get<bool>(v) ? 1 : 0);
      break;
    case 1:
      sqlite3_result_int64(ctx, std::get<std::int64_t>(v));
      break;
    case 2:
      sqlite3_result_double(ctx, std::get<double>(v));
      break;
    default: {
      const auto& text = std::get<std::string>(v);
      // The record outlives the statement's step, which copies the text into the row.
      sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      break;
    }
  }
}

void updatedOf(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (const ValueRow* row = rowOf(ctx, argv)) sqlite3_result_int64(ctx, row->record->updated);
}

void changedOf(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (const ValueRow* row = rowOf(ctx, argv)) sqlite3_result_int64(ctx, row->record->changed);
}

void check(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throw KernelError(std::string("database error registering a function: ") + sqlite3_errmsg(db));
}

std::string batchSql(std::size_t size) {
  std::string sql =
      "UPDATE variables SET value=symemu_batch_value(id), updated=symemu_batch_updated(id), "
      "changed=symemu_batch_changed(id) WHERE id IN (?";
  for (std::size_t i = 1; i < size; ++i) sql += ",?";
  return sql + ")";
}

}  // namespace

ValueBatch::ValueBatch(SqliteDatabase& db) {
  // DIRECTONLY: only top-level SQL may call them, never a trigger or view in a database file.
  const int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  sqlite3* h = db.handle();
  check(h, sqlite3_create_function_v2(h, "symemu_batch_value", 1, flags, this, valueOf, nullptr, nullptr, nullptr));
  check(h, sqlite3_create_function_v2(h, "symemu_batch_updated", 1, flags, this, updatedOf, nullptr, nullptr, nullptr));
  check(h, sqlite3_create_function_v2(h, "symemu_batch_changed", 1, flags, this, changedOf, nullptr, nullptr, nullptr));
  for (std::size_t size : kSizes) statements_.push_back(db.prepare(batchSql(size).c_str()));
}

const ValueRow* ValueBatch::find(std::int64_t id) {
  if (at_ != end_ && at_->id == id) return at_;
  if (at_ + 1 < end_ && (at_ + 1)->id == id) return ++at_;
  const ValueRow* it =
      std::lower_bound(begin_, end_, id, [](const ValueRow& r, std::int64_t want) { return r.id < want; });
  if (it == end_ || it->id != id) return nullptr;
  return at_ = it;
}

void ValueBatch::saveOne(const ValueRow& row, SqliteStatement& single) {
  bindVariableValue(single, 1, row.record->value);
  single.bind(2, row.record->updated).bind(3, row.record->changed).bind(4, row.id).runRebound();
}

void ValueBatch::runBatch(SqliteStatement& statement, std::size_t size, const ValueRow* rows, std::size_t count) {
  for (std::size_t i = 0; i < size; ++i) statement.bind(static_cast<int>(i + 1), rows[std::min(i, count - 1)].id);
  begin_ = at_ = rows;
  end_ = rows + count;
  try {
    statement.runRebound();
  } catch (...) {
    begin_ = end_ = at_ = nullptr;
    throw;
  }
  begin_ = end_ = at_ = nullptr;
}

void ValueBatch::save(const std::vector<ValueRow>& rows, SqliteStatement& single) {
  const bool ascending = std::adjacent_find(rows.begin(), rows.end(), [](const ValueRow& a, const ValueRow& b) {
                           return a.id >= b.id;
                         }) == rows.end();
  std::size_t at = 0;
  if (ascending) {
    for (std::size_t s = 0; s < statements_.size(); ++s) {
      const std::size_t size = kSizes[s];
      // Full lists; then a rest of at least half this size fills a list up, repeating its last ID
      // (the IN list drops repeats): cheaper than that many statements of one row.
      while (rows.size() - at >= size / 2) {
        const std::size_t count = std::min(size, rows.size() - at);
        runBatch(statements_[s], size, rows.data() + at, count);
        at += count;
      }
    }
  }
  for (; at < rows.size(); ++at) saveOne(rows[at], single);
}

}  // namespace symemu

#pragma once
// Writes many variables' value, updated and changed columns with few SQLite statements: the
// group commit's hot path (docs/performance.md, History, "Round 9"). One UPDATE per row cost
// ~6,000 instructions, about a sixth of it the statement itself (cursor, halt, reset, binding).
// Here one statement updates up to 256 rows:
//   UPDATE variables SET value=symemu_batch_value(id), updated=symemu_batch_updated(id),
//          changed=symemu_batch_changed(id) WHERE id IN (?,?,...)
// the new columns answered by SQL functions that read the caller's records. SQLite 3.40 runs it
// in one pass over the IN list (kept in a small temporary index), on one cursor. The obvious
// `UPDATE ... FROM (VALUES (?,?,?,?),...)` copies the values twice into temporary tables and
// cost more than one statement per row; so did an upsert. Below ~128 rows the temporary index
// costs more than the statements it saves, so short batches go row by row.
//
// Threads: the owner's (the kernel thread's), like the connection. Errors: KernelError from the
// statement; the caller's transaction is then to be rolled back (nothing here commits).
#include <cstddef>
#include <vector>

#include "symemu/kernel/records.h"
#include "symemu/store/sqlite_db.h"

namespace symemu {

// One variable's new value, updated and changed; the record outlives the call.
struct ValueRow {
  int id = 0;
  const VariableRecord* record = nullptr;
};

class ValueBatch {
 public:
  // Registers the functions on the connection (they name no table; an older symemu opening the
  // file sees nothing of them) and prepares the statements.
  explicit ValueBatch(SqliteDatabase& db);
  ValueBatch(const ValueBatch&) = delete;
  ValueBatch& operator=(const ValueBatch&) = delete;

  // Rows in strictly ascending ID order go in IN lists of the prepared sizes, largest first (a
  // rest of at least half a size fills its list up by repeating its last ID); the rows left
  // (under 128) go through
  // `single` (`UPDATE variables SET value=?, updated=?, changed=? WHERE id=?`), as do all rows
  // when the order is not ascending. Rows whose ID has no row in the table change nothing.
  void save(const std::vector<ValueRow>& rows, SqliteStatement& single);

  // Prepared IN-list lengths, largest first (measured: 1024 saved nothing over 256; 16 and 64
  // cost more than row by row, bench_store --shuffled).
  static constexpr std::size_t kSizes[] = {256};

  // For the functions (SQLite's C callbacks): the row of `id` in the batch being written, or
  // nullptr. Batches are walked in order, so this is the current row or the next one.
  const ValueRow* find(std::int64_t id);

 private:
  void saveOne(const ValueRow& row, SqliteStatement& single);
  void runBatch(SqliteStatement& statement, std::size_t size, const ValueRow* rows, std::size_t count);

  std::vector<SqliteStatement> statements_;  // one per kSizes entry
  const ValueRow* begin_ = nullptr;          // the batch the functions answer from
  const ValueRow* end_ = nullptr;
  const ValueRow* at_ = nullptr;
};

// Binds a variable value as the store keeps it (booleans as 0/1 integers, texts as bytes).
void bindVariableValue(SqliteStatement& s, int index, const Value& v);

}  // namespace symemu

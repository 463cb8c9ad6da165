// The commit's batched value writes (Store::saveVariableValues, ValueBatch): the rows they leave
// are those of one UPDATE per value, for every kind of value; a batch mixed with new and deleted
// variables persists as the kernel holds it; a statement that fails rolls the whole batch back.
#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "symemu/store/sqlite_db.h"
#include "symemu/store/store.h"
#include "test_modules.h"

using namespace symemu;

namespace {
struct TempDb {
  std::string path = Poco::TemporaryFile::tempName() + ".db";
  ~TempDb() {
    for (auto suffix : {"", "-wal", "-shm"}) {
      Poco::File f(path + suffix);
      if (f.exists()) f.remove();
    }
  }
};

// Every stored variable row as text that tells storage classes and exact bytes apart: a real's
// 64 bits, not its decimal print.
std::vector<std::string> dumpVariables(const std::string& path) {
  SqliteDatabase raw(path);
  auto q = raw.prepare("SELECT id, type, value, profile, updated, changed FROM variables ORDER BY id");
  std::vector<std::string> rows;
  while (q.step()) {
    std::string row = std::to_string(q.columnInt(0)) + " t" + std::to_string(q.columnInt(1)) + " ";
    switch (q.columnType(2)) {
      case SQLITE_NULL:
        row += "NULL";
        break;
      case SQLITE_INTEGER:
        row += "int:" + std::to_string(q.columnInt(2));
        break;
      case SQLITE_FLOAT: {
        double d = q.columnDouble(2);
        std::uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        row += "real:" + std::to_string(bits);
        break;
      }
      default: {
        std::string text = q.columnText(2);
        row += "text(" + std::to_string(text.size()) + "):" + text;
      }
    }
    row += " " + q.columnText(3) + " u" + std::to_string(q.columnInt(4)) + " c" + std::to_string(q.columnInt(5));
    rows.push_back(row);
  }
  return rows;
}

// Values of every type and edge: booleans, the int64 ends, reals incl. -0, infinities, a NaN
// (SQLite stores NULL), denormals; texts empty, with a NUL, non-ASCII, long.
std::vector<Value> edgeValues() {
  const double inf = std::numeric_limits<double>::infinity();
  return {true,
          false,
          std::int64_t{0},
          std::int64_t{-1},
          std::numeric_limits<std::int64_t>::max(),
          std::numeric_limits<std::int64_t>::min(),
          std::int64_t{1741947300123},
          0.0,
          -0.0,
          0.1,
          1e308,
          -inf,
          inf,
          std::nan(""),
          std::numeric_limits<double>::denorm_min(),
          42.0,
          std::string(),
          std::string("a\0b", 3),
          std::string("Z\xC3\xA4hlerstand \xE2\x82\xAC"),
          std::string(10000, 'x')};
}

VariableType variableTypeOf(const Value& v) {
  switch (v.index()) {
    case 0:
      return VariableType::Boolean;
    case 1:
      return VariableType::Integer;
    case 2:
      return VariableType::Float;
    default:
      return VariableType::String;
  }
}

// `count` variables with IDs 10000 + 7·i (gaps, as the kernel's random IDs have), each first
// holding a value of another type than it gets later.
void createVariables(Store& store, int count) {
  store.begin();
  for (int i = 0; i < count; ++i) {
    ObjectRecord o;
    o.id = 10000 + 7 * i;
    o.type = ObjectType::Variable;
    o.name = "V" + std::to_string(i);
    o.order = i;
    store.saveObject(o);
    VariableRecord v;
    v.type = VariableType::Integer;
    v.value = std::int64_t{i};
    v.profile = "~P" + std::to_string(i % 3);
    v.updated = v.changed = 1000 + i;
    store.saveVariable(o.id, v);
  }
  store.commit();
}
}  // namespace

TEST_CASE("batched value writes leave the rows one UPDATE per value leaves, for every kind of value",
          "[storage][values]") {
  // 300 rows: one IN list of 256, the rest of 44 row by row; 700 rows: lists of 256, 256 and a
  // rest of 188 filled up to 256; 5 rows: row by row only. Some IDs have no row (nothing happens).
  for (int count : {5, 300, 700}) {
    TempDb one, batched;
    std::vector<VariableRecord> records(static_cast<std::size_t>(count));
    std::vector<ValueRow> rows;
    const auto values = edgeValues();
    for (int i = 0; i < count; ++i) {
      auto& r = records[static_cast<std::size_t>(i)];
      r.value = values[static_cast<std::size_t>(i) % values.size()];
      r.type = variableTypeOf(r.value);
      r.updated = 1741947300 + i;
      r.changed = i % 2 ? r.updated : std::numeric_limits<std::int64_t>::max() - i;
      // every 50th row names an ID between two variables (no such row)
      rows.push_back({10000 + 7 * i + (i % 50 == 49 ? 3 : 0), &r});
    }
    {
      Store a(one.path), b(batched.path);
      createVariables(a, count);
      createVariables(b, count);
      a.begin();
      for (const auto& row : rows) a.saveVariableValue(row.id, *row.record);
      a.commit();
      b.begin();
      b.saveVariableValues(rows);
      b.commit();
    }
    const auto expected = dumpVariables(one.path);
    CHECK(dumpVariables(batched.path) == expected);
    REQUIRE(expected.size() == static_cast<std::size_t>(count));
    if (count > 13) CHECK(expected[13].find(" NULL ") != std::string::npos);  // the NaN

    // Out of order (not ascending): written row by row, the same rows again.
    TempDb shuffled;
    std::vector<ValueRow> reversed(rows.rbegin(), rows.rend());
    {
      Store c(shuffled.path);
      createVariables(c, count);
      c.begin();
      c.saveVariableValues(reversed);
      c.commit();
    }
    CHECK(dumpVariables(shuffled.path) == expected);
  }
}

TEST_CASE("a commit of new variables, value changes and deletions persists what the kernel holds",
          "[storage][values]") {
  TempDb db;
  std::vector<int> kept, created, deleted;
  std::map<int, VariableRecord> before;
  {
    Kernel k(testmods::testOptions(db.path, 5));
    for (int i = 0; i < 400; ++i) {
      int id = k.createVariable(i % 4 == 0 ? VariableType::String : VariableType::Float);
      k.setValue(id, i % 4 == 0 ? Value(std::string("first")) : Value(1.5 * i));
      (i % 10 == 3 ? deleted : kept).push_back(id);
    }
    k.commit();
    k.advance(61);
    // One batch: new values for 360 variables (the batch path), 40 of the old ones deleted after
    // their value changed, and 30 new variables with values.
    for (int id : kept)
      k.setValue(id, k.getVariable(id).type == VariableType::String ? Value(std::string("second\0", 7))
                                                                    : Value(std::int64_t{id} * 1000003));
    for (int id : deleted) k.setValue(id, 2.0);
    for (int id : deleted) k.deleteVariable(id);
    for (int i = 0; i < 30; ++i) {
      int id = k.createVariable(VariableType::Integer);
      k.setValue(id, std::numeric_limits<std::int64_t>::max() - i);
      created.push_back(id);
    }
    k.advance(5);
    for (std::size_t i = 0; i < kept.size(); i += 3) k.setValue(kept[i], true);  // set twice in the batch
    k.commit();
    for (int id : kept) before[id] = k.getVariable(id);
    for (int id : created) before[id] = k.getVariable(id);
    k.close();
  }
  Kernel k(testmods::testOptions(db.path, 5));
  for (const auto& [id, want] : before) {
    INFO("variable " << id);
    const auto& got = k.getVariable(id);
    CHECK(got.value == want.value);
    CHECK(got.updated == want.updated);
    CHECK(got.changed == want.changed);
  }
  for (int id : deleted) CHECK_FALSE(k.objectExists(id));
  SqliteDatabase raw(db.path);
  auto q = raw.prepare("SELECT count(*) FROM variables");
  q.step();
  CHECK(q.columnInt(0) == static_cast<std::int64_t>(before.size()));
}

TEST_CASE("a statement that fails in a batch rolls the whole commit back and acknowledges nothing",
          "[storage][values][errors]") {
  // Both write paths: 300 changed values (IN lists) and 3 (one UPDATE each).
  for (int count : {300, 3}) {
    TempDb db;
    Kernel k(testmods::testOptions(db.path, 9));
    std::vector<int> ids;
    for (int i = 0; i < count; ++i) ids.push_back(k.createVariable(VariableType::Integer));
    k.commit();
    const auto committed = dumpVariables(db.path);
    const int failing = ids[static_cast<std::size_t>(count) / 2];
    {
      // Another connection makes SQLite refuse one row's update (a test-only trigger).
      SqliteDatabase raw(db.path);
      raw.exec("CREATE TRIGGER refuse BEFORE UPDATE ON variables WHEN NEW.id = " + std::to_string(failing) +
               " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    }
    for (int id : ids) k.setValue(id, std::int64_t{id} + 1);
    int extra = k.createVariable(VariableType::String);  // a new row in the same batch
    k.setValue(extra, std::string("new"));
    bool acknowledged = false;
    k.afterCommit([&] { acknowledged = true; });
    CHECK_THROWS_WITH(k.commit(), Catch::Contains("refused by the test"));
    CHECK_FALSE(acknowledged);
    CHECK(dumpVariables(db.path) == committed);  // nothing of the batch, not even the rows before
    CHECK(k.hasUncommittedChanges());
    {
      SqliteDatabase raw(db.path);
      raw.exec("DROP TRIGGER refuse");
    }
    k.commit();  // the same changes, now accepted
    SqliteDatabase raw(db.path);
    auto q = raw.prepare("SELECT value FROM variables WHERE id=?");
    for (int id : {ids.front(), failing, ids.back()}) {
      q.bind(1, id);
      REQUIRE(q.step());
      CHECK(q.columnInt(0) == id + 1);
      q.reset();
    }
    q.bind(1, extra);
    REQUIRE(q.step());
    CHECK(q.columnText(0) == "new");
  }
}

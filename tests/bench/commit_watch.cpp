#include "commit_watch.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "mqtt_pipe.h"

namespace symemu::bench {

CommitWatch::CommitWatch(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 1000);
  const char* sql =
      "SELECT count(*) FROM variables v JOIN objects o ON o.id = v.id WHERE o.ident = 'Fabrication' AND v.value >= ?";
  if (sqlite3_prepare_v2(db_, sql, -1, &query_, nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(db_);
    sqlite3_close(db_);
    throw std::runtime_error("cannot query " + path + ": " + why);
  }
}

CommitWatch::~CommitWatch() {
  sqlite3_finalize(query_);
  sqlite3_close(db_);
}

long long CommitWatch::lastRound() {
  sqlite3_stmt* q = nullptr;
  const char* sql =
      "SELECT coalesce(max(v.value), 0) FROM variables v JOIN objects o ON o.id = v.id WHERE o.ident = 'Fabrication'";
  if (sqlite3_prepare_v2(db_, sql, -1, &q, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("reading the database failed: ") + sqlite3_errmsg(db_));
  long long n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
  sqlite3_finalize(q);
  return n;
}

long long CommitWatch::metersAtRound(long long round) {
  sqlite3_bind_int64(query_, 1, round);
  long long n = -1;
  int rc = sqlite3_step(query_);
  if (rc == SQLITE_ROW) n = sqlite3_column_int64(query_, 0);
  sqlite3_reset(query_);
  if (rc != SQLITE_ROW && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
    throw std::runtime_error(std::string("reading the database failed: ") + sqlite3_errmsg(db_));
  return n;
}

double CommitWatch::waitFor(long long round, long long meters, double timeoutSeconds, double interval) {
  const double deadline = monotonicSeconds() + timeoutSeconds;
  for (;;) {
    if (metersAtRound(round) >= meters) return monotonicSeconds();
    if (monotonicSeconds() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
  }
}

CommitWatchSet::CommitWatchSet(const std::vector<std::string>& paths) {
  if (paths.empty()) throw std::runtime_error("no database to watch");
  for (const auto& path : paths) watches_.push_back(std::make_unique<CommitWatch>(path));
}

long long CommitWatchSet::lastRound() {
  long long last = 0;
  for (auto& w : watches_) last = std::max(last, w->lastRound());
  return last;
}

long long CommitWatchSet::metersAtRound(long long round) {
  long long sum = 0;
  for (auto& w : watches_) sum += w->metersAtRound(round);
  return sum;
}

double CommitWatchSet::waitFor(long long round, long long meters, double timeoutSeconds, double interval) {
  const double deadline = monotonicSeconds() + timeoutSeconds;
  for (;;) {
    if (metersAtRound(round) >= meters) return monotonicSeconds();
    if (monotonicSeconds() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
  }
}

}  // namespace symemu::bench

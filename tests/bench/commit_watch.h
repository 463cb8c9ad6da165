#pragma once
// Reads a running symemu's database (read-only, WAL lets it read while the kernel writes) to
// tell how many meters have their report of a given round committed: the benchmark reports
// carry the round in the Fabrication value, so that count is what "committed" means.
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

namespace symemu::bench {

class CommitWatch {
 public:
  explicit CommitWatch(const std::string& databasePath);  // throws std::runtime_error
  ~CommitWatch();
  CommitWatch(const CommitWatch&) = delete;
  CommitWatch& operator=(const CommitWatch&) = delete;

  // The highest round any meter has committed (0 for a new database).
  long long lastRound();
  // Meters whose Fabrication variable holds `round` or more.
  long long metersAtRound(long long round);
  // Polls every `intervalSeconds` until `meters` meters reached `round`; returns the time it
  // was seen (monotonicSeconds) or a negative number after `timeoutSeconds`.
  double waitFor(long long round, long long meters, double timeoutSeconds, double intervalSeconds = 0.005);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
};

// The databases of several symemu processes that share the loggers (`serve --shard I/N`): a
// meter is committed in exactly one of them, so counts add up and the last round is the highest.
class CommitWatchSet {
 public:
  explicit CommitWatchSet(const std::vector<std::string>& databasePaths);  // throws std::runtime_error
  long long lastRound();
  long long metersAtRound(long long round);
  double waitFor(long long round, long long meters, double timeoutSeconds, double intervalSeconds = 0.005);

 private:
  std::vector<std::unique_ptr<CommitWatch>> watches_;
};

}  // namespace symemu::bench

#pragma once
// Copies the write-ahead log back into the database file on a thread of its own. SQLite's
// automatic checkpoint runs inside whichever commit crosses its threshold, so with many small
// group commits the kernel thread regularly waited for a checkpoint's page copy and fsync:
// those waits were the tail of the publish -> PUBACK latency. A PASSIVE checkpoint from another
// connection never blocks the writer and changes nothing about durability (commits are durable
// once in the WAL).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace symemu {

class WalCheckpointer {
 public:
  WalCheckpointer(std::string path, std::chrono::milliseconds interval);
  ~WalCheckpointer();  // stops and joins; a last checkpoint happens when the database closes
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  void run();

  std::string path_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace symemu

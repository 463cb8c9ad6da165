#pragma once

// Counts of this process's open descriptors and threads, for leak checks.

#include <dirent.h>

#include <chrono>
#include <cstddef>
#include <thread>

namespace symemu::net::test {

inline std::size_t countEntries(const char* dir) {
  std::size_t n = 0;
  if (DIR* d = ::opendir(dir)) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

inline std::size_t openFdCount() { return countEntries("/proc/self/fd"); }
inline std::size_t threadCount() { return countEntries("/proc/self/task"); }

// A thread that was joined may stay listed for a moment; give the count time to settle.
inline bool settlesTo(std::size_t (*count)(), std::size_t expected,
                      std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (count() != expected) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace symemu::net::test

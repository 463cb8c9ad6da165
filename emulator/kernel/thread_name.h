#pragma once
// Names the calling thread, as `top -H`, `ps -L`, `perf report --sort comm` and gdb show it, so
// the kernel thread and the listener can be told apart when profiling. Linux keeps at most 15
// characters; longer names are cut. Elsewhere it does nothing.
#include <pthread.h>

#include <algorithm>
#include <cstring>

namespace symemu {

inline void nameThisThread(const char* name) {
#ifdef __linux__
  char cut[16] = {};
  std::memcpy(cut, name, std::min(std::strlen(name), sizeof cut - 1));
  pthread_setname_np(pthread_self(), cut);
#else
  (void)name;
#endif
}

}  // namespace symemu

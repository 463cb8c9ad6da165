// dlopen for a process that allocates with tcmalloc and embeds PHP (cmake/SymemuAllocator.cmake).
//
// PHP 8.2 loads its shared extensions (pdo.so, ctype.so, opcache.so, ...) with RTLD_DEEPBIND, so
// an extension binds malloc and free to glibc's own rather than to the process's tcmalloc. Memory
// then crosses the two heaps and the process aborts while PHP starts ("munmap_chunk(): invalid
// pointer"; php-src issue 10670, PHP 8.5 stops asking for DEEPBIND where dlmopen exists). The
// executable defines dlopen, which every shared library's dlopen call then reaches, and passes
// the call on without RTLD_DEEPBIND. Nothing else in symemu asks for DEEPBIND; the extensions
// only need it where their symbols would clash with another library's, which symemu loads none of.
#include <dlfcn.h>

extern "C" void* dlopen(const char* file, int mode) {
  using Dlopen = void* (*)(const char*, int);
  static const Dlopen systemDlopen = reinterpret_cast<Dlopen>(dlsym(RTLD_NEXT, "dlopen"));
  return systemDlopen(file, mode & ~RTLD_DEEPBIND);
}

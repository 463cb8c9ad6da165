# The symemu command allocates with tcmalloc (gperftools, Debian libgoogle-perftools-dev): a
# report's data flow makes and frees many small strings on two threads, where glibc's malloc
# took about 14 % of the server's CPU (docs/performance.md, "The allocator: tcmalloc"). Only the
# command and its test twin link it; libraries, the Python module and test binaries keep the
# system malloc. Sanitizer builds do not link it (ASan brings its own allocator).
option(SYMEMU_TCMALLOC "Link the symemu command with tcmalloc_minimal (gperftools)" ON)

if(SYMEMU_TCMALLOC AND NOT SYMEMU_SANITIZE)
  find_library(SYMEMU_TCMALLOC_LIBRARY NAMES tcmalloc_minimal)
  if(NOT SYMEMU_TCMALLOC_LIBRARY)
    message(FATAL_ERROR "tcmalloc_minimal not found: install libgoogle-perftools-dev (scripts/setup) "
                        "or configure with -DSYMEMU_TCMALLOC=OFF")
  endif()
endif()

# Links `target` (an executable) with tcmalloc when enabled, with the dlopen shim PHP's shared
# extensions need beside it (emulator/cli/dlopen_without_deepbind.cpp says why).
function(symemu_use_fast_allocator target)
  if(SYMEMU_TCMALLOC AND NOT SYMEMU_SANITIZE)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/emulator/cli/dlopen_without_deepbind.cpp)
    # --no-as-needed: nothing names tcmalloc's symbols, it replaces malloc by being loaded first.
    target_link_libraries(${target} PRIVATE -Wl,--push-state,--no-as-needed ${SYMEMU_TCMALLOC_LIBRARY}
                          -Wl,--pop-state ${CMAKE_DL_LIBS})
  endif()
endfunction()

#pragma once
// Starts PHP inside the emulator process with Debian's libphp8.2-embed (NTS, docs/architecture.md §5a).
// Threads: call before the kernel thread and network threads start (serve, replay and Python do
// it while building kernel options); idempotent; PHP then runs under PhpHost's lock only.
// Errors: throws KernelError when PHP cannot start. PHP is never shut down: it lives as long as
// the process (Python may create and close many kernels).
#include <string>

namespace symemu::php {
// preludeDirectory: the folder of prelude.php (php_host.h); runtime.h's startPhp() passes the
// data directory's php/prelude.
void startEmbeddedPhp(const std::string& preludeDirectory);
}  // namespace symemu::php

#pragma once
// The core modules (Server Socket, MQTT Server, WebHook Control) as the first built-in library.
#include "symemu/runtime/library_plugin.h"

namespace symemu {
LibraryPlugin coreLibrary();
}  // namespace symemu

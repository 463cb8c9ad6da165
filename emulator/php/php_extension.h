#pragma once
// The zend_module_entry that makes the host's internal functions (symemu_module, symemu_kernel,
// symemu_function) part of PHP. The embed SAPI passes it to php_module_startup so the functions
// are as persistent as any extension's (functions added after start-up vanish with the first
// request, docs/architecture.md §5a); the php-cli extension returns it from get_module().
struct _zend_module_entry;

namespace symemu::php {
_zend_module_entry* symemuModuleEntry();
}

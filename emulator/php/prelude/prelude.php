<?php
// symemu's PHP prelude: what a Symcon module finds when it is loaded (docs/symcon-kernel.md §3, §4).
// Evaluated at the start of every PHP request of the host. IPSModule and IPSModuleStrict call the
// kernel through internal functions of the host (php_internal_functions.cpp):
//   __symemu_<Op>(int $InstanceID, ...)                      the instance-side module API, one
//                                                            function per op (no argument array)
//   symemu_module(int $InstanceID, string $Op, array $Args)  the same by the op's name
//   symemu_kernel(string $Function, array $Args)             the global kernel functions
//   symemu_function(string $Function, int $InstanceID, array $Args)  exported PREFIX_Name
// Names starting with __symemu are the host's; modules do not call them.
// PHPUnit's child processes define the parent's constants before the prelude loads.
if (!defined('IPS_MODULEBASE')) {
    require __DIR__ . '/constants.php';
}
// Methods a host adds to both base classes: none here; the php-cli stubs folder defines the
// official stubs' test-only helpers under this name before the prelude loads (docs/phpunit-stubs.md).
if (!trait_exists('__SymemuTestHelpers', false)) {
    trait __SymemuTestHelpers
    {
    }
}
require __DIR__ . '/dispatch.php';
require __DIR__ . '/IPSModule.php';
require __DIR__ . '/IPSModuleStrict.php';
require __DIR__ . '/host.php';

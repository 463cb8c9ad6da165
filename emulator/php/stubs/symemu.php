<?php

declare(strict_types=1);

// symemu's drop-in for the official Symcon PHP stubs (docs/phpunit-stubs.md). Every entry file of
// this folder starts here: it checks that php-cli runs with the symemu extension, loads symemu's
// module API (the same prelude the emulator runs modules with) and the kernel functions, and
// closes the in-process kernel when the run ends.
if (!extension_loaded('symemu')) {
    fwrite(STDERR, "symemu stubs: the symemu extension is not loaded. Run php -d extension=<build>/php/symemu.so \$(which phpunit) tests\n");
    exit(1);
}

// SYMEMU_KEEP_OBJECTS=1: one module object per instance, as the official stubs keep it, for the
// whole run (IPS\Kernel::reset() returns to it; IPS\Kernel::keepModuleObjects() switches per test).
function __symemu_keep_objects_default(): bool
{
    $keep = getenv('SYMEMU_KEEP_OBJECTS');
    return $keep !== false && $keep !== '' && $keep !== '0';
}

// PHPUnit runs @runInSeparateProcess and processIsolation tests in a new php-cli that gets none of
// this process's -d options. Children inherit the environment: ini/symemu.ini on
// PHP_INI_SCAN_DIR loads the extension from SYMEMU_PHP_EXTENSION. Skipped when an ini file
// already loads it (it would load twice).
function __symemu_children_load_the_extension(): void
{
    $files = array_filter(array_merge([(string) php_ini_loaded_file()], explode(',', (string) php_ini_scanned_files())));
    foreach ($files as $file) {
        if (preg_match('/^\s*extension\s*=[^\n]*symemu/mi', (string) @file_get_contents(trim($file)))) {
            return;
        }
    }
    putenv('SYMEMU_PHP_EXTENSION=' . symemu_test('extensionFile', []));
    // Unset: PHP's own folder (the empty element) and ours; set: the same folders and ours
    // (set but empty, PHP scans none: then ours only).
    $scan = getenv('PHP_INI_SCAN_DIR');
    $ours = __DIR__ . '/ini';
    putenv('PHP_INI_SCAN_DIR=' . ($scan === '' ? $ours : ($scan === false ? '' : $scan) . PATH_SEPARATOR . $ours));
}

// Once per process. Not a constant: PHPUnit copies the parent's constants into its children.
if (!symemu_test('booted', [])) {
    if (!defined('SYMEMU_STUBS')) {
        define('SYMEMU_STUBS', __DIR__);
    }
    // A PHPUnit child (its runner function exists) reports through stdout; output on stderr
    // would fail the test, so kernel errors stay in the kernel log (IPS\LogServer).
    if (function_exists('__phpunit_run_isolated_test')) {
        symemu_test('logToStderr', [false]);
    }
    __symemu_children_load_the_extension();
    require_once __DIR__ . '/TestHelpers.php';
    symemu_test('boot', []);
    __SymemuObjects::$keep = __symemu_keep_objects_default();
    // A module's getTime() is the kernel clock: after each call into the module the manual clock
    // moves forward to it, so the module's timers run when its time says they are due.
    __SymemuObjects::$afterCall = static function (object $module): void {
        if (!method_exists($module, 'getTime')) {
            return;
        }
        try {
            $time = (new ReflectionMethod($module, 'getTime'))->invoke($module);
        } catch (\Throwable $e) {
            return; // a getTime() that cannot answer leaves the clock alone, as in the stubs
        }
        if (is_int($time) || is_float($time)) {
            symemu_test('setTime', [$time]);
        }
    };
    // A PREFIX_Name call made by the test itself runs on the module object directly, as the
    // official stubs call it, so its exceptions, warnings and output reach the test unchanged.
    // Calls from inside modules, and functions of symemu's built-in modules, go through the kernel.
    __SymemuObjects::$exportedCall = static function (string $Function, int $InstanceID, array $Args) {
        if (symemu_test('depth', []) > 0 || !IPS_InstanceExists($InstanceID)) {
            return symemu_function($Function, $InstanceID, $Args);
        }
        $class = symemu_test('moduleClass', [$InstanceID]);
        $prefix = IPS_GetModule(IPS_GetInstance($InstanceID)['ModuleInfo']['ModuleID'])['Prefix'];
        $method = substr($Function, strlen($prefix) + 1);
        if ($class === '' || strcasecmp(substr($Function, 0, strlen($prefix) + 1), $prefix . '_') !== 0
            || !method_exists($class, $method)) {
            return symemu_function($Function, $InstanceID, $Args);
        }
        $module = __symemu_module_object($InstanceID, $class);
        $result = $module->$method(...$Args);
        __SymemuObjects::afterCall($module);
        return $result;
    };
    register_shutdown_function(static function (): void {
        symemu_test('shutdown', []);
    });
    require_once __DIR__ . '/KernelStubs.php';
}

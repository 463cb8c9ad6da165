<?php
// The host's entry into a module call (php_module.cpp), shared by IPSModule and IPSModuleStrict.
// A trait method runs in the scope of the class that uses it, so protected callbacks such as
// ProcessHookData stay reachable; not part of Symcon's API.
trait __SymemuDispatch
{
    public static function __symemuDispatch(int $InstanceID, string $Class, string $Method, array $Args): array
    {
        ob_start();
        try {
            // A fresh object per call (inline: thousands of calls a second); php-cli tests may keep one.
            $module = __SymemuObjects::$keep ? __symemu_module_object($InstanceID, $Class) : new $Class($InstanceID);
            $result = $module->$Method(...$Args);
            if (__SymemuObjects::$afterCall !== null) {
                __SymemuObjects::afterCall($module);
            }
            return [true, $result, ob_get_clean()];
        } catch (\Throwable $e) {
            $out = ob_get_clean();
            [$file, $line] = __symemu_where($e);
            return [false, get_class($e), $e->getMessage(), $file, $line, $out];
        }
    }
}

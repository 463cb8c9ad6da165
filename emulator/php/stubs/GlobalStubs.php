<?php

declare(strict_types=1);

// The official stubs define the global IPS_* functions here. With symemu they are the kernel's
// (the extension defines them from symemu's function table when it boots). A few that the
// table does not offer yet and that modules call for their environment get answers here, the
// way the official stubs answer them; the kernel's own wins once it has them.
require_once __DIR__ . '/symemu.php';

if (!function_exists('IPS_GetKernelDir')) {
    function IPS_GetKernelDir()
    {
        return sys_get_temp_dir() . '/';
    }
}

if (!function_exists('IPS_GetLogDir')) {
    function IPS_GetLogDir()
    {
        return sys_get_temp_dir() . '/logs/';
    }
}

if (!function_exists('IPS_GetKernelPlatform')) {
    function IPS_GetKernelPlatform()
    {
        return 'symemu';
    }
}

if (!function_exists('IPS_GetLicensee')) {
    function IPS_GetLicensee()
    {
        return 'symemu@localhost';
    }
}

if (!function_exists('IPS_GetReferenceList')) {
    function IPS_GetReferenceList(int $InstanceID)
    {
        return IPS\InstanceManager::getReferenceList($InstanceID);
    }
}

if (!function_exists('IPS_RunScriptTextEx')) {
    function IPS_RunScriptTextEx(string $ScriptText, array $Parameters)
    {
        IPS\ScriptEngine::runScriptTextEx($ScriptText, $Parameters);
        return true;
    }
}

// The official IOStubs' Client Socket test helpers. symemu's Client Socket is the real core
// module; in test runs (network off) it queues what children send and answers these. Errors are
// exceptions, as the official helpers throw them (docs/phpunit-stubs.md).
if (!function_exists('CSCK_PushText')) {
    function CSCK_PushText(int $InstanceID, string $Text)
    {
        return symemu_test('callFunction', ['CSCK_PushText', $InstanceID, $Text]);
    }
}

if (!function_exists('CSCK_HasText')) {
    function CSCK_HasText(int $InstanceID)
    {
        return symemu_test('callFunction', ['CSCK_HasText', $InstanceID]);
    }
}

if (!function_exists('CSCK_PeekText')) {
    function CSCK_PeekText(int $InstanceID)
    {
        return symemu_test('callFunction', ['CSCK_PeekText', $InstanceID]);
    }
}

if (!function_exists('CSCK_PopText')) {
    function CSCK_PopText(int $InstanceID)
    {
        return symemu_test('callFunction', ['CSCK_PopText', $InstanceID]);
    }
}

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

// More environment answers the official stubs give and the kernel function table lacks. The
// kernel started at the last IPS\Kernel::reset(); symemu has no licence limits.
if (!function_exists('IPS_GetKernelDirEx')) {
    function IPS_GetKernelDirEx()
    {
        return IPS_GetKernelDir();
    }
}

if (!function_exists('IPS_GetKernelStartTime')) {
    function IPS_GetKernelStartTime()
    {
        return IPS\Kernel::startTime();
    }
}

if (!function_exists('IPS_GetKernelRevision')) {
    function IPS_GetKernelRevision()
    {
        return 'symemu-' . phpversion('symemu');
    }
}

if (!function_exists('IPS_GetLimitDemo')) {
    function IPS_GetLimitDemo()
    {
        return 0;
    }
}

if (!function_exists('IPS_GetLimitServer')) {
    function IPS_GetLimitServer()
    {
        return '';
    }
}

if (!function_exists('IPS_GetLimitVariables')) {
    function IPS_GetLimitVariables()
    {
        return 0;
    }
}

if (!function_exists('IPS_GetLimitWebFront')) {
    function IPS_GetLimitWebFront()
    {
        return 0;
    }
}

if (!function_exists('IPS_GetDemoExpiration')) {
    function IPS_GetDemoExpiration()
    {
        return 0;
    }
}

if (!function_exists('IPS_GetCategory')) {
    function IPS_GetCategory(int $CategoryID)
    {
        return IPS\CategoryManager::getCategory($CategoryID);
    }
}

if (!function_exists('IPS_GetModules')) {
    // IPS_GetModule of each ID ([] = every module).
    function IPS_GetModules(array $Parameter)
    {
        return array_map('IPS_GetModule', $Parameter === [] ? IPS_GetModuleList() : $Parameter);
    }
}

if (!function_exists('IPS_GetLibraries')) {
    function IPS_GetLibraries(array $Parameter)
    {
        return array_map('IPS_GetLibrary', $Parameter === [] ? IPS_GetLibraryList() : $Parameter);
    }
}

if (!function_exists('IPS_RunScriptTextWaitEx')) {
    function IPS_RunScriptTextWaitEx(string $ScriptText, array $Parameters)
    {
        return IPS\ScriptEngine::runScriptTextWaitEx($ScriptText, $Parameters);
    }
}

// The actions IPS\ActionPool::loadActions() read (a library's actions/ folder).
if (!function_exists('IPS_GetActions')) {
    function IPS_GetActions()
    {
        return IPS\ActionPool::getActions();
    }
}

if (!function_exists('IPS_RunAction')) {
    function IPS_RunAction(string $ActionID, array $Parameters)
    {
        IPS\ActionPool::runAction($ActionID, $Parameters);
        return true;
    }
}

if (!function_exists('IPS_RunActionWait')) {
    function IPS_RunActionWait(string $ActionID, array $Parameters)
    {
        return IPS\ActionPool::runActionWait($ActionID, $Parameters);
    }
}

// Scripts, events, media and links: symemu's kernel has none, so none exists and every list is
// empty. Creating one (IPS_CreateScript, IPS_CreateEvent, ...) stays undefined and fails naming
// the function; so do IPS_GetVariablePresentation and the other Symcon 8 presentation functions,
// which modules probe with function_exists().
if (!function_exists('IPS_ScriptExists')) {
    function IPS_ScriptExists(int $ID)
    {
        return false;
    }
}

if (!function_exists('IPS_EventExists')) {
    function IPS_EventExists(int $ID)
    {
        return false;
    }
}

if (!function_exists('IPS_MediaExists')) {
    function IPS_MediaExists(int $ID)
    {
        return false;
    }
}

if (!function_exists('IPS_LinkExists')) {
    function IPS_LinkExists(int $ID)
    {
        return false;
    }
}

if (!function_exists('IPS_GetScriptList')) {
    function IPS_GetScriptList()
    {
        return [];
    }
}

if (!function_exists('IPS_GetEventList')) {
    function IPS_GetEventList()
    {
        return [];
    }
}

if (!function_exists('IPS_GetMediaList')) {
    function IPS_GetMediaList()
    {
        return [];
    }
}

if (!function_exists('IPS_GetLinkList')) {
    function IPS_GetLinkList()
    {
        return [];
    }
}

if (!function_exists('IPS_GetEventListByType')) {
    function IPS_GetEventListByType(int $Type)
    {
        return [];
    }
}

if (!function_exists('IPS_GetMediaListByType')) {
    function IPS_GetMediaListByType(int $Type)
    {
        return [];
    }
}

if (!function_exists('IPS_GetVariableEventList')) {
    function IPS_GetVariableEventList(int $VariableID)
    {
        IPS\VariableManager::checkVariable($VariableID);
        return [];
    }
}

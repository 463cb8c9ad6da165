"""The stubs folder's public surface against the official SymconStubs (read, not copied): every
IPS\\* manager method a suite may call exists with the official name; what symemu cannot do fails
with an exception naming the method; the official global functions symemu lacks are exactly
the ones docs/phpunit-stubs.md lists, and each fails naming itself (docs/phpunit-stubs.md)."""
import json
import re

from test_php_samples import REPO, one_module_library, passed, run_phpunit

# The official stubs' IPS\* classes and public methods (names only).
OFFICIAL_MANAGERS = {
    "Kernel": "reset",
    "ModuleLoader": "libraryExists getLibrary getLibraryList getLibraryModules moduleExists getModule getModuleList "
                    "getModuleListByType loadLibrary loadSingleModule reset",
    "ObjectManager": "registerObject unregisterObject setParent setIdent setName setInfo setIcon setSummary setPosition "
                     "setReadOnly setHidden setDisabled objectExists getObject getObjectList getObjectIDByName "
                     "getObjectIDByNameEx getObjectIDByIdent hasChildren isChild getChildrenIDs getName getParent "
                     "getLocation reset",
    "CategoryManager": "createCategory deleteCategory categoryExists getCategory getCategoryList reset",
    "InstanceManager": "createInstance deleteInstance instanceExists getInstance getInstanceInterface getInstanceList "
                       "getInstanceListByModuleType getInstanceListByModuleID setStatus getStatus connectInstance "
                       "disconnectInstance getReferenceList reset",
    "TimeManager": "updateTime getTime reset",
    "VariableManager": "createVariable deleteVariable readVariableBoolean writeVariableBoolean readVariableInteger "
                       "writeVariableInteger readVariableFloat writeVariableFloat readVariableString writeVariableString "
                       "variableExists checkVariable getVariable getVariablePresentation getVariableList "
                       "setVariableCustomProfile setVariableCustomAction setVariableCustomPresentation setVariableProfile "
                       "setVariableAction setVariablePresentation reset",
    "ScriptManager": "createScript deleteScript setScriptFile setScriptContent scriptExists checkScript getScript "
                     "getScriptList getScriptFile getScriptContent reset",
    "ScriptEngine": "runScript runScriptEx IPS_RunScriptWait runScriptWaitEx runScriptText runScriptTextEx "
                    "runScriptTextWait runScriptTextWaitEx semaphoreEnter semaphoreLeave scriptThreadExists "
                    "getScriptThread getScriptThreadList",
    "DataServer": "functionExists getFunction getFunctionList getFunctionListByModuleID getFunctions getFunctionsMap",
    "EventManager": "reset",
    "MediaManager": "createMedia deleteMedia mediaExists checkMedia reset",
    "LinkManager": "createLink deleteLink getLink getLinkIdByName getLinkList linkExists setLinkTargetID reset",
    "ProfileManager": "createVariableProfile deleteVariableProfile setVariableProfileText setVariableProfileValues "
                      "setVariableProfileDigits setVariableProfileIcon setVariableProfileAssociation "
                      "variableProfileExists checkVariableProfile getVariableProfile getVariableProfileList "
                      "getVariableProfileListByType reset",
    "TemplateManager": "createTemplate deleteTemplate createTemplateEx setTemplateName setTemplateValues templateExists "
                       "getTemplate getTemplateList getTemplateListByPresentation reset",
    "DebugServer": "disableDebug enableDebug sendDebug getDebugMessages reset",
    "LogServer": "logMessage getLogMessages reset",
    "ActionPool": "loadActions getActions getActionsByEnvironment getActionForm getActionReadableCode runAction "
                  "runActionWait updateFormField reset",
    "PresentationPool": "getDefaultParameters checkPresentation getPresentations getPresentation getPresentationForm "
                        "presentationExists reset",
}

# The official stubs' global functions that symemu's kernel and stubs do not define.
MISSING_FUNCTIONS = """
GetValueFormattedEx IPS_StartSearch IPS_StopSearch IPS_SupportsSearching IPS_IsSearching IPS_GetVariablePresentation
IPS_SetVariableCustomPresentation IPS_CreateScript IPS_DeleteScript IPS_SetScriptContent IPS_SetScriptFile IPS_GetScript
IPS_GetScriptContent IPS_GetScriptEventList IPS_GetScriptFile IPS_GetScriptIDByFile IPS_GetScriptIDByName IPS_CreateEvent
IPS_DeleteEvent IPS_GetEvent IPS_GetEventIDByName IPS_SetEventActive IPS_SetEventCyclic IPS_SetEventCyclicDateFrom
IPS_SetEventCyclicDateTo IPS_SetEventCyclicTimeFrom IPS_SetEventCyclicTimeTo IPS_SetEventLimit IPS_SetEventScheduleAction
IPS_SetEventScheduleGroup IPS_SetEventScheduleGroupPoint IPS_SetEventScript IPS_SetEventTrigger
IPS_SetEventTriggerSubsequentExecution IPS_SetEventTriggerValue IPS_IsConditionPassing IPS_GetScriptTimer
IPS_SetScriptTimer IPS_CreateMedia IPS_DeleteMedia IPS_GetMedia IPS_GetMediaContent IPS_GetMediaIDByFile
IPS_GetMediaIDByName IPS_SetMediaCached IPS_SetMediaContent IPS_SetMediaFile IPS_SendMediaEvent IPS_CreateLink
IPS_DeleteLink IPS_GetLink IPS_GetLinkIDByName IPS_SetLinkTargetID IPS_GetLiveConsoleCRC IPS_GetLiveConsoleFile
IPS_GetLiveDashboardCRC IPS_GetLiveDashboardFile IPS_GetLiveUpdateVersion IPS_SetLicense IPS_RunScript IPS_RunScriptEx
IPS_RunScriptWait IPS_RunScriptWaitEx IPS_ScriptThreadExists IPS_GetScriptThread IPS_GetScriptThreadList
IPS_GetScriptThreads IPS_GetFunctionListByModuleID IPS_GetFunctions IPS_GetFunctionsMap IPS_TimerExists IPS_GetTimer
IPS_GetTimerList IPS_GetTimers IPS_GetActionsByEnvironment IPS_GetActionForm IPS_GetActionReadableCode
IPS_GetPresentations IPS_GetPresentation IPS_UpdateFormField IPS_GetOption IPS_GetSecurityMode IPS_GetSnapshot
IPS_GetSnapshotChanges IPS_SetOption IPS_SetSecurity IPS_Execute IPS_ExecuteEx Sys_GetBattery Sys_GetCPUInfo
Sys_GetHardDiskInfo Sys_GetMemoryInfo Sys_GetNetworkInfo Sys_GetProcessInfo Sys_GetSpooler Sys_GetURLContent
Sys_GetURLContentEx Sys_Ping
""".split()

# The official stubs' global functions that symemu defines (kernel function table or stubs).
OFFERED_FUNCTIONS = """
GetValue GetValueBoolean GetValueInteger GetValueFloat GetValueString SetValue SetValueBoolean SetValueInteger
SetValueFloat SetValueString GetValueFormatted HasAction RequestAction RequestActionEx IPS_SetParent IPS_SetIdent
IPS_SetName IPS_SetInfo IPS_SetIcon IPS_SetPosition IPS_SetHidden IPS_SetDisabled IPS_ObjectExists IPS_GetObject
IPS_GetObjectList IPS_GetObjectIDByName IPS_GetObjectIDByIdent IPS_HasChildren IPS_IsChild IPS_GetChildrenIDs
IPS_GetName IPS_GetParent IPS_GetLocation IPS_CreateCategory IPS_DeleteCategory IPS_CategoryExists IPS_GetCategory
IPS_GetCategoryList IPS_GetCategoryIDByName IPS_CreateInstance IPS_DeleteInstance IPS_InstanceExists IPS_GetInstance
IPS_GetInstanceList IPS_GetInstanceIDByName IPS_GetInstanceListByModuleType IPS_GetInstanceListByModuleID
IPS_GetReferenceList IPS_HasChanges IPS_ResetChanges IPS_ApplyChanges IPS_GetProperty IPS_GetConfiguration
IPS_GetConfigurationForParent IPS_GetConfigurationForm IPS_SetProperty IPS_SetConfiguration IPS_ConnectInstance
IPS_DisconnectInstance IPS_DisableDebug IPS_EnableDebug IPS_SendDebug IPS_RequestAction IPS_CreateVariable
IPS_DeleteVariable IPS_VariableExists IPS_GetVariable IPS_GetVariableEventList IPS_GetVariableIDByName
IPS_GetVariableList IPS_SetVariableCustomAction IPS_SetVariableCustomProfile IPS_ScriptExists IPS_GetScriptList
IPS_EventExists IPS_GetEventList IPS_GetEventListByType IPS_MediaExists IPS_GetMediaList IPS_GetMediaListByType
IPS_LinkExists IPS_GetLinkList IPS_CreateVariableProfile IPS_DeleteVariableProfile IPS_VariableProfileExists
IPS_GetVariableProfile IPS_GetVariableProfileList IPS_GetVariableProfileListByType IPS_SetVariableProfileAssociation
IPS_SetVariableProfileDigits IPS_SetVariableProfileIcon IPS_SetVariableProfileText IPS_SetVariableProfileValues
IPS_GetKernelDir IPS_GetKernelDirEx IPS_GetKernelRunlevel IPS_GetKernelStartTime IPS_GetKernelPlatform
IPS_GetKernelVersion IPS_GetKernelRevision IPS_GetKernelDate IPS_GetLogDir IPS_GetSystemLanguage IPS_LogMessage
IPS_GetLicensee IPS_GetLimitDemo IPS_GetLimitServer IPS_GetLimitVariables IPS_GetLimitWebFront IPS_GetDemoExpiration
IPS_RunScriptText IPS_RunScriptTextEx IPS_RunScriptTextWait IPS_RunScriptTextWaitEx IPS_SemaphoreEnter
IPS_SemaphoreLeave IPS_FunctionExists IPS_GetFunction IPS_GetFunctionList IPS_LibraryExists IPS_GetLibrary
IPS_GetLibraryList IPS_GetLibraryModules IPS_ModuleExists IPS_GetModule IPS_GetModuleList IPS_GetModuleListByType
IPS_IsModuleCompatible IPS_GetCompatibleModules IPS_IsInstanceCompatible IPS_GetCompatibleInstances IPS_GetModules
IPS_GetLibraries IPS_GetActions IPS_RunAction IPS_RunActionWait IPS_Sleep
""".split()

SUITE = r"""<?php
include_once __DIR__ . '/stubs/autoload.php';
include_once __DIR__ . '/stubs/Console.php';
use PHPUnit\Framework\TestCase;
class SurfaceTest extends TestCase
{
    protected function setUp(): void
    {
        IPS\Kernel::reset();
    }

    public function testEveryOfficialManagerMethodExists(): void
    {
        foreach (json_decode(getenv('OFFICIAL_MANAGERS'), true) as $class => $methods) {
            foreach (explode(' ', $methods) as $method) {
                $this->assertTrue(method_exists('IPS\\' . $class, $method), "IPS\\$class::$method");
            }
        }
    }

    public function testOfferedFunctionsExistAndMissingOnesFailNamingThemselves(): void
    {
        foreach (json_decode(getenv('OFFERED_FUNCTIONS'), true) as $function) {
            $this->assertTrue(function_exists($function), $function);
        }
        foreach (json_decode(getenv('MISSING_FUNCTIONS'), true) as $function) {
            $this->assertFalse(function_exists($function), "$function exists now: update docs/phpunit-stubs.md");
            try {
                $function();
                $this->fail("$function did not fail");
            } catch (Error $e) {
                $this->assertSame("Call to undefined function $function()", $e->getMessage());
            }
        }
    }

    public function testWhatSymemuCannotDoFailsNamingTheMethod(): void
    {
        $calls = [
            'IPS\ObjectManager::registerObject'                  => fn () => IPS\ObjectManager::registerObject(0),
            'IPS\InstanceManager::createInstance'                => fn () => IPS\InstanceManager::createInstance(1, []),
            'IPS\VariableManager::createVariable'                => fn () => IPS\VariableManager::createVariable(1, 0),
            'IPS\VariableManager::setVariablePresentation'       => fn () => IPS\VariableManager::setVariablePresentation(1, []),
            'IPS\ScriptManager::createScript'                    => fn () => IPS\ScriptManager::createScript(1, 0),
            'IPS\ScriptEngine::runScriptWaitEx'                  => fn () => IPS\ScriptEngine::runScriptWaitEx(1, []),
            'IPS\MediaManager::createMedia'                      => fn () => IPS\MediaManager::createMedia(1, 1),
            'IPS\LinkManager::createLink'                        => fn () => IPS\LinkManager::createLink(1),
            'IPS\TemplateManager::createTemplate'                => fn () => IPS\TemplateManager::createTemplate('{X}'),
            'IPS\PresentationPool::getPresentationForm'          => fn () => IPS\PresentationPool::getPresentationForm('{X}', 0, []),
            'IPS\ActionPool::getActionForm'                      => fn () => IPS\ActionPool::getActionForm('{X}', []),
            'IPS\DataServer::getFunctions'                       => fn () => IPS\DataServer::getFunctions([]),
        ];
        foreach ($calls as $method => $call) {
            try {
                $call();
                $this->fail("$method did not fail");
            } catch (Exception $e) {
                $this->assertStringStartsWith("$method is not offered by symemu: ", $e->getMessage());
            }
        }
        // Questions about object kinds symemu lacks have the truthful answer.
        $this->assertFalse(IPS\ScriptManager::scriptExists(12345));
        $this->assertFalse(IPS_ScriptExists(12345));
        $this->assertSame([], IPS_GetEventList());
        $this->assertSame([], IPS\LinkManager::getLinkList());
        $this->assertSame('[]', IPS\PresentationPool::getPresentations());
        $this->expectExceptionMessage('Script #12345 does not exist');
        IPS\ScriptManager::getScript(12345);
    }

    public function testAddedManagerMethodsReachTheKernel(): void
    {
        $room = IPS_CreateCategory();
        IPS_SetName($room, 'Room');
        IPS\ObjectManager::setSummary($room, 'two lamps');
        IPS\ObjectManager::setReadOnly($room, true);
        $this->assertSame('two lamps', IPS_GetObject($room)['ObjectSummary']);
        $this->assertTrue(IPS_GetObject($room)['ObjectIsReadOnly']);
        $this->assertSame($room, IPS\ObjectManager::getObjectIDByNameEx('Room', 0, OBJECTTYPE_CATEGORY));
        $this->assertSame([], IPS_GetCategory($room));
        $variable = IPS_CreateVariable(VARIABLETYPE_INTEGER);
        $this->assertSame([], IPS_GetVariableEventList($variable));
        IPS\VariableManager::deleteVariable($variable);
        $this->assertFalse(IPS_VariableExists($variable));
        IPS\CategoryManager::deleteCategory($room);
        $this->assertFalse(IPS_ObjectExists($room));
        try {
            IPS\ObjectManager::getObjectIDByNameEx('Room', 0, OBJECTTYPE_CATEGORY);
            $this->fail('found a deleted category');
        } catch (Exception $e) {
            $this->assertSame('Object with name Room could not be found', $e->getMessage());
        }

        $this->assertSame(IPS\Kernel::now(), (float) IPS_GetKernelStartTime());
        IPS\Kernel::advance(60);
        $this->assertLessThan(IPS\Kernel::now(), (float) IPS_GetKernelStartTime());
        $this->assertTrue(IPS\DataServer::functionExists('IPS_GetObject'));
        $this->assertFalse(IPS\DataServer::functionExists('IPS_NoSuchFunction'));
        $modules = IPS_GetModules([]);
        $this->assertContains('Server Socket', array_column($modules, 'ModuleName'));
        $this->assertCount(count(IPS_GetLibraryList()), IPS_GetLibraries([]));
        IPS\LogServer::logMessage('SurfaceTest', 'hello log', KL_MESSAGE);
        $this->assertSame([['Message' => 'hello log', 'Type' => KL_CUSTOM]], IPS\LogServer::getLogMessages('SurfaceTest'));
    }

    public function testTheOldKernelFacadeReachesTheManagers(): void
    {
        IPS\Kernel::loadLibrary(__DIR__ . '/../library.json');
        $this->assertTrue(IPS\Kernel::moduleExists('{5E3A0009-0001-4000-8000-000000000001}'));
        $id = IPS_CreateCategory();
        IPS\Kernel::setName($id, 'Old style');
        $this->assertSame('Old style', IPS\Kernel::getName($id));
        try {
            IPS\Kernel::checkObject($id); // private in IPS\ObjectManager
            $this->fail('a private manager method was reachable');
        } catch (Exception $e) {
            $this->assertSame('IPS\Kernel::checkObject is not offered by symemu: no IPS\* manager has it (docs/phpunit-stubs.md)', $e->getMessage());
        }
    }

    public function testActionsRunThroughTheGlobalFunctions(): void
    {
        IPS\ActionPool::loadActions(__DIR__ . '/actions');
        $this->assertSame('{A1}', json_decode(IPS_GetActions(), true)[0]['id']);
        $this->assertSame('target 7', IPS_RunActionWait('{A1}', ['TARGET' => 7]));
        $this->assertSame('x y', IPS_RunScriptTextWaitEx('echo $_IPS["A"], " ", $_IPS["B"];', ['A' => 'x', 'B' => 'y']));
    }

    public function testIPSListReadsAndWritesTheSelectedRow(): void
    {
        $list = new IPSList(json_encode(['list' => [['Name' => 'a'], ['Name' => 'b']], 'selected' => 1, 'default' => ['Name' => '']]));
        $this->assertSame('b', $list['Name']);
        $this->assertSame(['Name' => 'a'], $list[0]);
        $list['Name'] = 'B';
        $this->assertSame(['Name' => 'B'], json_decode(json_encode($list), true));
        $this->assertSame(['a', 'B'], array_column(iterator_to_array($list), 'Name'));
        $none = new IPSList(json_encode(['list' => [], 'selected' => -1, 'default' => ['Name' => 'new']]));
        $this->assertSame('new', $none['Name']);
        $this->expectException(InvalidArgumentException::class);
        new IPSList('not json');
    }
}
"""


def test_stubs_surface_matches_the_official_stubs(tmp_path):
    library, tests = one_module_library(tmp_path, "Plain Device", "<?php\nclass PlainDevice extends IPSModule\n{\n}\n")
    (tests / "actions").mkdir()
    (tests / "actions" / "a1.json").write_text(json.dumps({"id": "{A1}", "action": ["echo 'target ' . $_IPS['TARGET'];"]}))
    (tests / "SurfaceTest.php").write_text(SUITE)
    env = {"OFFICIAL_MANAGERS": json.dumps(OFFICIAL_MANAGERS), "OFFERED_FUNCTIONS": json.dumps(OFFERED_FUNCTIONS),
           "MISSING_FUNCTIONS": json.dumps(MISSING_FUNCTIONS)}
    proc, results = run_phpunit(library, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(passed(results)) == 7, results


def test_the_docs_list_every_missing_function():
    docs = (REPO / "docs" / "phpunit-stubs.md").read_text()
    section = docs[docs.index("### Official global functions symemu does not offer"):]
    listed = set(re.findall(r"`([A-Za-z_]+)`", section.split("\n## ")[0]))
    assert listed == set(MISSING_FUNCTIONS), (set(MISSING_FUNCTIONS) - listed, listed - set(MISSING_FUNCTIONS))


CORE_SUITE = r"""<?php
include_once __DIR__ . '/stubs/autoload.php';
use PHPUnit\Framework\TestCase;
// CoreStubs' stand-ins for the core modules symemu does not have, with the official GUIDs.
class CoreStandInTest extends TestCase
{
    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/CoreStubs/library.json');
    }

    public function testWebFrontCallsAreRecordedAsDebugMessages(): void
    {
        $id = IPS_CreateInstance('{3565B1F2-8F7B-4311-A4B6-1BF1D868F39E}');
        WFC_PushNotification($id, 'Door', 'open', 'alarm', 0);
        WFC_SwitchPage($id, 'Main');
        $this->assertSame([
            ['Message' => 'PushNotification', 'Data' => '["Door","open","alarm",0]', 'Format' => 0],
            ['Message' => 'SwitchPage', 'Data' => '["Main"]', 'Format' => 0],
        ], IPS\DebugServer::getDebugMessages($id));
    }

    public function testTileNotificationsCountUpAcrossFreshObjects(): void
    {
        $id = IPS_CreateInstance('{B5B875BB-9B76-45FD-4E67-2607E45B3AC4}');
        $this->assertSame(1, VISU_PostNotification($id, 'Door', 'open', 'info', 0));
        $this->assertSame(2, VISU_PostNotificationEx($id, 'Door', 'closed', 'door', 'bell', 0));
    }

    public function testVoIPCallsAreAnsweredByTheTest(): void
    {
        $id = IPS_CreateInstance('{A4224A63-49EA-445F-8422-22EF99D8F624}');
        $call = VoIP_Connect($id, '+49123');
        $this->assertFalse(VoIP_GetConnection($id, $call)['Connected']);
        VoIP_StubsAnswerOutgoingCall($id, $call);
        $this->assertTrue(VoIP_GetConnection($id, $call)['Connected']);
        VoIP_Disconnect($id, $call);
        $this->assertTrue(VoIP_StubsGetConnections($id)[$call]['Disconnected']);
        $this->expectExceptionMessage('VoIP_SendDTMF is not offered');
        VoIP_SendDTMF($id, $call, '1');
    }

    public function testUtilAndDnssdControlExist(): void
    {
        $this->assertSame([], UC_GetLogMessageStatistics(IPS_CreateInstance('{B69010EA-96D5-46DF-B885-24821B8C8DBD}')));
        $zc = IPS_CreateInstance('{780B2D48-916C-4D59-AD35-5A429B2355A5}');
        IPS_SetProperty($zc, 'Services', '[{"Name":"x"}]');
        IPS_ApplyChanges($zc);
        $this->assertSame('[{"Name":"x"}]', IPS_GetProperty($zc, 'Services'));
    }
}
"""


def test_corestubs_stand_ins(tmp_path):
    library, tests = one_module_library(tmp_path, "Plain Device", "<?php\nclass PlainDevice extends IPSModule\n{\n}\n")
    (tests / "CoreStandInTest.php").write_text(CORE_SUITE)
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(passed(results)) == 4, results


UDP_DEVICE = r"""<?php
class UdpEcho extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RequireParent('{82347F20-F541-41E1-AC5B-A636FD3AE2D8}');
        $this->RegisterVariableString('Last', 'Last');
    }

    // Answers every datagram in capitals to its sender; plain text is only stored.
    public function ReceiveData($JSONString)
    {
        $data = json_decode($JSONString, true);
        $bytes = mb_convert_encoding($data['Buffer'], 'ISO-8859-1', 'UTF-8');
        $this->SetValue('Last', $bytes);
        if (isset($data['ClientIP'])) {
            $this->SendDataToParent(json_encode(['DataID' => '{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}', 'Type' => 0,
                'Buffer' => mb_convert_encoding(strtoupper($bytes), 'UTF-8', 'ISO-8859-1'),
                'ClientIP' => $data['ClientIP'], 'ClientPort' => $data['ClientPort']]));
        }
        return '';
    }
}
"""

UDP_SUITE = r"""<?php
include_once __DIR__ . '/stubs/autoload.php';
use PHPUnit\Framework\TestCase;
// IOStubs' UDP Socket with the official packet helpers, as a datagram peer for the device.
class UdpTest extends TestCase
{
    private $device;
    private $io;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/IOStubs/library.json');
        $this->device = IPS_CreateInstance('{5E3A0009-0001-4000-8000-000000000001}');
        $this->io = IPS\InstanceManager::getInstanceInterface(IPS_GetInstance($this->device)['ConnectionID']);
    }

    public function testDatagramsGoBothWaysWithTheirAddress(): void
    {
        $this->assertFalse($this->io->HasPacket());
        $this->io->PushPacket("hi\xFF", '10.0.0.5', 5000);
        $this->assertSame("hi\xFF", GetValue(IPS_GetObjectIDByIdent('Last', $this->device)));
        $this->assertTrue($this->io->HasPacket());
        $expected = ['Type' => 0, 'Buffer' => "HI\xFF", 'ClientIP' => '10.0.0.5', 'ClientPort' => 5000];
        $this->assertSame($expected, $this->io->PeekPacket());
        // A fresh object for the same instance sees the same queue.
        $this->assertSame($expected, IPS\InstanceManager::getInstanceInterface(IPS_GetInstance($this->device)['ConnectionID'])->PopPacket());
        $this->assertFalse($this->io->HasPacket());
        $this->expectExceptionMessage('There is not data available');
        $this->io->PopPacket();
    }

    public function testPlainTextStillUsesTheTextHelpers(): void
    {
        $this->io->PushText('plain');
        $this->assertSame('plain', GetValue(IPS_GetObjectIDByIdent('Last', $this->device)));
        $this->assertFalse($this->io->HasPacket());
        $this->assertFalse($this->io->HasText());
    }

    public function testTheOfficialPropertiesExist(): void
    {
        $udp = IPS_GetInstance($this->device)['ConnectionID'];
        foreach (['Host' => '10.0.0.9', 'Port' => 5000, 'BindIP' => '0.0.0.0', 'BindPort' => 5001, 'EnableBroadcast' => true, 'EnableReuseAddress' => true] as $name => $value) {
            IPS_SetProperty($udp, $name, $value);
        }
        IPS_ApplyChanges($udp);
        $this->assertTrue(IPS_GetProperty($udp, 'EnableBroadcast'));
        $multicast = IPS_CreateInstance('{BAB408E0-0A0F-48C3-B14E-9FB2FA81F66A}');
        $this->assertTrue(method_exists(IPS\InstanceManager::getInstanceInterface($multicast), 'PushPacket'));
    }
}
"""


def test_udp_socket_packets(tmp_path):
    library, tests = one_module_library(
        tmp_path, "Udp Echo", UDP_DEVICE, parents='["{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}"]',
        implemented='["{7A1272A4-CBDB-46EF-BFC6-DCF4A53D2FC7}", "{018EF6B5-AB94-40C6-AA53-46943E824ACF}"]')
    (tests / "UdpTest.php").write_text(UDP_SUITE)
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(passed(results)) == 3, results


DEBUG_MODULE = r"""<?php
class Chatty extends IPSModule
{
    public function Talk(): void
    {
        $this->SendDebug('Hello', 'World', 0);
        $this->SendDebug('Bytes', "\x01\xAB", 1);
    }
}
"""

DEBUG_SUITE = r"""<?php
include_once __DIR__ . '/stubs/autoload.php';
use PHPUnit\Framework\TestCase;
// SendDebug output is printed while debug is enabled, as the official stubs echo it.
class DebugOutputTest extends TestCase
{
    private $id;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        $this->id = IPS_CreateInstance('{5E3A0009-0001-4000-8000-000000000001}');
    }

    public function testSilentUntilEnabled(): void
    {
        $this->expectOutputString('');
        TST_Talk($this->id);
        $this->assertCount(2, IPS\DebugServer::getDebugMessages($this->id));
    }

    public function testPrintedWhileEnabled(): void
    {
        $this->expectOutputString("DEBUG: Hello | World\nDEBUG: Bytes | 01ab\n");
        IPS_EnableDebug($this->id, 60);
        TST_Talk($this->id);
        IPS\Kernel::advance(61); // the debug time is over
        TST_Talk($this->id);
    }

    public function testTheDebugServerSwitchesItToo(): void
    {
        $this->expectOutputString("DEBUG: Hello | World\nDEBUG: Bytes | 01ab\n");
        IPS\DebugServer::enableDebug($this->id, 60);
        TST_Talk($this->id);
        IPS\DebugServer::disableDebug($this->id);
        TST_Talk($this->id);
    }
}
"""


def test_debug_output_while_enabled(tmp_path):
    library, tests = one_module_library(tmp_path, "Chatty", DEBUG_MODULE)
    (tests / "DebugOutputTest.php").write_text(DEBUG_SUITE)
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(passed(results)) == 3, results

<?php

declare(strict_types=1);

// The test-side classes suites call (IPS\Kernel::reset(), IPS\ModuleLoader::loadLibrary(),
// IPS\InstanceManager::getInstanceInterface(), ...), with the official stubs' names and
// signatures. State lives in symemu's kernel, not in these classes: each method asks the kernel
// through its IPS_* functions or symemu_test() (the extension's test entry, docs/phpunit-stubs.md).

namespace IPS {

    require_once __DIR__ . '/symemu.php';

    class Kernel
    {
        private static $started = null;

        // A new empty kernel: no objects, symemu's core modules (Server Socket, MQTT Server,
        // WebHook Control) and Symcon's ~ profiles. A suite's IPS_VERSION constant is the
        // version IPS_GetKernelVersion() reports.
        public static function reset()
        {
            \__SymemuObjects::$objects = [];
            \__SymemuObjects::$keep = \__symemu_keep_objects_default();
            \__SymemuPosted::$messages = [];
            ActionPool::reset();
            TimeManager::reset();
            symemu_test('reset', [defined('IPS_VERSION') ? (string) constant('IPS_VERSION') : '']);
            self::$started = (int) symemu_test('now', []);
        }

        // Older stubs had IPS\Kernel as the one facade of every manager (IPS\Kernel::loadLibrary,
        // IPS\Kernel::setParent, ...); suites written then call it so. The call goes to the manager
        // that has the method; a name none has fails naming it.
        public static function __callStatic(string $Name, array $Arguments)
        {
            foreach (['ModuleLoader', 'ObjectManager', 'CategoryManager', 'InstanceManager', 'VariableManager',
                'ScriptManager', 'ScriptEngine', 'DataServer', 'EventManager', 'MediaManager', 'LinkManager',
                'ProfileManager', 'TemplateManager', 'DebugServer', 'LogServer', 'ActionPool', 'PresentationPool',
                'TimeManager'] as $manager) {
                if ($Name !== 'reset' && is_callable([__NAMESPACE__ . '\\' . $manager, $Name])) {
                    return (__NAMESPACE__ . '\\' . $manager)::$Name(...$Arguments);
                }
            }
            throw new \Exception(sprintf('IPS\\Kernel::%s is not offered by symemu: no IPS\\* manager has it (docs/phpunit-stubs.md)', $Name));
        }

        // When the kernel started (IPS_GetKernelStartTime): the last reset, on the kernel clock.
        public static function startTime(): int
        {
            return self::$started ?? (int) symemu_test('now', []);
        }

        // --- symemu's additions --------------------------------------------------------------
        // One module object per instance for every call (true), as the official stubs keep it,
        // or a fresh object per call as Symcon makes it (false, the default).
        public static function keepModuleObjects(bool $Keep): void
        {
            \__SymemuObjects::$keep = $Keep;
            \__SymemuObjects::$objects = [];
        }

        // Moves the kernel's manual clock; due timers run in order. Returns the new time.
        public static function advance(float $Seconds): float
        {
            return symemu_test('advance', [$Seconds]);
        }

        public static function now(): float
        {
            return symemu_test('now', []);
        }
    }

    class ModuleLoader
    {
        public static function libraryExists(string $LibraryID): bool
        {
            return in_array(strtoupper($LibraryID), array_map('strtoupper', IPS_GetLibraryList()), true);
        }

        public static function getLibrary(string $LibraryID): array
        {
            return IPS_GetLibrary($LibraryID);
        }

        public static function getLibraryList(): array
        {
            return IPS_GetLibraryList();
        }

        public static function getLibraryModules(string $LibraryID): array
        {
            return IPS_GetLibraryModules($LibraryID);
        }

        public static function moduleExists(string $ModuleID): bool
        {
            return IPS_ModuleExists($ModuleID);
        }

        public static function getModule(string $ModuleID): array
        {
            return IPS_GetModule($ModuleID);
        }

        public static function getModuleList(): array
        {
            return IPS_GetModuleList();
        }

        public static function getModuleListByType(int $ModuleType): array
        {
            return IPS_GetModuleListByType($ModuleType);
        }

        // Loads the library folder of `$file` (its library.json) into the kernel: PHP modules
        // through symemu's PHP host, with their PREFIX_Name functions.
        public static function loadLibrary(string $file): void
        {
            if (!is_file($file)) {
                throw new \Exception(sprintf('Library file %s does not exist', $file));
            }
            symemu_test('loadLibrary', [dirname(realpath($file))]);
        }

        public static function loadSingleModule(string $folder, string $libraryID)
        {
            throw new \Exception('symemu loads whole libraries: use IPS\ModuleLoader::loadLibrary() with the library.json of ' . $folder);
        }

        // Libraries stay loaded until IPS\Kernel::reset() (which also unloads them).
        public static function reset()
        {
        }
    }

    class ObjectManager
    {
        public static function objectExists(int $ID): bool
        {
            return IPS_ObjectExists($ID);
        }

        public static function getObject(int $ID): array
        {
            self::checkObject($ID);
            return IPS_GetObject($ID);
        }

        public static function getObjectList(): array
        {
            return IPS_GetObjectList();
        }

        public static function getChildrenIDs(int $ID): array
        {
            self::checkObject($ID);
            return IPS_GetChildrenIDs($ID);
        }

        public static function hasChildren(int $ID): bool
        {
            return count(self::getChildrenIDs($ID)) > 0;
        }

        public static function isChild(int $ID, int $ParentID, bool $Recursive): bool
        {
            return IPS_IsChild($ID, $ParentID, $Recursive);
        }

        public static function getName(int $ID): string
        {
            return IPS_GetName($ID);
        }

        public static function getParent(int $ID): int
        {
            return IPS_GetParent($ID);
        }

        public static function getLocation(int $ID): string
        {
            return IPS_GetLocation($ID);
        }

        public static function getObjectIDByIdent(string $Ident, int $ParentID)
        {
            return @IPS_GetObjectIDByIdent($Ident, $ParentID);
        }

        public static function getObjectIDByName(string $Name, int $ParentID)
        {
            return IPS_GetObjectIDByName($Name, $ParentID);
        }

        public static function setParent(int $ID, int $ParentID): void
        {
            IPS_SetParent($ID, $ParentID);
        }

        public static function setIdent(int $ID, string $Ident): void
        {
            IPS_SetIdent($ID, $Ident);
        }

        public static function setName(int $ID, string $Name): void
        {
            IPS_SetName($ID, $Name);
        }

        public static function setInfo(int $ID, string $Info): void
        {
            IPS_SetInfo($ID, $Info);
        }

        public static function setIcon(int $ID, string $Icon): void
        {
            IPS_SetIcon($ID, $Icon);
        }

        public static function setPosition(int $ID, int $Position): void
        {
            IPS_SetPosition($ID, $Position);
        }

        public static function setHidden(int $ID, bool $Hidden): void
        {
            IPS_SetHidden($ID, $Hidden);
        }

        public static function setDisabled(int $ID, bool $Disabled): void
        {
            IPS_SetDisabled($ID, $Disabled);
        }

        public static function setSummary(int $ID, string $Summary): void
        {
            self::checkObject($ID);
            symemu_test('setSummary', [$ID, $Summary]);
        }

        public static function setReadOnly(int $ID, bool $ReadOnly): void
        {
            self::checkObject($ID);
            symemu_test('setReadOnly', [$ID, $ReadOnly]);
        }

        // The child of $ParentID with that name and object type (OBJECTTYPE_*).
        public static function getObjectIDByNameEx(string $Name, int $ParentID, int $ObjectType): int
        {
            if ($Name === '') {
                throw new \Exception('Name cannot be empty');
            }
            foreach (self::getChildrenIDs($ParentID) as $child) {
                $object = IPS_GetObject($child);
                if ($object['ObjectType'] === $ObjectType && $object['ObjectName'] === $Name) {
                    return $child;
                }
            }
            throw new \Exception(sprintf('Object with name %s could not be found', $Name));
        }

        // The official stubs' registry calls: symemu's kernel hands out the IDs itself.
        public static function registerObject(int $ObjectType): int
        {
            notOffered(__METHOD__, 'objects are created with IPS_CreateInstance, IPS_CreateVariable or IPS_CreateCategory');
        }

        public static function unregisterObject(int $ID): void
        {
            notOffered(__METHOD__, 'objects are deleted with IPS_Delete*');
        }

        public static function reset()
        {
        }

        private static function checkObject(int $ID): void
        {
            if (!IPS_ObjectExists($ID)) {
                throw new \Exception(sprintf('Object #%d does not exist', $ID));
            }
        }
    }

    class CategoryManager
    {
        public static function categoryExists(int $CategoryID): bool
        {
            return IPS_ObjectExists($CategoryID) && IPS_GetObject($CategoryID)['ObjectType'] == 0;
        }

        public static function getCategoryList(): array
        {
            return array_values(array_filter(IPS_GetObjectList(), [self::class, 'categoryExists']));
        }

        // Symcon's categories have no fields beyond the object's.
        public static function getCategory(int $CategoryID): array
        {
            if (!self::categoryExists($CategoryID)) {
                throw new \Exception(sprintf('Category #%d does not exist', $CategoryID));
            }
            return [];
        }

        public static function createCategory(int $CategoryID): void
        {
            notOffered(__METHOD__, 'categories are created with IPS_CreateCategory');
        }

        public static function deleteCategory(int $CategoryID): void
        {
            IPS_DeleteCategory($CategoryID);
        }

        public static function reset()
        {
        }
    }

    class InstanceManager
    {
        public static function instanceExists(int $InstanceID): bool
        {
            return IPS_InstanceExists($InstanceID);
        }

        public static function getInstance(int $InstanceID): array
        {
            self::checkInstance($InstanceID);
            return IPS_GetInstance($InstanceID);
        }

        // The module's PHP object. Symcon makes a fresh one per call and so does symemu (a new
        // object each time here); with IPS\Kernel::keepModuleObjects(true) it is the one object
        // every call of the instance runs on. Built-in (C++) modules answer through a proxy.
        public static function getInstanceInterface(int $InstanceID)
        {
            self::checkInstance($InstanceID);
            $class = symemu_test('moduleClass', [$InstanceID]);
            if ($class === '') {
                $module = IPS_GetInstance($InstanceID)['ModuleInfo']['ModuleID'];
                switch (strtoupper($module)) {
                    case '{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}':
                        return new ServerSocketInterface($InstanceID);
                    case '{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}':
                        return new ClientSocketInterface($InstanceID);
                }
                return new NativeInterface($InstanceID);
            }
            return \__symemu_module_object($InstanceID, $class);
        }

        public static function getInstanceList(): array
        {
            return IPS_GetInstanceList();
        }

        public static function getInstanceListByModuleType(int $ModuleType): array
        {
            return IPS_GetInstanceListByModuleType($ModuleType);
        }

        public static function getInstanceListByModuleID(string $ModuleID): array
        {
            return IPS_GetInstanceListByModuleID($ModuleID);
        }

        // Sets the status as the module's SetStatus() does (IM_CHANGESTATUS goes out).
        public static function setStatus($InstanceID, $Status): void
        {
            self::checkInstance((int) $InstanceID);
            symemu_test('setStatus', [(int) $InstanceID, (int) $Status]);
        }

        public static function getStatus($InstanceID): int
        {
            return self::getInstance((int) $InstanceID)['InstanceStatus'];
        }

        public static function connectInstance(int $InstanceID, int $ParentID): void
        {
            IPS_ConnectInstance($InstanceID, $ParentID);
        }

        public static function disconnectInstance(int $InstanceID): void
        {
            IPS_DisconnectInstance($InstanceID);
        }

        public static function getReferenceList($InstanceID)
        {
            return self::getInstanceInterface((int) $InstanceID)->GetReferenceList();
        }

        public static function createInstance(int $InstanceID, array $Module): void
        {
            notOffered(__METHOD__, 'instances are created with IPS_CreateInstance');
        }

        public static function deleteInstance(int $InstanceID): void
        {
            IPS_DeleteInstance($InstanceID);
        }

        public static function reset()
        {
            \__SymemuObjects::$objects = [];
        }

        private static function checkInstance(int $InstanceID): void
        {
            if (!IPS_InstanceExists($InstanceID)) {
                throw new \Exception(sprintf('Instance #%d does not exist', $InstanceID));
            }
        }
    }

    // A built-in (C++) module as getInstanceInterface() returns it: its PREFIX_Name functions
    // as methods.
    class NativeInterface
    {
        public $InstanceID;

        public function __construct(int $InstanceID)
        {
            $this->InstanceID = $InstanceID;
        }

        public function __call($Name, $Arguments)
        {
            $prefix = IPS_GetModule(IPS_GetInstance($this->InstanceID)['ModuleInfo']['ModuleID'])['Prefix'];
            return symemu_function($prefix . '_' . $Name, $this->InstanceID, $Arguments);
        }

        public function GetProperty($Name)
        {
            return IPS_GetProperty($this->InstanceID, $Name);
        }

        public function SetProperty($Name, $Value)
        {
            IPS_SetProperty($this->InstanceID, $Name, $Value);
        }

        public function GetConfiguration()
        {
            return IPS_GetConfiguration($this->InstanceID);
        }

        public function SetConfiguration($Configuration)
        {
            IPS_SetConfiguration($this->InstanceID, $Configuration);
        }

        public function ApplyChanges()
        {
            IPS_ApplyChanges($this->InstanceID);
        }

        // As a child's SendDataToParent() reaches the module (no child: Symcon's utf8 mapping).
        public function ForwardData($JSONString)
        {
            return symemu_test('forwardData', [$this->InstanceID, (string) $JSONString]);
        }
    }

    // symemu's real Server Socket with the official IOStubs' test helpers. With the network off
    // (the default in tests) what children send is queued for HasPacket/PeekPacket/PopPacket.
    class ServerSocketInterface extends NativeInterface
    {
        public function PushConnect(string $ClientIP, int $ClientPort)
        {
            $this->push(1, '', $ClientIP, $ClientPort);
        }

        public function PushDisconnect(string $ClientIP, int $ClientPort)
        {
            $this->push(2, '', $ClientIP, $ClientPort);
        }

        public function PushPacket(string $Text, string $ClientIP, int $ClientPort)
        {
            $this->push(0, $Text, $ClientIP, $ClientPort);
        }

        public function HasPacket()
        {
            return symemu_test('hasPacket', [$this->InstanceID]);
        }

        public function PeekPacket()
        {
            return symemu_test('peekPacket', [$this->InstanceID]);
        }

        public function PopPacket()
        {
            return symemu_test('popPacket', [$this->InstanceID]);
        }

        private function push(int $Type, string $Bytes, string $ClientIP, int $ClientPort): void
        {
            symemu_test('sendToChildren', [$this->InstanceID, json_encode([
                'DataID'     => '{7A1272A4-CBDB-46EF-BFC6-DCF4A53D2FC7}',
                'Type'       => $Type,
                'Buffer'     => mb_convert_encoding($Bytes, 'UTF-8', 'ISO-8859-1'), // Symcon's utf8 mapping
                'ClientIP'   => $ClientIP,
                'ClientPort' => $ClientPort,
            ])]);
        }
    }

    // symemu's real Client Socket with the official IOStubs' test helpers (the CSCK_ functions
    // of GlobalStubs.php): with the network off what children send is queued for them.
    class ClientSocketInterface extends NativeInterface
    {
        public function PushText(string $Text)
        {
            return \CSCK_PushText($this->InstanceID, $Text);
        }

        public function HasText()
        {
            return \CSCK_HasText($this->InstanceID);
        }

        public function PeekText()
        {
            return \CSCK_PeekText($this->InstanceID);
        }

        public function PopText()
        {
            return \CSCK_PopText($this->InstanceID);
        }
    }

    class TimeManager
    {
        // The official stubs remember a module's getTime() after each PREFIX_Name call; symemu
        // moves its manual clock there instead (docs/phpunit-stubs.md), so both read the kernel.
        public static function updateTime(int $InstanceID): void
        {
            $interface = InstanceManager::getInstanceInterface($InstanceID);
            if (is_object($interface)) {
                \__SymemuObjects::afterCall($interface);
            }
        }

        public static function getTime(): int
        {
            return (int) Kernel::now();
        }

        public static function reset()
        {
        }
    }

    class VariableManager
    {
        public static function variableExists(int $VariableID): bool
        {
            return IPS_VariableExists($VariableID);
        }

        public static function getVariable(int $VariableID): array
        {
            self::checkVariable($VariableID);
            return IPS_GetVariable($VariableID);
        }

        public static function checkVariable(int $VariableID): void
        {
            if (!IPS_VariableExists($VariableID)) {
                throw new \Exception(sprintf('Variable #%d does not exist', $VariableID));
            }
        }

        public static function getVariableList(): array
        {
            return array_values(array_filter(IPS_GetObjectList(), 'IPS_VariableExists'));
        }

        public static function readVariableBoolean(int $VariableID): bool
        {
            return GetValueBoolean($VariableID);
        }

        public static function readVariableInteger(int $VariableID): int
        {
            return GetValueInteger($VariableID);
        }

        public static function readVariableFloat(int $VariableID): float
        {
            return GetValueFloat($VariableID);
        }

        public static function readVariableString(int $VariableID): string
        {
            return GetValueString($VariableID);
        }

        public static function writeVariableBoolean(int $VariableID, bool $VariableValue): void
        {
            SetValueBoolean($VariableID, $VariableValue);
        }

        public static function writeVariableInteger(int $VariableID, int $VariableValue): void
        {
            SetValueInteger($VariableID, $VariableValue);
        }

        public static function writeVariableFloat(int $VariableID, float $VariableValue): void
        {
            SetValueFloat($VariableID, $VariableValue);
        }

        public static function writeVariableString(int $VariableID, string $VariableValue): void
        {
            SetValueString($VariableID, $VariableValue);
        }

        public static function setVariableCustomProfile(int $VariableID, string $ProfileName): void
        {
            IPS_SetVariableCustomProfile($VariableID, $ProfileName);
        }

        public static function setVariableCustomAction(int $VariableID, int $ScriptID): void
        {
            IPS_SetVariableCustomAction($VariableID, $ScriptID);
        }

        public static function createVariable(int $VariableID, int $VariableType): void
        {
            notOffered(__METHOD__, 'variables are created with IPS_CreateVariable');
        }

        public static function deleteVariable(int $VariableID): void
        {
            IPS_DeleteVariable($VariableID);
        }

        // Symcon 8 presentations, the profile and action a module sets (not the custom ones):
        // symemu's kernel has no presentations, and sets these only through the module API.
        public static function getVariablePresentation(int $VariableID): array
        {
            notOffered(__METHOD__, 'symemu has no variable presentations yet');
        }

        public static function setVariablePresentation(int $VariableID, array $Presentation): void
        {
            notOffered(__METHOD__, 'symemu has no variable presentations yet');
        }

        public static function setVariableCustomPresentation(int $VariableID, array $Presentation): void
        {
            notOffered(__METHOD__, 'symemu has no variable presentations yet');
        }

        public static function setVariableProfile(int $VariableID, string $ProfileName): void
        {
            notOffered(__METHOD__, 'a module sets its variables\' profile with RegisterVariable*/MaintainVariable; tests use setVariableCustomProfile');
        }

        public static function setVariableAction(int $VariableID, int $InstanceID): void
        {
            notOffered(__METHOD__, 'a module sets its action with EnableAction; tests use setVariableCustomAction');
        }

        public static function reset()
        {
        }
    }

    class ProfileManager
    {
        // Creates the profile, replacing one of the same name without error (Symcon's ~ profiles
        // included), as the official stubs allow suites to do.
        public static function createVariableProfile(string $ProfileName, int $ProfileType): void
        {
            self::put([
                'ProfileName'  => $ProfileName,
                'ProfileType'  => $ProfileType,
                'Icon'         => '',
                'Prefix'       => '',
                'Suffix'       => '',
                'MinValue'     => 0,
                'MaxValue'     => 0,
                'StepSize'     => 0,
                'Digits'       => 0,
                'IsReadOnly'   => false,
                'Associations' => [],
            ]);
        }

        public static function deleteVariableProfile(string $ProfileName): void
        {
            self::checkVariableProfile($ProfileName);
            $profile = IPS_GetVariableProfile($ProfileName);
            $profile['IsReadOnly'] = false; // a suite may delete what it may replace
            self::put($profile);
            IPS_DeleteVariableProfile($ProfileName);
        }

        public static function setVariableProfileText(string $ProfileName, string $Prefix, string $Suffix): void
        {
            self::change($ProfileName, ['Prefix' => $Prefix, 'Suffix' => $Suffix]);
        }

        public static function setVariableProfileValues(string $ProfileName, float $MinValue, float $MaxValue, float $StepSize): void
        {
            self::change($ProfileName, ['MinValue' => $MinValue, 'MaxValue' => $MaxValue, 'StepSize' => $StepSize]);
        }

        public static function setVariableProfileDigits(string $ProfileName, int $Digits): void
        {
            self::change($ProfileName, ['Digits' => $Digits]);
        }

        public static function setVariableProfileIcon(string $ProfileName, string $Icon): void
        {
            self::change($ProfileName, ['Icon' => $Icon]);
        }

        // Adds or changes the association of a value; empty name and icon remove it.
        public static function setVariableProfileAssociation(string $ProfileName, $AssociationValue, string $AssociationName, string $AssociationIcon, int $AssociationColor)
        {
            self::checkVariableProfile($ProfileName);
            $profile = IPS_GetVariableProfile($ProfileName);
            $associations = [];
            $found = false;
            foreach ($profile['Associations'] as $association) {
                if ($association['Value'] == $AssociationValue) {
                    $found = true;
                    if ($AssociationName === '' && $AssociationIcon === '') {
                        continue;
                    }
                    $association = ['Value' => $AssociationValue, 'Name' => $AssociationName, 'Icon' => $AssociationIcon, 'Color' => $AssociationColor];
                }
                $associations[] = $association;
            }
            if (!$found) {
                if ($AssociationName === '' && $AssociationIcon === '') {
                    trigger_error(sprintf('Cannot find association for deletion with value %f', $AssociationValue), E_USER_WARNING);
                    return;
                }
                $associations[] = ['Value' => $AssociationValue, 'Name' => $AssociationName, 'Icon' => $AssociationIcon, 'Color' => $AssociationColor];
            }
            if ($profile['ProfileType'] != VARIABLETYPE_STRING) {
                usort($associations, static fn ($a, $b) => $a['Value'] <=> $b['Value']);
            }
            $profile['Associations'] = $associations;
            self::put($profile);
        }

        public static function variableProfileExists(string $ProfileName): bool
        {
            return IPS_VariableProfileExists($ProfileName);
        }

        public static function checkVariableProfile(string $ProfileName): void
        {
            if (!self::variableProfileExists($ProfileName)) {
                throw new \Exception(sprintf('Profile #%s does not exist', $ProfileName));
            }
        }

        public static function getVariableProfile(string $ProfileName): array
        {
            self::checkVariableProfile($ProfileName);
            return IPS_GetVariableProfile($ProfileName);
        }

        public static function getVariableProfileList(): array
        {
            return IPS_GetVariableProfileList();
        }

        public static function getVariableProfileListByType(int $ProfileType): array
        {
            $result = [];
            foreach (IPS_GetVariableProfileList() as $name) {
                $profile = IPS_GetVariableProfile($name);
                if ($profile['ProfileType'] == $ProfileType) {
                    $result[] = $profile;
                }
            }
            return $result;
        }

        // Profiles are reset with the kernel (IPS\Kernel::reset()).
        public static function reset()
        {
        }

        private static function change(string $ProfileName, array $Fields): void
        {
            self::checkVariableProfile($ProfileName);
            self::put(array_merge(IPS_GetVariableProfile($ProfileName), $Fields));
        }

        private static function put(array $Profile): void
        {
            symemu_test('putProfile', [$Profile]);
        }
    }

    class ScriptEngine
    {
        public static function runScriptText(string $ScriptText): void
        {
            self::runScriptTextWaitEx($ScriptText, []);
        }

        public static function runScriptTextEx(string $ScriptText, array $Parameters): void
        {
            self::runScriptTextWaitEx($ScriptText, $Parameters);
        }

        public static function runScriptTextWait(string $ScriptText): string
        {
            return self::runScriptTextWaitEx($ScriptText, []);
        }

        public static function semaphoreEnter(string $Name, int $Milliseconds): bool
        {
            return IPS_SemaphoreEnter($Name, $Milliseconds);
        }

        public static function semaphoreLeave(string $Name): bool
        {
            return IPS_SemaphoreLeave($Name);
        }

        // Scripts as objects and script threads: symemu has none yet.
        public static function runScript(int $ScriptID): void
        {
            notOffered(__METHOD__, 'symemu has no script objects yet');
        }

        public static function runScriptEx(int $ScriptID, array $Parameters): void
        {
            notOffered(__METHOD__, 'symemu has no script objects yet');
        }

        public static function IPS_RunScriptWait(int $ScriptID): string
        {
            notOffered(__METHOD__, 'symemu has no script objects yet');
        }

        public static function runScriptWaitEx(int $ScriptID, array $Parameters): string
        {
            notOffered(__METHOD__, 'symemu has no script objects yet');
        }

        public static function scriptThreadExists(int $ThreadID): bool
        {
            notOffered(__METHOD__, 'symemu has no script threads');
        }

        public static function getScriptThread(int $ThreadID): array
        {
            notOffered(__METHOD__, 'symemu has no script threads');
        }

        public static function getScriptThreadList(): array
        {
            notOffered(__METHOD__, 'symemu has no script threads');
        }

        // Runs PHP text with $_IPS = $Parameters in the test's process and returns its output.
        public static function runScriptTextWaitEx(string $ScriptText, array $Parameters): string
        {
            $body = preg_replace(['/^\s*<\?(php)?/', '/\?>\s*$/'], '', $ScriptText);
            $run = eval("return static function (array \$_IPS) {\n" . $body . "\n};");
            ob_start();
            try {
                $run($Parameters);
            } finally {
                $out = ob_get_clean();
            }
            return $out;
        }
    }

    class DebugServer
    {
        // While enabled (Duration seconds on the kernel clock), the instance's SendDebug output is
        // also printed as "DEBUG: Message | Data" (Data in hex for binary), as the official stubs
        // echo it; IPS_EnableDebug/IPS_DisableDebug do the same.
        public static function enableDebug(int $ID, int $Duration): void
        {
            IPS_EnableDebug($ID, $Duration);
        }

        public static function disableDebug(int $ID): void
        {
            IPS_DisableDebug($ID);
        }

        public static function sendDebug(int $SenderID, string $Message, string $Data, int $Format): void
        {
            IPS_SendDebug($SenderID, $Message, $Data, $Format);
        }

        // What the instance sent with SendDebug, oldest first (Message, Data, Format).
        public static function getDebugMessages($SenderID): array
        {
            return symemu_test('debugMessages', [(int) $SenderID]);
        }

        public static function reset()
        {
        }
    }

    class LogServer
    {
        // IPS_LogMessage's entry: the kernel logs it as KL_CUSTOM, as Symcon does, whatever $Type says.
        public static function logMessage(string $Sender, string $Message, int $Type): void
        {
            IPS_LogMessage($Sender, $Message);
        }

        // Kernel log entries of a sender (an instance ID or the sender text of IPS_LogMessage,
        // which the kernel logs as "Sender: Message" without a sender of its own).
        public static function getLogMessages(string $Sender): array
        {
            $result = [];
            foreach (symemu_test('logMessages', []) as $entry) {
                $message = $entry['Message'];
                if ($entry['Sender'] === '' && $entry['SenderID'] === 0 && $Sender !== '' && str_starts_with($message, $Sender . ': ')) {
                    $result[] = ['Message' => substr($message, strlen($Sender) + 2), 'Type' => $entry['Type']];
                } elseif ($entry['Sender'] === $Sender || (is_numeric($Sender) && $entry['SenderID'] === (int) $Sender)) {
                    $result[] = ['Message' => $message, 'Type' => $entry['Type']];
                }
            }
            return $result;
        }

        public static function reset()
        {
        }
    }

    class ActionPool
    {
        private static $actions = [];

        // Reads every *.json action definition of a folder (a library's actions/).
        public static function loadActions(string $ActionPath): void
        {
            $files = glob(rtrim($ActionPath, '/') . '/*.json') ?: [];
            sort($files);
            foreach ($files as $file) {
                $action = json_decode(file_get_contents($file), true);
                if (!is_array($action)) {
                    throw new \Exception(sprintf('Action file %s is not valid JSON', $file));
                }
                self::$actions[] = $action;
            }
        }

        public static function getActions(): string
        {
            return json_encode(self::$actions);
        }

        public static function runAction(string $ActionID, array $Parameters): void
        {
            self::runActionWait($ActionID, $Parameters);
        }

        public static function runActionWait(string $ActionID, array $Parameters): string
        {
            foreach (self::$actions as $action) {
                if (($action['id'] ?? '') === $ActionID) {
                    $code = is_array($action['action']) ? implode("\n", $action['action']) : $action['action'];
                    return ScriptEngine::runScriptTextWaitEx($code, $Parameters);
                }
            }
            throw new \Exception('Action does not exist');
        }

        public static function getActionsByEnvironment(int $ID, string $Environment, bool $IncludeDefault): string
        {
            notOffered(__METHOD__, 'action environments are not evaluated');
        }

        public static function getActionForm(string $ActionID, array $Parameters): string
        {
            notOffered(__METHOD__, 'action forms are not rendered');
        }

        public static function getActionReadableCode(string $ActionID, array $Parameters): string
        {
            notOffered(__METHOD__, 'action forms are not rendered');
        }

        public static function updateFormField(string $Name, string $Parameter, $Value, $ID, string $SessionID): void
        {
            notOffered(__METHOD__, 'action forms are not rendered');
        }

        public static function reset(): void
        {
            self::$actions = [];
        }
    }

    require_once __DIR__ . '/MissingManagers.php';
}

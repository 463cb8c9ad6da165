<?php

declare(strict_types=1);

// A small in-memory stand-in for Symcon's kernel, for php-cli tests of this library's module
// code before (and besides) symemu's PHP host: IPSModule with properties, attributes, buffers,
// variables, receive filters, data flow and messages, and the IPS_* functions the library calls.
// It is a test double for module logic only; the real checks run the library in symemu
// (tests/e2e/test_smartmetering_php_replay.py). Like Symcon it makes a new module object per call.

const KL_WARNING = 10204, KL_ERROR = 10205, KR_READY = 10103, IPS_KERNELMESSAGE = 10100, FM_CONNECT = 11101;
const OM_UNREGISTER = 10402, OM_CHILDREMOVED = 10413, OM_CHANGEIDENT = 10414, IM_CHANGESETTINGS = 10506;
const PM_CREATE = 11301, PM_DELETE = 11302, PM_CHANGEDIGITS = 11305;

final class FakeKernel
{
    public static array $objects = [];   // id => [type, name, ident, parent, position]
    public static array $instances = []; // id => [module, properties, pending, attributes, buffers, status, connection, filter, messages]
    public static array $variables = []; // id => [type, value, profile]
    public static array $profiles = [];  // name => [type, suffix, digits]
    public static array $modules = [];   // guid => [name, class, type, implemented, parentRequirements]
    public static array $log = [];       // [instance, message, type]
    public static int $clock = 1741947300;
    private static int $nextId = 10000;

    public static function reset(): void
    {
        self::$objects = self::$instances = self::$variables = self::$profiles = self::$modules = self::$log = [];
        self::$nextId = 10000;
    }

    /** Registers the modules of a library folder (module.json + module.php). */
    public static function loadLibrary(string $dir): void
    {
        foreach (glob($dir . '/*/module.json') as $file) {
            $info = json_decode(file_get_contents($file), true);
            require_once dirname($file) . '/module.php';
            self::registerModule($info, str_replace(' ', '', $info['name']));
            foreach (get_class_methods(str_replace(' ', '', $info['name'])) as $method) {
                $function = $info['prefix'] . '_' . $method;
                $reserved = ['Create', 'ApplyChanges', 'Destroy', 'ReceiveData', 'ForwardData', 'MessageSink',
                    'GetConfigurationForm', 'RequestAction'];
                if ((new ReflectionMethod(str_replace(' ', '', $info['name']), $method))->getDeclaringClass()->getName() === 'IPSModule'
                    || in_array($method, $reserved, true) || function_exists($function)) {
                    continue;
                }
                eval('function ' . $function . '(int $id, ...$args) { return FakeKernel::call($id, "' . $method . '", ...$args); }');
            }
        }
    }

    public static function registerModule(array $info, string $class): void
    {
        if ($class === 'FakeWebHookControl' && !function_exists('WC_GetHTTPSPort')) {
            eval('function WC_GetHTTPSPort(int $id) { return FakeKernel::call($id, "GetHTTPSPort"); }');
        }
        self::$modules[$info['id']] = ['name' => $info['name'], 'class' => $class, 'type' => $info['type'],
            'implemented' => $info['implemented'] ?? [], 'parentRequirements' => $info['parentRequirements'] ?? []];
    }

    public static function newId(): int
    {
        return self::$nextId++;
    }

    public static function call(int $id, string $method, ...$args)
    {
        $class = self::$modules[self::$instances[$id]['module']]['class'];
        $object = new $class($id); // a new object per call, as in Symcon
        $callable = new ReflectionMethod($object, $method); // ProcessHookData is protected
        $callable->setAccessible(true);
        return $callable->invoke($object, ...$args);
    }

    public static function createInstance(string $moduleId): int
    {
        if (!isset(self::$modules[$moduleId])) {
            throw new Exception('Module ' . $moduleId . ' is not loaded');
        }
        $id = self::newId();
        self::$objects[$id] = ['type' => 1, 'name' => self::$modules[$moduleId]['name'], 'ident' => '', 'parent' => 0, 'position' => 0];
        self::$instances[$id] = ['module' => $moduleId, 'properties' => [], 'pending' => [], 'attributes' => [],
            'buffers' => [], 'status' => 101, 'connection' => 0, 'filter' => '', 'messages' => []];
        self::call($id, 'Create');
        self::call($id, 'ApplyChanges');
        return $id;
    }

    public static function children(int $parent): array
    {
        return array_keys(array_filter(self::$objects, static fn ($o) => $o['parent'] === $parent));
    }

    public static function connect(int $child, int $parent): void
    {
        self::$instances[$child]['connection'] = $parent;
        if (in_array(FM_CONNECT, self::$instances[$child]['messages'][$child] ?? [], true)) {
            self::call($child, 'MessageSink', self::$clock, $child, FM_CONNECT, [$parent]);
        }
    }

    /** Calls MessageSink of every instance that registered for this sender and message. */
    public static function sendMessage(int $sender, int $message, array $data = []): void
    {
        foreach (array_keys(self::$instances) as $receiver) {
            if (isset(self::$instances[$receiver])
                && in_array($message, self::$instances[$receiver]['messages'][$sender] ?? [], true)) {
                self::call($receiver, 'MessageSink', self::$clock, $sender, $message, $data);
            }
        }
    }

    /** Delivers a packet to the children whose receive filter matches, as SendDataToChildren. */
    public static function toChildren(int $parent, string $json): array
    {
        $answers = [];
        foreach (self::$instances as $id => $instance) {
            if ($instance['connection'] !== $parent) {
                continue;
            }
            $filter = $instance['filter'];
            if ($filter !== '' && !preg_match('/' . str_replace('/', '\/', $filter) . '/', $json)) {
                continue;
            }
            $answers[] = self::call($id, 'ReceiveData', $json);
        }
        return $answers;
    }

    /** The tree as "path" => entry, like symemu's snapshot (without times). */
    public static function tree(): array
    {
        $out = [];
        $walk = static function (int $parent, string $prefix) use (&$walk, &$out): void {
            foreach (self::children($parent) as $id) {
                $o = self::$objects[$id];
                $path = $prefix === '' ? $o['name'] : $prefix . '/' . $o['name'];
                if ($o['type'] === 2) {
                    $out[$path] = ['ident' => $o['ident'], 'variableType' => self::$variables[$id]['type'],
                        'value' => self::$variables[$id]['value'], 'profile' => self::$variables[$id]['profile']];
                } elseif ($o['type'] === 1) {
                    $out[$path] = ['module' => self::$modules[self::$instances[$id]['module']]['name'],
                        'status' => self::$instances[$id]['status'], 'properties' => self::$instances[$id]['properties'],
                        'parent' => self::$instances[$id]['connection']];
                } else {
                    $out[$path] = ['type' => 'category'];
                }
                $walk($id, $path);
            }
        };
        $walk(0, '');
        $pathOf = [];
        foreach ($out as $path => $entry) {
            $pathOf[self::idAt($path)] = $path;
        }
        foreach ($out as &$entry) {
            if (isset($entry['module'])) {
                $entry['parent'] = $entry['parent'] === 0 ? null : ($pathOf[$entry['parent']] ?? null);
            }
        }
        return $out;
    }

    private static function idAt(string $path): int
    {
        $id = 0;
        foreach (explode('/', $path) as $name) {
            foreach (self::children($id) as $child) {
                if (self::$objects[$child]['name'] === $name) {
                    $id = $child;
                    break;
                }
            }
        }
        return $id;
    }
}

class IPSModule
{
    public function __construct(protected int $InstanceID)
    {
    }

    private function &record(): array
    {
        return FakeKernel::$instances[$this->InstanceID];
    }

    public function Create()
    {
    }

    public function ApplyChanges()
    {
        $r = &$this->record();
        $r['properties'] = array_merge($r['properties'], $r['pending']);
        $r['pending'] = [];
        if ($r['status'] === 101) {
            $r['status'] = 102;
        }
    }

    public function Destroy()
    {
    }

    protected function RegisterPropertyString(string $name, string $default): void
    {
        $this->record()['properties'][$name] = $default;
    }

    protected function RegisterPropertyBoolean(string $name, bool $default): void
    {
        $this->record()['properties'][$name] = $default;
    }

    protected function RegisterPropertyInteger(string $name, int $default): void
    {
        $this->record()['properties'][$name] = $default;
    }

    protected function ReadPropertyString(string $name): string
    {
        return (string) $this->record()['properties'][$name];
    }

    protected function ReadPropertyBoolean(string $name): bool
    {
        return (bool) $this->record()['properties'][$name];
    }

    protected function RegisterAttributeString(string $name, string $default): void
    {
        $this->record()['attributes'][$name] ??= $default;
    }

    protected function ReadAttributeString(string $name): string
    {
        return $this->record()['attributes'][$name];
    }

    protected function WriteAttributeString(string $name, string $value): void
    {
        $this->record()['attributes'][$name] = $value;
    }

    protected function SetBuffer(string $name, string $data): void
    {
        $this->record()['buffers'][$name] = $data;
    }

    protected function GetBuffer(string $name): string
    {
        return $this->record()['buffers'][$name] ?? '';
    }

    protected function GetBufferList(): array
    {
        return array_keys($this->record()['buffers'] ?? []);
    }

    protected function RegisterMessage(int $sender, int $message): void
    {
        $messages = &$this->record()['messages'];
        if (!in_array($message, $messages[$sender] ?? [], true)) {
            $messages[$sender][] = $message;
        }
    }

    protected function UnregisterMessage(int $sender, int $message): void
    {
        $messages = &$this->record()['messages'];
        $messages[$sender] = array_values(array_diff($messages[$sender] ?? [], [$message]));
        if ($messages[$sender] === []) {
            unset($messages[$sender]);
        }
    }

    protected function GetMessageList(): array
    {
        return $this->record()['messages'];
    }

    protected function SendDebug(string $message, $data, int $format): void
    {
    }

    protected function LogMessage(string $message, int $type): void
    {
        FakeKernel::$log[] = [$this->InstanceID, $message, $type];
    }

    protected function SetStatus(int $status): void
    {
        $this->record()['status'] = $status;
    }

    protected function SetReceiveDataFilter(string $filter): void
    {
        $this->record()['filter'] = $filter;
    }

    protected function HasActiveParent(): bool
    {
        $parent = $this->record()['connection'];
        return $parent !== 0 && FakeKernel::$instances[$parent]['status'] === 102;
    }

    protected function ConnectParent(string $moduleId): void
    {
        $existing = IPS_GetInstanceListByModuleID($moduleId);
        FakeKernel::connect($this->InstanceID, $existing ? $existing[0] : FakeKernel::createInstance($moduleId));
    }

    protected function RequireParent(string $moduleId): void
    {
        if ($this->record()['connection'] === 0) {
            FakeKernel::connect($this->InstanceID, FakeKernel::createInstance($moduleId));
        }
    }

    protected function SendDataToParent(string $json): string
    {
        return (string) FakeKernel::call($this->record()['connection'], 'ForwardData', $json);
    }

    protected function SendDataToChildren(string $json): array
    {
        return FakeKernel::toChildren($this->InstanceID, $json);
    }

    private function identId(string $ident): int
    {
        foreach (FakeKernel::children($this->InstanceID) as $child) {
            if (FakeKernel::$objects[$child]['ident'] === $ident) {
                return $child;
            }
        }
        return 0;
    }

    protected function RegisterVariableBoolean(string $ident, string $name, string $profile = '', int $position = 0): int
    {
        return $this->MaintainVariable($ident, $name, 0, $profile, $position, true);
    }

    protected function RegisterVariableInteger(string $ident, string $name, string $profile = '', int $position = 0): int
    {
        return $this->MaintainVariable($ident, $name, 1, $profile, $position, true);
    }

    protected function RegisterVariableFloat(string $ident, string $name, string $profile = '', int $position = 0): int
    {
        return $this->MaintainVariable($ident, $name, 2, $profile, $position, true);
    }

    protected function RegisterVariableString(string $ident, string $name, string $profile = '', int $position = 0): int
    {
        return $this->MaintainVariable($ident, $name, 3, $profile, $position, true);
    }

    protected function MaintainVariable(string $ident, string $name, int $type, string $profile, int $position, bool $keep)
    {
        $id = $this->identId($ident);
        if ($id !== 0 && FakeKernel::$variables[$id]['type'] !== $type) {
            unset(FakeKernel::$objects[$id], FakeKernel::$variables[$id]);
            FakeKernel::sendMessage($this->InstanceID, OM_CHILDREMOVED, [$id]);
            $id = 0;
        }
        if ($id === 0) {
            if ($profile !== '' && $profile[0] !== '~' && !isset(FakeKernel::$profiles[$profile])) {
                throw new Exception('Profile with name ' . $profile . ' does not exist');
            }
            $id = FakeKernel::newId();
            FakeKernel::$objects[$id] = ['type' => 2, 'name' => $name, 'ident' => $ident, 'parent' => $this->InstanceID, 'position' => $position];
            FakeKernel::$variables[$id] = ['type' => $type, 'value' => [false, 0, 0.0, ''][$type], 'profile' => $profile];
        }
        FakeKernel::$variables[$id]['profile'] = $profile;
        return $id;
    }

    protected function SetValue(string $ident, $value): bool
    {
        return SetValue($this->identId($ident), $value);
    }
}

function SetValue(int $id, $value): bool
{
    $type = FakeKernel::$variables[$id]['type'];
    $ok = [is_bool($value), is_int($value), is_float($value), is_string($value)][$type];
    if (!$ok) {
        throw new Exception('Value of the wrong type for variable #' . $id);
    }
    FakeKernel::$variables[$id]['value'] = $value;
    return true;
}

function IPS_GetInstance(int $id): array
{
    $r = FakeKernel::$instances[$id];
    return ['InstanceID' => $id, 'ConnectionID' => $r['connection'], 'InstanceStatus' => $r['status'],
        'ModuleInfo' => ['ModuleID' => $r['module'], 'ModuleName' => FakeKernel::$modules[$r['module']]['name'],
            'ModuleType' => FakeKernel::$modules[$r['module']]['type']]];
}

function IPS_GetInstanceListByModuleID(string $guid): array
{
    return array_keys(array_filter(FakeKernel::$instances, static fn ($r) => $r['module'] === $guid));
}

function IPS_GetInstanceListByModuleType(int $type): array
{
    return array_keys(array_filter(FakeKernel::$instances, static fn ($r) => FakeKernel::$modules[$r['module']]['type'] === $type));
}

function IPS_ModuleExists(string $guid): bool
{
    return isset(FakeKernel::$modules[$guid]);
}

function IPS_IsInstanceCompatible(int $child, int $parent): bool
{
    $needs = FakeKernel::$modules[FakeKernel::$instances[$child]['module']]['parentRequirements'];
    return (bool) array_intersect($needs, FakeKernel::$modules[FakeKernel::$instances[$parent]['module']]['implemented']);
}

function IPS_ConnectInstance(int $child, int $parent): bool
{
    FakeKernel::connect($child, $parent);
    return true;
}

function IPS_CreateInstance(string $guid): int
{
    return FakeKernel::createInstance($guid);
}

function IPS_SetConfiguration(int $id, string $json): bool
{
    foreach (json_decode($json, true) as $name => $value) {
        IPS_SetProperty($id, $name, $value);
    }
    return true;
}

function IPS_SetProperty(int $id, string $name, $value): bool
{
    if (!array_key_exists($name, FakeKernel::$instances[$id]['properties'])) {
        throw new Exception('Property ' . $name . ' not found');
    }
    FakeKernel::$instances[$id]['pending'][$name] = $value;
    return true;
}

function IPS_GetProperty(int $id, string $name)
{
    return FakeKernel::$instances[$id]['properties'][$name];
}

function IPS_ApplyChanges(int $id): bool
{
    FakeKernel::call($id, 'ApplyChanges');
    FakeKernel::sendMessage($id, IM_CHANGESETTINGS);
    return true;
}

function IPS_SetParent(int $id, int $parent): bool
{
    $old = FakeKernel::$objects[$id]['parent'];
    FakeKernel::$objects[$id]['parent'] = $parent;
    if ($old !== $parent) {
        FakeKernel::sendMessage($old, OM_CHILDREMOVED, [$id]);
    }
    return true;
}

function IPS_SetIdent(int $id, string $ident): bool
{
    FakeKernel::$objects[$id]['ident'] = $ident;
    FakeKernel::sendMessage($id, OM_CHANGEIDENT, [$ident]);
    return true;
}

function IPS_SetName(int $id, string $name): bool
{
    FakeKernel::$objects[$id]['name'] = $name;
    return true;
}

function IPS_GetName(int $id): string
{
    return FakeKernel::$objects[$id]['name'];
}

function IPS_InstanceExists(int $id): bool
{
    return isset(FakeKernel::$instances[$id]);
}

function IPS_DeleteInstance(int $id): bool
{
    unset(FakeKernel::$instances[$id], FakeKernel::$objects[$id]);
    FakeKernel::sendMessage($id, OM_UNREGISTER);
    return true;
}

function IPS_GetChildrenIDs(int $id): array
{
    return FakeKernel::children($id);
}

/** As Symcon: the child with that ident, or a warning and false. */
function IPS_GetObjectIDByIdent(string $ident, int $parent)
{
    foreach (FakeKernel::children($parent) as $child) {
        if (FakeKernel::$objects[$child]['ident'] === $ident) {
            return $child;
        }
    }
    trigger_error('Object with identifier ' . $ident . ' could not be found', E_USER_WARNING);
    return false;
}

function IPS_GetObject(int $id): array
{
    $o = FakeKernel::$objects[$id];
    return ['ObjectID' => $id, 'ObjectType' => $o['type'], 'ObjectName' => $o['name'], 'ObjectIdent' => $o['ident'],
        'ParentID' => $o['parent'], 'ObjectPosition' => $o['position']];
}

function IPS_CreateCategory(): int
{
    $id = FakeKernel::newId();
    FakeKernel::$objects[$id] = ['type' => 0, 'name' => 'Unnamed Object', 'ident' => '', 'parent' => 0, 'position' => 0];
    return $id;
}

function IPS_GetParent(int $id): int
{
    return FakeKernel::$objects[$id]['parent'];
}

function IPS_GetVariable(int $id): array
{
    return ['VariableID' => $id, 'VariableType' => FakeKernel::$variables[$id]['type'],
        'VariableProfile' => FakeKernel::$variables[$id]['profile']];
}

function IPS_DeleteVariable(int $id): bool
{
    $parent = FakeKernel::$objects[$id]['parent'];
    unset(FakeKernel::$objects[$id], FakeKernel::$variables[$id]);
    FakeKernel::sendMessage($parent, OM_CHILDREMOVED, [$id]);
    return true;
}

function IPS_SetPosition(int $id, int $position): bool
{
    FakeKernel::$objects[$id]['position'] = $position;
    return true;
}

function IPS_GetConfiguration(int $id): string
{
    return json_encode(FakeKernel::$instances[$id]['properties']);
}

function IPS_GetKernelRunlevel(): int
{
    return KR_READY;
}

function IPS_VariableExists(int $id): bool
{
    return isset(FakeKernel::$variables[$id]);
}

function IPS_VariableProfileExists(string $name): bool
{
    return isset(FakeKernel::$profiles[$name]);
}

function IPS_CreateVariableProfile(string $name, int $type): bool
{
    FakeKernel::$profiles[$name] = ['type' => $type, 'suffix' => '', 'digits' => 0];
    FakeKernel::sendMessage(0, PM_CREATE, [$name]);
    return true;
}

function IPS_DeleteVariableProfile(string $name): bool
{
    unset(FakeKernel::$profiles[$name]);
    FakeKernel::sendMessage(0, PM_DELETE, [$name]);
    return true;
}

function IPS_SetVariableProfileText(string $name, string $prefix, string $suffix): bool
{
    FakeKernel::$profiles[$name]['suffix'] = $suffix;
    return true;
}

function IPS_SetVariableProfileDigits(string $name, int $digits): bool
{
    FakeKernel::$profiles[$name]['digits'] = $digits;
    FakeKernel::sendMessage(0, PM_CHANGEDIGITS, [$name]);
    return true;
}

/** As Symcon: the profile, or a warning and false. */
function IPS_GetVariableProfile(string $name): array|false
{
    $p = FakeKernel::$profiles[$name] ?? null;
    if ($p === null) {
        trigger_error('Profile with name ' . $name . ' does not exist', E_USER_WARNING);
        return false;
    }
    return ['ProfileName' => $name, 'ProfileType' => $p['type'], 'Suffix' => $p['suffix'], 'Digits' => $p['digits']];
}

/** A stand-in for Symcon's MQTT Server: publish() hands a PUBLISH to its children as Symcon does. */
class FakeMqttServer extends IPSModule
{
    public const ID = '{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}';

    public function ForwardData($JSONString)
    {
        return '';
    }

    public static function publish(int $server, string $topic, string $payload): void
    {
        // Each payload byte becomes one code point (IPSModule children since Symcon 6.3).
        $mapped = '';
        foreach (str_split($payload) as $byte) {
            $mapped .= mb_chr(ord($byte), 'UTF-8');
        }
        FakeKernel::toChildren($server, json_encode(['DataID' => '{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}', 'PacketType' => 3,
            'QualityOfService' => 1, 'Retain' => false, 'Topic' => $topic, 'Payload' => $mapped], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    }
}

/** A stand-in for Symcon's WebHook Control: just its Hooks list and ports. */
class FakeWebHookControl extends IPSModule
{
    public const ID = '{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}';

    public function Create()
    {
        $this->RegisterPropertyString('Hooks', '[]');
        $this->RegisterPropertyInteger('HTTPSPort', 3778);
        $this->RegisterPropertyString('BindAddress', '127.0.0.1');
    }

    /** What symemu's WebHook Control exports: the port its HTTPS listener is bound to (0: none). */
    public function GetHTTPSPort(): int
    {
        return 43778;
    }
}

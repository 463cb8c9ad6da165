<?php
// IPSModuleStrict (Symcon 7+, docs/symcon-kernel.md §3.12): the same API with type declarations;
// helpers return bool, binary data flow fields are hex, RegisterHook does the bookkeeping.
// Not a subclass of IPSModule, as in Symcon.
class IPSModuleStrict
{
    use __SymemuTestHelpers;
    use __SymemuDispatch;

    protected $InstanceID;

    public function __construct(int $InstanceID)
    {
        $this->InstanceID = $InstanceID;
    }

    // --- callbacks a module overrides ----------------------------------------------------------
    public function Create(): void
    {
    }

    public function Destroy(): void
    {
    }

    public function ApplyChanges(): void
    {
        symemu_module($this->InstanceID, 'ApplyChanges', []);
    }

    public function ReceiveData(string $JSONString): string
    {
        return '';
    }

    public function ForwardData(string $JSONString): string
    {
        return '';
    }

    public function MessageSink(int $TimeStamp, int $SenderID, int $Message, array $Data): void
    {
    }

    public function RequestAction(string $Ident, mixed $Value): void
    {
        throw new Exception('RequestAction is not implemented by ' . static::class);
    }

    public function GetConfigurationForm(): string
    {
        return symemu_module($this->InstanceID, 'GetConfigurationForm', []);
    }

    public function GetConfigurationForParent(): string
    {
        return '{}';
    }

    public function GetCompatibleParents(): string
    {
        return '{}';
    }

    public function Translate(string $Text): string
    {
        return symemu_module($this->InstanceID, 'Translate', [$Text]);
    }

    protected function ProcessHookData()
    {
    }

    // --- configuration --------------------------------------------------------------------------
    public function GetProperty(string $Name): mixed
    {
        return IPS_GetProperty($this->InstanceID, $Name);
    }

    public function SetProperty(string $Name, mixed $Value): void
    {
        IPS_SetProperty($this->InstanceID, $Name, $Value);
    }

    public function GetConfiguration(): string
    {
        return IPS_GetConfiguration($this->InstanceID);
    }

    public function SetConfiguration(string $Configuration): void
    {
        IPS_SetConfiguration($this->InstanceID, $Configuration);
    }

    public function HasChanges(): bool
    {
        return IPS_HasChanges($this->InstanceID);
    }

    public function ResetChanges(): void
    {
        IPS_ResetChanges($this->InstanceID);
    }

    public function GetReferenceList(): array
    {
        return symemu_module($this->InstanceID, 'GetReferenceList', []);
    }

    public function SetVisualizationType(int $Type): void
    {
    }

    // --- properties, attributes, buffers --------------------------------------------------------
    protected function RegisterPropertyBoolean(string $Name, bool $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterProperty', [$Name, $DefaultValue, 0]) ?? true;
    }

    protected function RegisterPropertyInteger(string $Name, int $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterProperty', [$Name, $DefaultValue, 1]) ?? true;
    }

    protected function RegisterPropertyFloat(string $Name, float $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterProperty', [$Name, $DefaultValue, 2]) ?? true;
    }

    protected function RegisterPropertyString(string $Name, string $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterProperty', [$Name, $DefaultValue, 3]) ?? true;
    }

    protected function ReadPropertyBoolean(string $Name): bool
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 0]);
    }

    protected function ReadPropertyInteger(string $Name): int
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 1]);
    }

    protected function ReadPropertyFloat(string $Name): float
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 2]);
    }

    protected function ReadPropertyString(string $Name): string
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 3]);
    }

    protected function RegisterAttributeBoolean(string $Name, bool $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, $DefaultValue, 0]) ?? true;
    }

    protected function RegisterAttributeInteger(string $Name, int $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, $DefaultValue, 1]) ?? true;
    }

    protected function RegisterAttributeFloat(string $Name, float $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, $DefaultValue, 2]) ?? true;
    }

    protected function RegisterAttributeString(string $Name, string $DefaultValue): bool
    {
        return symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, $DefaultValue, 3]) ?? true;
    }

    protected function ReadAttributeBoolean(string $Name): bool
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 0]);
    }

    protected function ReadAttributeInteger(string $Name): int
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 1]);
    }

    protected function ReadAttributeFloat(string $Name): float
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 2]);
    }

    protected function ReadAttributeString(string $Name): string
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 3]);
    }

    protected function WriteAttributeBoolean(string $Name, bool $Value): bool
    {
        return symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 0]) ?? true;
    }

    protected function WriteAttributeInteger(string $Name, int $Value): bool
    {
        return symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 1]) ?? true;
    }

    protected function WriteAttributeFloat(string $Name, float $Value): bool
    {
        return symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 2]) ?? true;
    }

    protected function WriteAttributeString(string $Name, string $Value): bool
    {
        return symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 3]) ?? true;
    }

    protected function SetBuffer(string $Name, string $Data): bool
    {
        return symemu_module($this->InstanceID, 'SetBuffer', [$Name, $Data]) ?? true;
    }

    protected function GetBuffer(string $Name): string
    {
        return symemu_module($this->InstanceID, 'GetBuffer', [$Name]);
    }

    protected function GetBufferList(): array
    {
        return symemu_module($this->InstanceID, 'GetBufferList', []);
    }

    // --- status variables (Register* return whether the variable was new) -----------------------
    protected function RegisterVariableBoolean(string $Ident, string $Name, string|array $ProfileOrPresentation = '', int $Position = 0): bool
    {
        return $this->__symemuRegisterVariable($Ident, $Name, 0, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableInteger(string $Ident, string $Name, string|array $ProfileOrPresentation = '', int $Position = 0): bool
    {
        return $this->__symemuRegisterVariable($Ident, $Name, 1, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableFloat(string $Ident, string $Name, string|array $ProfileOrPresentation = '', int $Position = 0): bool
    {
        return $this->__symemuRegisterVariable($Ident, $Name, 2, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableString(string $Ident, string $Name, string|array $ProfileOrPresentation = '', int $Position = 0): bool
    {
        return $this->__symemuRegisterVariable($Ident, $Name, 3, $ProfileOrPresentation, $Position);
    }

    protected function UnregisterVariable(string $Ident): bool
    {
        return symemu_module($this->InstanceID, 'UnregisterVariable', [$Ident]) ?? true;
    }

    protected function MaintainVariable(string $Ident, string $Name, int $Type, string|array $ProfileOrPresentation, int $Position, bool $Keep): bool
    {
        if ($Keep) {
            return $this->__symemuRegisterVariable($Ident, $Name, $Type, $ProfileOrPresentation, $Position);
        }
        return symemu_module($this->InstanceID, 'UnregisterVariable', [$Ident]) ?? true;
    }

    protected function EnableAction(string $Ident): bool
    {
        return symemu_module($this->InstanceID, 'SetAction', [$Ident, true]) ?? true;
    }

    protected function DisableAction(string $Ident): bool
    {
        return symemu_module($this->InstanceID, 'SetAction', [$Ident, false]) ?? true;
    }

    protected function MaintainAction(string $Ident, bool $Keep): bool
    {
        return symemu_module($this->InstanceID, 'SetAction', [$Ident, $Keep]) ?? true;
    }

    protected function GetIDForIdent(string $Ident): int
    {
        return symemu_module($this->InstanceID, 'GetIDForIdent', [$Ident]);
    }

    protected function GetValue(string $Ident): mixed
    {
        return symemu_module($this->InstanceID, 'GetValue', [$Ident]);
    }

    protected function SetValue(string $Ident, mixed $Value): bool
    {
        return symemu_module($this->InstanceID, 'SetValue', [$Ident, $Value]);
    }

    protected function RegisterScript(string $Ident, string $Name, string $Content = '', int $Position = 0): bool
    {
        throw new Exception('RegisterScript is not offered by symemu yet');
    }

    protected function SetSummary(string $Summary): bool
    {
        return symemu_module($this->InstanceID, 'SetSummary', [$Summary]) ?? true;
    }

    protected function RegisterReference(int $ID): bool
    {
        return symemu_module($this->InstanceID, 'RegisterReference', [$ID]) ?? true;
    }

    protected function UnregisterReference(int $ID): bool
    {
        return symemu_module($this->InstanceID, 'UnregisterReference', [$ID]) ?? true;
    }

    // --- timers and messages --------------------------------------------------------------------
    protected function RegisterTimer(string $Ident, int $Milliseconds, string $ScriptText): bool
    {
        return symemu_module($this->InstanceID, 'RegisterTimer', [$Ident, $Milliseconds, $ScriptText]) ?? true;
    }

    protected function RegisterOnceTimer(string $Ident, string $ScriptText): bool
    {
        return symemu_module($this->InstanceID, 'RegisterOnceTimer', [$Ident, $ScriptText]) ?? true;
    }

    protected function SetTimerInterval(string $Ident, int $Milliseconds): bool
    {
        return symemu_module($this->InstanceID, 'SetTimerInterval', [$Ident, $Milliseconds]) ?? true;
    }

    protected function GetTimerInterval(string $Ident): int
    {
        return symemu_module($this->InstanceID, 'GetTimerInterval', [$Ident]);
    }

    protected function RegisterMessage(int $SenderID, int $Message): bool
    {
        return symemu_module($this->InstanceID, 'RegisterMessage', [$SenderID, $Message]) ?? true;
    }

    protected function UnregisterMessage(int $SenderID, int $Message): bool
    {
        return symemu_module($this->InstanceID, 'UnregisterMessage', [$SenderID, $Message]) ?? true;
    }

    protected function GetMessageList(): array
    {
        return symemu_module($this->InstanceID, 'GetMessageList', []);
    }

    // --- data flow ------------------------------------------------------------------------------
    protected function SendDataToParent(string $Data): string
    {
        return symemu_module($this->InstanceID, 'SendDataToParent', [$Data]);
    }

    protected function SendDataToChildren(string $Data): array
    {
        return symemu_module($this->InstanceID, 'SendDataToChildren', [$Data]);
    }

    protected function SetReceiveDataFilter(string $RequiredRegexMatch): bool
    {
        return symemu_module($this->InstanceID, 'SetReceiveDataFilter', [$RequiredRegexMatch]) ?? true;
    }

    protected function SetForwardDataFilter(string $RequiredRegexMatch): bool
    {
        return symemu_module($this->InstanceID, 'SetForwardDataFilter', [$RequiredRegexMatch]) ?? true;
    }

    protected function HasActiveParent(): bool
    {
        return symemu_module($this->InstanceID, 'HasActiveParent', []);
    }

    protected function ConnectParent(string $ModuleID): bool
    {
        return symemu_module($this->InstanceID, 'ConnectParent', [$ModuleID]) ?? true;
    }

    protected function RequireParent(string $ModuleID): bool
    {
        return symemu_module($this->InstanceID, 'RequireParent', [$ModuleID]) ?? true;
    }

    protected function ForceParent(string $ModuleID): bool
    {
        return symemu_module($this->InstanceID, 'ForceParent', [$ModuleID]) ?? true;
    }

    // --- status, debug, log, forms, hooks -------------------------------------------------------
    protected function SetStatus(int $Status): bool
    {
        return symemu_module($this->InstanceID, 'SetStatus', [$Status]) ?? true;
    }

    protected function GetStatus(): int
    {
        return symemu_module($this->InstanceID, 'GetStatus', []);
    }

    protected function SendDebug(string $Message, string $Data, int $Format): bool
    {
        return symemu_module($this->InstanceID, 'SendDebug', [$Message, $Data, $Format]) ?? true;
    }

    protected function LogMessage(string $Message, int $Type): bool
    {
        return symemu_module($this->InstanceID, 'LogMessage', [$Message, $Type]) ?? true;
    }

    protected function ReloadForm(): bool
    {
        return symemu_module($this->InstanceID, 'ReloadForm', []) ?? true;
    }

    protected function UpdateFormField(string $Field, string $Parameter, mixed $Value): bool
    {
        return symemu_module($this->InstanceID, 'UpdateFormField', [$Field, $Parameter, is_string($Value) ? $Value : json_encode($Value)]) ?? true;
    }

    protected function RegisterHook(string $HookPath): bool
    {
        return symemu_module($this->InstanceID, 'RegisterHook', [$HookPath]);
    }

    // --- host entry (php_module.cpp); not part of Symcon's API ---------------------------------
    private function __symemuRegisterVariable(string $Ident, string $Name, int $Type, string|array $Profile, int $Position): bool
    {
        $existed = symemu_module($this->InstanceID, 'IdentExists', [$Ident]);
        symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, $Type, $Profile, $Position]);
        return !$existed;
    }
}

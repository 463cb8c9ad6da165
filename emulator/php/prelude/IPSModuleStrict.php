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
        __symemu_ApplyChanges($this->InstanceID);
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
        return __symemu_GetConfigurationForm($this->InstanceID);
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
        return __symemu_Translate($this->InstanceID, $Text);
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
        return __symemu_GetReferenceList($this->InstanceID);
    }

    public function SetVisualizationType(int $Type): void
    {
    }

    // --- properties, attributes, buffers --------------------------------------------------------
    protected function RegisterPropertyBoolean(string $Name, bool $DefaultValue): bool
    {
        return __symemu_RegisterProperty($this->InstanceID, $Name, $DefaultValue, 0) ?? true;
    }

    protected function RegisterPropertyInteger(string $Name, int $DefaultValue): bool
    {
        return __symemu_RegisterProperty($this->InstanceID, $Name, $DefaultValue, 1) ?? true;
    }

    protected function RegisterPropertyFloat(string $Name, float $DefaultValue): bool
    {
        return __symemu_RegisterProperty($this->InstanceID, $Name, $DefaultValue, 2) ?? true;
    }

    protected function RegisterPropertyString(string $Name, string $DefaultValue): bool
    {
        return __symemu_RegisterProperty($this->InstanceID, $Name, $DefaultValue, 3) ?? true;
    }

    protected function ReadPropertyBoolean(string $Name): bool
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 0);
    }

    protected function ReadPropertyInteger(string $Name): int
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 1);
    }

    protected function ReadPropertyFloat(string $Name): float
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 2);
    }

    protected function ReadPropertyString(string $Name): string
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 3);
    }

    protected function RegisterAttributeBoolean(string $Name, bool $DefaultValue): bool
    {
        return __symemu_RegisterAttribute($this->InstanceID, $Name, $DefaultValue, 0) ?? true;
    }

    protected function RegisterAttributeInteger(string $Name, int $DefaultValue): bool
    {
        return __symemu_RegisterAttribute($this->InstanceID, $Name, $DefaultValue, 1) ?? true;
    }

    protected function RegisterAttributeFloat(string $Name, float $DefaultValue): bool
    {
        return __symemu_RegisterAttribute($this->InstanceID, $Name, $DefaultValue, 2) ?? true;
    }

    protected function RegisterAttributeString(string $Name, string $DefaultValue): bool
    {
        return __symemu_RegisterAttribute($this->InstanceID, $Name, $DefaultValue, 3) ?? true;
    }

    protected function ReadAttributeBoolean(string $Name): bool
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 0);
    }

    protected function ReadAttributeInteger(string $Name): int
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 1);
    }

    protected function ReadAttributeFloat(string $Name): float
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 2);
    }

    protected function ReadAttributeString(string $Name): string
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 3);
    }

    protected function WriteAttributeBoolean(string $Name, bool $Value): bool
    {
        return __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 0) ?? true;
    }

    protected function WriteAttributeInteger(string $Name, int $Value): bool
    {
        return __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 1) ?? true;
    }

    protected function WriteAttributeFloat(string $Name, float $Value): bool
    {
        return __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 2) ?? true;
    }

    protected function WriteAttributeString(string $Name, string $Value): bool
    {
        return __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 3) ?? true;
    }

    protected function SetBuffer(string $Name, string $Data): bool
    {
        return __symemu_SetBuffer($this->InstanceID, $Name, $Data) ?? true;
    }

    protected function GetBuffer(string $Name): string
    {
        return __symemu_GetBuffer($this->InstanceID, $Name);
    }

    protected function GetBufferList(): array
    {
        return __symemu_GetBufferList($this->InstanceID);
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
        return __symemu_UnregisterVariable($this->InstanceID, $Ident) ?? true;
    }

    protected function MaintainVariable(string $Ident, string $Name, int $Type, string|array $ProfileOrPresentation, int $Position, bool $Keep): bool
    {
        if ($Keep) {
            return $this->__symemuRegisterVariable($Ident, $Name, $Type, $ProfileOrPresentation, $Position);
        }
        return __symemu_UnregisterVariable($this->InstanceID, $Ident) ?? true;
    }

    protected function EnableAction(string $Ident): bool
    {
        return __symemu_SetAction($this->InstanceID, $Ident, true) ?? true;
    }

    protected function DisableAction(string $Ident): bool
    {
        return __symemu_SetAction($this->InstanceID, $Ident, false) ?? true;
    }

    protected function MaintainAction(string $Ident, bool $Keep): bool
    {
        return __symemu_SetAction($this->InstanceID, $Ident, $Keep) ?? true;
    }

    protected function GetIDForIdent(string $Ident): int
    {
        return __symemu_GetIDForIdent($this->InstanceID, $Ident);
    }

    protected function GetValue(string $Ident): mixed
    {
        return __symemu_GetValue($this->InstanceID, $Ident);
    }

    protected function SetValue(string $Ident, mixed $Value): bool
    {
        return __symemu_SetValue($this->InstanceID, $Ident, $Value);
    }

    protected function RegisterScript(string $Ident, string $Name, string $Content = '', int $Position = 0): bool
    {
        throw new Exception('RegisterScript is not offered by symemu yet');
    }

    protected function SetSummary(string $Summary): bool
    {
        return __symemu_SetSummary($this->InstanceID, $Summary) ?? true;
    }

    protected function RegisterReference(int $ID): bool
    {
        return __symemu_RegisterReference($this->InstanceID, $ID) ?? true;
    }

    protected function UnregisterReference(int $ID): bool
    {
        return __symemu_UnregisterReference($this->InstanceID, $ID) ?? true;
    }

    // --- timers and messages --------------------------------------------------------------------
    protected function RegisterTimer(string $Ident, int $Milliseconds, string $ScriptText): bool
    {
        return __symemu_RegisterTimer($this->InstanceID, $Ident, $Milliseconds, $ScriptText) ?? true;
    }

    protected function RegisterOnceTimer(string $Ident, string $ScriptText): bool
    {
        return __symemu_RegisterOnceTimer($this->InstanceID, $Ident, $ScriptText) ?? true;
    }

    protected function SetTimerInterval(string $Ident, int $Milliseconds): bool
    {
        return __symemu_SetTimerInterval($this->InstanceID, $Ident, $Milliseconds) ?? true;
    }

    protected function GetTimerInterval(string $Ident): int
    {
        return __symemu_GetTimerInterval($this->InstanceID, $Ident);
    }

    protected function RegisterMessage(int $SenderID, int $Message): bool
    {
        return __symemu_RegisterMessage($this->InstanceID, $SenderID, $Message) ?? true;
    }

    protected function UnregisterMessage(int $SenderID, int $Message): bool
    {
        return __symemu_UnregisterMessage($this->InstanceID, $SenderID, $Message) ?? true;
    }

    protected function GetMessageList(): array
    {
        return __symemu_GetMessageList($this->InstanceID);
    }

    // --- data flow ------------------------------------------------------------------------------
    protected function SendDataToParent(string $Data): string
    {
        return __symemu_SendDataToParent($this->InstanceID, $Data);
    }

    protected function SendDataToChildren(string $Data): array
    {
        return __symemu_SendDataToChildren($this->InstanceID, $Data);
    }

    protected function SetReceiveDataFilter(string $RequiredRegexMatch): bool
    {
        return __symemu_SetReceiveDataFilter($this->InstanceID, $RequiredRegexMatch) ?? true;
    }

    protected function SetForwardDataFilter(string $RequiredRegexMatch): bool
    {
        return __symemu_SetForwardDataFilter($this->InstanceID, $RequiredRegexMatch) ?? true;
    }

    protected function HasActiveParent(): bool
    {
        return __symemu_HasActiveParent($this->InstanceID);
    }

    protected function ConnectParent(string $ModuleID): bool
    {
        return __symemu_ConnectParent($this->InstanceID, $ModuleID) ?? true;
    }

    protected function RequireParent(string $ModuleID): bool
    {
        return __symemu_RequireParent($this->InstanceID, $ModuleID) ?? true;
    }

    protected function ForceParent(string $ModuleID): bool
    {
        return __symemu_ForceParent($this->InstanceID, $ModuleID) ?? true;
    }

    // --- status, debug, log, forms, hooks -------------------------------------------------------
    protected function SetStatus(int $Status): bool
    {
        return __symemu_SetStatus($this->InstanceID, $Status) ?? true;
    }

    protected function GetStatus(): int
    {
        return __symemu_GetStatus($this->InstanceID);
    }

    protected function SendDebug(string $Message, string $Data, int $Format): bool
    {
        return __symemu_SendDebug($this->InstanceID, $Message, $Data, $Format) ?? true;
    }

    protected function LogMessage(string $Message, int $Type): bool
    {
        return __symemu_LogMessage($this->InstanceID, $Message, $Type) ?? true;
    }

    protected function ReloadForm(): bool
    {
        return __symemu_ReloadForm($this->InstanceID) ?? true;
    }

    protected function UpdateFormField(string $Field, string $Parameter, mixed $Value): bool
    {
        return __symemu_UpdateFormField($this->InstanceID, $Field, $Parameter, is_string($Value) ? $Value : json_encode($Value)) ?? true;
    }

    protected function RegisterHook(string $HookPath): bool
    {
        return __symemu_RegisterHook($this->InstanceID, $HookPath);
    }

    // --- host entry (php_module.cpp); not part of Symcon's API ---------------------------------
    private function __symemuRegisterVariable(string $Ident, string $Name, int $Type, string|array $Profile, int $Position): bool
    {
        $existed = __symemu_IdentExists($this->InstanceID, $Ident);
        __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, $Type, $Profile, $Position);
        return !$existed;
    }
}

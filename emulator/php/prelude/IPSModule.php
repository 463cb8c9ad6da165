<?php
// IPSModule as Symcon's kernel offers it to modules (docs/symcon-kernel.md §3). Signatures follow the
// official SymconStubs, so a module that loads in Symcon loads here. Every helper acts on this
// instance through the kernel; the object itself holds nothing but $InstanceID.
class IPSModule
{
    use __SymemuTestHelpers;
    use __SymemuDispatch;

    protected $InstanceID;

    public function __construct($InstanceID)
    {
        $this->InstanceID = $InstanceID;
    }

    // --- callbacks a module overrides ----------------------------------------------------------
    public function Create()
    {
    }

    public function Destroy()
    {
    }

    public function ApplyChanges()
    {
        symemu_module($this->InstanceID, 'ApplyChanges', []);
    }

    public function ReceiveData($JSONString)
    {
        return '';
    }

    public function ForwardData($JSONString)
    {
        return '';
    }

    public function MessageSink($TimeStamp, $SenderID, $Message, $Data)
    {
    }

    public function RequestAction($Ident, $Value)
    {
        throw new Exception('RequestAction is not implemented by ' . static::class);
    }

    public function GetConfigurationForm()
    {
        return symemu_module($this->InstanceID, 'GetConfigurationForm', []);
    }

    public function GetConfigurationForParent()
    {
        return '{}';
    }

    public function GetCompatibleParents()
    {
        return '{}';
    }

    public function Translate($Text)
    {
        return symemu_module($this->InstanceID, 'Translate', [(string) $Text]);
    }

    protected function ProcessHookData()
    {
    }

    // --- configuration (public in Symcon, used by the console) ----------------------------------
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

    public function HasChanges()
    {
        return IPS_HasChanges($this->InstanceID);
    }

    public function ResetChanges()
    {
        IPS_ResetChanges($this->InstanceID);
    }

    public function GetReferenceList()
    {
        return symemu_module($this->InstanceID, 'GetReferenceList', []);
    }

    // --- properties, attributes, buffers --------------------------------------------------------
    protected function RegisterPropertyBoolean($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterProperty', [$Name, (bool) $DefaultValue, 0]);
    }

    protected function RegisterPropertyInteger($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterProperty', [$Name, (int) $DefaultValue, 1]);
    }

    protected function RegisterPropertyFloat($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterProperty', [$Name, (float) $DefaultValue, 2]);
    }

    protected function RegisterPropertyString($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterProperty', [$Name, (string) $DefaultValue, 3]);
    }

    protected function ReadPropertyBoolean($Name)
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 0]);
    }

    protected function ReadPropertyInteger($Name)
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 1]);
    }

    protected function ReadPropertyFloat($Name)
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 2]);
    }

    protected function ReadPropertyString($Name)
    {
        return symemu_module($this->InstanceID, 'ReadProperty', [$Name, 3]);
    }

    protected function RegisterAttributeBoolean($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, (bool) $DefaultValue, 0]);
    }

    protected function RegisterAttributeInteger($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, (int) $DefaultValue, 1]);
    }

    protected function RegisterAttributeFloat($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, (float) $DefaultValue, 2]);
    }

    protected function RegisterAttributeString($Name, $DefaultValue)
    {
        symemu_module($this->InstanceID, 'RegisterAttribute', [$Name, (string) $DefaultValue, 3]);
    }

    protected function ReadAttributeBoolean($Name)
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 0]);
    }

    protected function ReadAttributeInteger($Name)
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 1]);
    }

    protected function ReadAttributeFloat($Name)
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 2]);
    }

    protected function ReadAttributeString($Name)
    {
        return symemu_module($this->InstanceID, 'ReadAttribute', [$Name, 3]);
    }

    protected function WriteAttributeBoolean($Name, bool $Value)
    {
        symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 0]);
    }

    protected function WriteAttributeInteger($Name, int $Value)
    {
        symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 1]);
    }

    protected function WriteAttributeFloat($Name, float $Value)
    {
        symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 2]);
    }

    protected function WriteAttributeString($Name, string $Value)
    {
        symemu_module($this->InstanceID, 'WriteAttribute', [$Name, $Value, 3]);
    }

    protected function SetBuffer($Name, $Data)
    {
        symemu_module($this->InstanceID, 'SetBuffer', [$Name, (string) $Data]);
    }

    protected function GetBuffer($Name)
    {
        return symemu_module($this->InstanceID, 'GetBuffer', [$Name]);
    }

    protected function GetBufferList()
    {
        return symemu_module($this->InstanceID, 'GetBufferList', []);
    }

    // --- status variables -----------------------------------------------------------------------
    protected function RegisterVariableBoolean($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, 0, $ProfileOrPresentation, $Position]);
    }

    protected function RegisterVariableInteger($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, 1, $ProfileOrPresentation, $Position]);
    }

    protected function RegisterVariableFloat($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, 2, $ProfileOrPresentation, $Position]);
    }

    protected function RegisterVariableString($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, 3, $ProfileOrPresentation, $Position]);
    }

    protected function UnregisterVariable($Ident)
    {
        symemu_module($this->InstanceID, 'UnregisterVariable', [$Ident]);
    }

    protected function MaintainVariable($Ident, $Name, $Type, $Profile, $Position, $Keep)
    {
        if ($Keep) {
            symemu_module($this->InstanceID, 'RegisterVariable', [$Ident, $Name, $Type, $Profile, $Position]);
        } else {
            symemu_module($this->InstanceID, 'UnregisterVariable', [$Ident]);
        }
    }

    protected function EnableAction($Ident)
    {
        symemu_module($this->InstanceID, 'SetAction', [$Ident, true]);
    }

    protected function DisableAction($Ident)
    {
        symemu_module($this->InstanceID, 'SetAction', [$Ident, false]);
    }

    protected function MaintainAction($Ident, $Keep)
    {
        symemu_module($this->InstanceID, 'SetAction', [$Ident, (bool) $Keep]);
    }

    protected function GetIDForIdent($Ident)
    {
        return symemu_module($this->InstanceID, 'GetIDForIdent', [$Ident]);
    }

    protected function GetValue(string $Ident)
    {
        return symemu_module($this->InstanceID, 'GetValue', [$Ident]);
    }

    protected function SetValue(string $Ident, $Value)
    {
        return symemu_module($this->InstanceID, 'SetValue', [$Ident, $Value]);
    }

    protected function RegisterScript($Ident, $Name, $Content = '', $Position = 0)
    {
        throw new Exception('RegisterScript is not offered by symemu yet');
    }

    protected function SetSummary($Summary)
    {
        symemu_module($this->InstanceID, 'SetSummary', [(string) $Summary]);
    }

    protected function RegisterReference(int $ID)
    {
        symemu_module($this->InstanceID, 'RegisterReference', [$ID]);
    }

    protected function UnregisterReference(int $ID)
    {
        symemu_module($this->InstanceID, 'UnregisterReference', [$ID]);
    }

    // --- timers and messages --------------------------------------------------------------------
    protected function RegisterTimer(string $Ident, int $Milliseconds, string $ScriptText)
    {
        symemu_module($this->InstanceID, 'RegisterTimer', [$Ident, $Milliseconds, $ScriptText]);
    }

    protected function RegisterOnceTimer(string $Ident, string $ScriptText)
    {
        symemu_module($this->InstanceID, 'RegisterOnceTimer', [$Ident, $ScriptText]);
    }

    protected function SetTimerInterval(string $Ident, int $Milliseconds)
    {
        symemu_module($this->InstanceID, 'SetTimerInterval', [$Ident, $Milliseconds]);
    }

    protected function GetTimerInterval(string $Ident)
    {
        return symemu_module($this->InstanceID, 'GetTimerInterval', [$Ident]);
    }

    protected function RegisterMessage($SenderID, $Message)
    {
        symemu_module($this->InstanceID, 'RegisterMessage', [(int) $SenderID, (int) $Message]);
    }

    protected function UnregisterMessage($SenderID, $Message)
    {
        symemu_module($this->InstanceID, 'UnregisterMessage', [(int) $SenderID, (int) $Message]);
    }

    protected function GetMessageList()
    {
        return symemu_module($this->InstanceID, 'GetMessageList', []);
    }

    // --- data flow ------------------------------------------------------------------------------
    protected function SendDataToParent($Data)
    {
        return symemu_module($this->InstanceID, 'SendDataToParent', [(string) $Data]);
    }

    protected function SendDataToChildren($Data)
    {
        return symemu_module($this->InstanceID, 'SendDataToChildren', [(string) $Data]);
    }

    protected function SetReceiveDataFilter($RequiredRegexMatch)
    {
        symemu_module($this->InstanceID, 'SetReceiveDataFilter', [(string) $RequiredRegexMatch]);
    }

    protected function SetForwardDataFilter($RequiredRegexMatch)
    {
        symemu_module($this->InstanceID, 'SetForwardDataFilter', [(string) $RequiredRegexMatch]);
    }

    protected function HasActiveParent()
    {
        return symemu_module($this->InstanceID, 'HasActiveParent', []);
    }

    protected function ConnectParent($ModuleID)
    {
        symemu_module($this->InstanceID, 'ConnectParent', [(string) $ModuleID]);
    }

    protected function RequireParent($ModuleID)
    {
        symemu_module($this->InstanceID, 'RequireParent', [(string) $ModuleID]);
    }

    protected function ForceParent($ModuleID)
    {
        symemu_module($this->InstanceID, 'ForceParent', [(string) $ModuleID]);
    }

    // --- status, debug, log, forms --------------------------------------------------------------
    protected function SetStatus($Status)
    {
        symemu_module($this->InstanceID, 'SetStatus', [(int) $Status]);
    }

    protected function GetStatus()
    {
        return symemu_module($this->InstanceID, 'GetStatus', []);
    }

    protected function SendDebug($Message, $Data, $Format)
    {
        symemu_module($this->InstanceID, 'SendDebug', [(string) $Message, is_string($Data) ? $Data : json_encode($Data), (int) $Format]);
    }

    protected function LogMessage($Message, $Type)
    {
        symemu_module($this->InstanceID, 'LogMessage', [(string) $Message, (int) $Type]);
    }

    protected function ReloadForm()
    {
        symemu_module($this->InstanceID, 'ReloadForm', []);
    }

    protected function UpdateFormField($Field, $Parameter, $Value)
    {
        symemu_module($this->InstanceID, 'UpdateFormField', [(string) $Field, (string) $Parameter, is_string($Value) ? $Value : json_encode($Value)]);
    }

    public function SetVisualizationType($Type)
    {
    }
}

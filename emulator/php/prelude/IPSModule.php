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
        __symemu_ApplyChanges($this->InstanceID);
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
        return __symemu_GetConfigurationForm($this->InstanceID);
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
        return __symemu_Translate($this->InstanceID, (string) $Text);
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
        return __symemu_GetReferenceList($this->InstanceID);
    }

    // --- properties, attributes, buffers --------------------------------------------------------
    protected function RegisterPropertyBoolean($Name, $DefaultValue)
    {
        __symemu_RegisterProperty($this->InstanceID, $Name, (bool) $DefaultValue, 0);
    }

    protected function RegisterPropertyInteger($Name, $DefaultValue)
    {
        __symemu_RegisterProperty($this->InstanceID, $Name, (int) $DefaultValue, 1);
    }

    protected function RegisterPropertyFloat($Name, $DefaultValue)
    {
        __symemu_RegisterProperty($this->InstanceID, $Name, (float) $DefaultValue, 2);
    }

    protected function RegisterPropertyString($Name, $DefaultValue)
    {
        __symemu_RegisterProperty($this->InstanceID, $Name, (string) $DefaultValue, 3);
    }

    protected function ReadPropertyBoolean($Name)
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 0);
    }

    protected function ReadPropertyInteger($Name)
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 1);
    }

    protected function ReadPropertyFloat($Name)
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 2);
    }

    protected function ReadPropertyString($Name)
    {
        return __symemu_ReadProperty($this->InstanceID, $Name, 3);
    }

    protected function RegisterAttributeBoolean($Name, $DefaultValue)
    {
        __symemu_RegisterAttribute($this->InstanceID, $Name, (bool) $DefaultValue, 0);
    }

    protected function RegisterAttributeInteger($Name, $DefaultValue)
    {
        __symemu_RegisterAttribute($this->InstanceID, $Name, (int) $DefaultValue, 1);
    }

    protected function RegisterAttributeFloat($Name, $DefaultValue)
    {
        __symemu_RegisterAttribute($this->InstanceID, $Name, (float) $DefaultValue, 2);
    }

    protected function RegisterAttributeString($Name, $DefaultValue)
    {
        __symemu_RegisterAttribute($this->InstanceID, $Name, (string) $DefaultValue, 3);
    }

    protected function ReadAttributeBoolean($Name)
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 0);
    }

    protected function ReadAttributeInteger($Name)
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 1);
    }

    protected function ReadAttributeFloat($Name)
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 2);
    }

    protected function ReadAttributeString($Name)
    {
        return __symemu_ReadAttribute($this->InstanceID, $Name, 3);
    }

    protected function WriteAttributeBoolean($Name, bool $Value)
    {
        __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 0);
    }

    protected function WriteAttributeInteger($Name, int $Value)
    {
        __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 1);
    }

    protected function WriteAttributeFloat($Name, float $Value)
    {
        __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 2);
    }

    protected function WriteAttributeString($Name, string $Value)
    {
        __symemu_WriteAttribute($this->InstanceID, $Name, $Value, 3);
    }

    protected function SetBuffer($Name, $Data)
    {
        __symemu_SetBuffer($this->InstanceID, $Name, (string) $Data);
    }

    protected function GetBuffer($Name)
    {
        return __symemu_GetBuffer($this->InstanceID, $Name);
    }

    protected function GetBufferList()
    {
        return __symemu_GetBufferList($this->InstanceID);
    }

    // --- status variables -----------------------------------------------------------------------
    protected function RegisterVariableBoolean($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, 0, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableInteger($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, 1, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableFloat($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, 2, $ProfileOrPresentation, $Position);
    }

    protected function RegisterVariableString($Ident, $Name, $ProfileOrPresentation = '', $Position = 0)
    {
        return __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, 3, $ProfileOrPresentation, $Position);
    }

    protected function UnregisterVariable($Ident)
    {
        __symemu_UnregisterVariable($this->InstanceID, $Ident);
    }

    protected function MaintainVariable($Ident, $Name, $Type, $Profile, $Position, $Keep)
    {
        if ($Keep) {
            __symemu_RegisterVariable($this->InstanceID, $Ident, $Name, $Type, $Profile, $Position);
        } else {
            __symemu_UnregisterVariable($this->InstanceID, $Ident);
        }
    }

    protected function EnableAction($Ident)
    {
        __symemu_SetAction($this->InstanceID, $Ident, true);
    }

    protected function DisableAction($Ident)
    {
        __symemu_SetAction($this->InstanceID, $Ident, false);
    }

    protected function MaintainAction($Ident, $Keep)
    {
        __symemu_SetAction($this->InstanceID, $Ident, (bool) $Keep);
    }

    protected function GetIDForIdent($Ident)
    {
        return __symemu_GetIDForIdent($this->InstanceID, $Ident);
    }

    protected function GetValue(string $Ident)
    {
        return __symemu_GetValue($this->InstanceID, $Ident);
    }

    protected function SetValue(string $Ident, $Value)
    {
        return __symemu_SetValue($this->InstanceID, $Ident, $Value);
    }

    protected function RegisterScript($Ident, $Name, $Content = '', $Position = 0)
    {
        throw new Exception('RegisterScript is not offered by symemu yet');
    }

    protected function SetSummary($Summary)
    {
        __symemu_SetSummary($this->InstanceID, (string) $Summary);
    }

    protected function RegisterReference(int $ID)
    {
        __symemu_RegisterReference($this->InstanceID, $ID);
    }

    protected function UnregisterReference(int $ID)
    {
        __symemu_UnregisterReference($this->InstanceID, $ID);
    }

    // --- timers and messages --------------------------------------------------------------------
    protected function RegisterTimer(string $Ident, int $Milliseconds, string $ScriptText)
    {
        __symemu_RegisterTimer($this->InstanceID, $Ident, $Milliseconds, $ScriptText);
    }

    protected function RegisterOnceTimer(string $Ident, string $ScriptText)
    {
        __symemu_RegisterOnceTimer($this->InstanceID, $Ident, $ScriptText);
    }

    protected function SetTimerInterval(string $Ident, int $Milliseconds)
    {
        __symemu_SetTimerInterval($this->InstanceID, $Ident, $Milliseconds);
    }

    protected function GetTimerInterval(string $Ident)
    {
        return __symemu_GetTimerInterval($this->InstanceID, $Ident);
    }

    protected function RegisterMessage($SenderID, $Message)
    {
        __symemu_RegisterMessage($this->InstanceID, (int) $SenderID, (int) $Message);
    }

    protected function UnregisterMessage($SenderID, $Message)
    {
        __symemu_UnregisterMessage($this->InstanceID, (int) $SenderID, (int) $Message);
    }

    protected function GetMessageList()
    {
        return __symemu_GetMessageList($this->InstanceID);
    }

    // --- data flow ------------------------------------------------------------------------------
    protected function SendDataToParent($Data)
    {
        return __symemu_SendDataToParent($this->InstanceID, (string) $Data);
    }

    protected function SendDataToChildren($Data)
    {
        return __symemu_SendDataToChildren($this->InstanceID, (string) $Data);
    }

    protected function SetReceiveDataFilter($RequiredRegexMatch)
    {
        __symemu_SetReceiveDataFilter($this->InstanceID, (string) $RequiredRegexMatch);
    }

    protected function SetForwardDataFilter($RequiredRegexMatch)
    {
        __symemu_SetForwardDataFilter($this->InstanceID, (string) $RequiredRegexMatch);
    }

    protected function HasActiveParent()
    {
        return __symemu_HasActiveParent($this->InstanceID);
    }

    protected function ConnectParent($ModuleID)
    {
        __symemu_ConnectParent($this->InstanceID, (string) $ModuleID);
    }

    protected function RequireParent($ModuleID)
    {
        __symemu_RequireParent($this->InstanceID, (string) $ModuleID);
    }

    protected function ForceParent($ModuleID)
    {
        __symemu_ForceParent($this->InstanceID, (string) $ModuleID);
    }

    // --- status, debug, log, forms --------------------------------------------------------------
    protected function SetStatus($Status)
    {
        __symemu_SetStatus($this->InstanceID, (int) $Status);
    }

    protected function GetStatus()
    {
        return __symemu_GetStatus($this->InstanceID);
    }

    protected function SendDebug($Message, $Data, $Format)
    {
        __symemu_SendDebug($this->InstanceID, (string) $Message, is_string($Data) ? $Data : json_encode($Data), (int) $Format);
    }

    protected function LogMessage($Message, $Type)
    {
        __symemu_LogMessage($this->InstanceID, (string) $Message, (int) $Type);
    }

    protected function ReloadForm()
    {
        __symemu_ReloadForm($this->InstanceID);
    }

    protected function UpdateFormField($Field, $Parameter, $Value)
    {
        __symemu_UpdateFormField($this->InstanceID, (string) $Field, (string) $Parameter, is_string($Value) ? $Value : json_encode($Value));
    }

    public function SetVisualizationType($Type)
    {
    }
}

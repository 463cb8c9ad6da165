<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';
require_once __DIR__ . '/MeterPacket.php';
require_once __DIR__ . '/VariableMapper.php';

/**
 * What SmartMeter and System share: properties SmartMeterID, Interface ("" = any) and
 * AutoCreateVariables; a receive filter on the meter's packets; one variable per value record as
 * the gateway mapped it (ident, name, type, value, profile, position = record order); SM_
 * profiles created when missing, their digits only ever raised. With AutoCreateVariables off only
 * existing variables are updated (a deleted one stays deleted). When connected (FM_CONNECT) or
 * applied with an active parent, the device asks the gateway for the meter's last record.
 */
trait MeterDeviceTrait
{
    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('SmartMeterID', '');
        $this->RegisterPropertyString('Interface', '');
        $this->RegisterPropertyBoolean('AutoCreateVariables', true);
        // Devices do not ConnectParent here: the configurator (or the user) connects them, so a
        // new device never attaches to the wrong logger.
        $this->RegisterMessage($this->InstanceID, FM_CONNECT);
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $meterId = $this->ReadPropertyString('SmartMeterID');
        $this->SetReceiveDataFilter($meterId === '' ? Guids::RECEIVE_NOTHING
            : MeterPacket::receiveFilter($meterId, $this->ReadPropertyString('Interface')));
        $this->SetStatus($meterId === '' ? 104 : 102);
        if ($meterId !== '' && $this->HasActiveParent()) {
            $this->RequestLastRecord();
        }
    }

    public function MessageSink($TimeStamp, $SenderID, $Message, $Data)
    {
        if ($SenderID == $this->InstanceID && $Message == FM_CONNECT && $this->ReadPropertyString('SmartMeterID') !== '') {
            $this->RequestLastRecord();
        }
    }

    public function ReceiveData($JSONString)
    {
        $this->ApplyPacket($JSONString);
        return '';
    }

    private function RequestLastRecord(): void
    {
        if (IPS_GetInstance($this->InstanceID)['ConnectionID'] == 0) {
            return;
        }
        $answer = $this->SendDataToParent(Text::json([
            'DataID' => Guids::TO_GATEWAY,
            'Function' => 'GetLastRecord',
            'MeterID' => $this->ReadPropertyString('SmartMeterID'),
            'Interface' => $this->ReadPropertyString('Interface'),
        ]));
        if (is_string($answer) && $answer !== '') {
            $this->ApplyPacket($answer);
        }
    }

    private function ApplyPacket(string $json): void
    {
        try {
            $packet = MeterPacket::parse($json);
        } catch (\UnexpectedValueException $e) {
            $this->SendDebug('Packet refused', $e->getMessage(), 0);
            return;
        }
        $wantInterface = $this->ReadPropertyString('Interface');
        if ($packet['MeterID'] !== $this->ReadPropertyString('SmartMeterID')
            || ($wantInterface !== '' && $packet['Interface'] !== $wantInterface)) {
            return;
        }
        $autoCreate = $this->ReadPropertyBoolean('AutoCreateVariables');
        $position = 0;
        foreach ($packet['Variables'] as $variable) {
            try {
                $this->ApplyVariable($variable, ++$position, $autoCreate);
            } catch (\Throwable $e) {
                $this->SendDebug('Variable skipped', $variable['Ident'] . ': ' . $e->getMessage(), 0);
                $this->LogMessage('Variable ' . $variable['Ident'] . ' of meter ' . $packet['MeterID'] . ' skipped: '
                    . $e->getMessage(), KL_WARNING);
            }
        }
    }

    private function ApplyVariable(array $variable, int $position, bool $autoCreate): void
    {
        if (!$autoCreate) {
            $existing = $this->FindVariable($variable['Ident']);
            if ($existing !== 0) {
                SetValue($existing, $variable['Value']);
            }
            return;
        }
        if (array_key_exists('Digits', $variable)) {
            $this->EnsureProfile($variable);
        }
        $this->MaintainVariable($variable['Ident'], $variable['Name'], $variable['Type'], $variable['Profile'], $position, true);
        $this->SetValue($variable['Ident'], $variable['Value']);
    }

    /** The instance's variable with this ident, 0 when there is none (without a warning). */
    private function FindVariable(string $ident): int
    {
        foreach (IPS_GetChildrenIDs($this->InstanceID) as $child) {
            $object = IPS_GetObject($child);
            if ($object['ObjectIdent'] === $ident && IPS_VariableExists($child)) {
                return $child;
            }
        }
        return 0;
    }

    /** Creates the SM_ profile when missing; an existing one only ever gets more digits. */
    private function EnsureProfile(array $variable): void
    {
        $name = $variable['Profile'];
        if (!IPS_VariableProfileExists($name)) {
            IPS_CreateVariableProfile($name, $variable['Type']);
            IPS_SetVariableProfileText($name, '', $variable['Suffix']);
            IPS_SetVariableProfileDigits($name, $variable['Digits']);
            return;
        }
        $digits = IPS_GetVariableProfile($name)['Digits'];
        $merged = VariableMapper::mergeDigits($digits, $variable['Digits']);
        if ($merged !== $digits) {
            IPS_SetVariableProfileDigits($name, $merged);
        }
    }
}

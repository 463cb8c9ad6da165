<?php

declare(strict_types=1);

// A lamp behind the splitter: "<Name>/state" sets the Power variable; RequestAction and
// SwitchPower publish "<Name>/set".
class SampleMQTTDevice extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->ConnectParent('{5E3A0002-0001-4000-8000-000000000001}');
        $this->RegisterPropertyString('Name', 'lamp');
        $this->RegisterVariableBoolean('Power', 'Power', '~Switch', 1);
        $this->EnableAction('Power');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->SetReceiveDataFilter('.*"Topic":"' . preg_quote($this->ReadPropertyString('Name'), '/') . '\/state".*');
    }

    public function ReceiveData($JSONString)
    {
        $data = json_decode($JSONString, true);
        $this->SetValue('Power', $data['Payload'] === 'ON');
        $this->SendDebug('State', $data['Payload'], 0);
        return '';
    }

    public function RequestAction($Ident, $Value)
    {
        if ($Ident !== 'Power') {
            throw new Exception('Invalid ident ' . $Ident);
        }
        $this->SwitchPower((bool) $Value);
    }

    public function SwitchPower(bool $On): void
    {
        $this->SendDataToParent(json_encode([
            'DataID'  => '{5E3A0002-0000-4000-8000-0000000000A1}',
            'Topic'   => $this->ReadPropertyString('Name') . '/set',
            'Payload' => $On ? 'ON' : 'OFF',
        ]));
    }
}

<?php
// An MQTT device as Symcon modules write them (IPSModule: payloads utf8-mapped).
class PHPMQTTDevice extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->ConnectParent('{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}');
        $this->RegisterPropertyString('Topic', 'php/device');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $this->RegisterVariableString('LastTopic', 'Last topic');
        $this->RegisterVariableString('PayloadHex', 'Payload (hex)');
        $this->RegisterVariableInteger('Received', 'Received');
        $this->SetReceiveDataFilter('.*"Topic":"' . preg_quote($this->ReadPropertyString('Topic')) . '.*');
    }

    public function ReceiveData($JSONString)
    {
        $data = json_decode($JSONString);
        $this->SetValue('LastTopic', $data->Topic);
        $this->SetValue('PayloadHex', bin2hex(utf8_decode($data->Payload)));
        $this->SetValue('Received', $this->GetValue('Received') + 1);
        $this->SendDebug('ReceiveData', $JSONString, 0);
        return '';
    }

    public function Publish(string $topic, string $payloadHex): void
    {
        $this->SendDataToParent(json_encode([
            'DataID'           => '{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}',
            'PacketType'       => 3,
            'QualityOfService' => 0,
            'Retain'           => false,
            'Topic'            => $topic,
            'Payload'          => utf8_encode(hex2bin($payloadHex)),
        ]));
    }
}

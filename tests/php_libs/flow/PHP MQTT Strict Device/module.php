<?php
declare(strict_types=1);

// The same device on IPSModuleStrict: payloads are hex in both directions.
class PHPMQTTStrictDevice extends IPSModuleStrict
{
    public function Create(): void
    {
        parent::Create();
        $this->ConnectParent('{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}');
    }

    public function ApplyChanges(): void
    {
        parent::ApplyChanges();
        $this->RegisterVariableString('PayloadHex', 'Payload (hex)');
        $this->SetReceiveDataFilter('.*"Topic":"strict/.*');
    }

    public function ReceiveData(string $JSONString): string
    {
        $data = json_decode($JSONString);
        $this->SetValue('PayloadHex', strtolower($data->Payload));
        return '';
    }

    public function Publish(string $topic, string $payloadHex): void
    {
        $this->SendDataToParent(json_encode([
            'DataID' => '{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}', 'PacketType' => 3, 'QualityOfService' => 0,
            'Retain' => false, 'Topic' => $topic, 'Payload' => $payloadHex,
        ]));
    }
}

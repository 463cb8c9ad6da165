<?php

declare(strict_types=1);

// Sits under the MQTT Server: passes the messages below BaseTopic to its devices (topic made
// relative) and publishes what the devices send below BaseTopic.
class SampleMQTTSplitter extends IPSModule
{
    private const MQTT_TX = '{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}';
    private const TO_DEVICES = '{5E3A0002-0000-4000-8000-0000000000A2}';

    public function Create()
    {
        parent::Create();
        $this->ConnectParent('{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}');
        $this->RegisterPropertyString('BaseTopic', 'sample');
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        $base = preg_quote($this->ReadPropertyString('BaseTopic'), '/');
        $this->SetReceiveDataFilter('.*"Topic":"' . $base . '\/.*');
        $this->SetStatus(IS_ACTIVE);
    }

    public function ReceiveData($JSONString)
    {
        $data = json_decode($JSONString, true);
        $prefix = $this->ReadPropertyString('BaseTopic') . '/';
        $this->SendDataToChildren(json_encode([
            'DataID'  => self::TO_DEVICES,
            'Topic'   => substr($data['Topic'], strlen($prefix)),
            'Payload' => $data['Payload'],
        ], JSON_UNESCAPED_SLASHES)); // the devices' receive filters match the topic as written
        return '';
    }

    public function ForwardData($JSONString)
    {
        $data = json_decode($JSONString, true);
        $this->SendDataToParent(json_encode([
            'DataID'           => self::MQTT_TX,
            'PacketType'       => 3,
            'QualityOfService' => 0,
            'Retain'           => false,
            'Topic'            => $this->ReadPropertyString('BaseTopic') . '/' . $data['Topic'],
            'Payload'          => $data['Payload'],
        ]));
        return '';
    }
}

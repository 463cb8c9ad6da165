<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/GatewayTrait.php';
require_once __DIR__ . '/../libs/TopicTemplate.php';

use SmartMetering\Guids;
use SmartMetering\ReportSchema;
use SmartMetering\Text;
use SmartMetering\TopicTemplate;

/**
 * SmartLog: the gateway of one SE-LOG 2.0 that publishes its reports via MQTT (parent: MQTT
 * Server). It only sees its own logger's topics (receive filter from TopicTemplate) and applies
 * per-meter messages and whole reports alike; the IDs inside the payload win over the topic.
 * SM_ProcessMessage(id, topic, payload) hands it a message it did not receive itself.
 */
class SmartLog extends IPSModule
{
    use \SmartMetering\GatewayTrait;

    private const STATUS_BAD_TEMPLATE = 202;

    public function Create()
    {
        parent::Create();
        $this->RegisterGatewayProperties();
        $this->RegisterPropertyString('TopicTemplate', ReportSchema::TOPIC_TEMPLATE);
        $this->ConnectToMqttServer();
    }

    public function ApplyChanges()
    {
        parent::ApplyChanges();
        try {
            $topics = new TopicTemplate($this->ReadPropertyString('TopicTemplate'));
        } catch (InvalidArgumentException $e) {
            $this->SetReceiveDataFilter(Guids::RECEIVE_NOTHING);
            $this->LogMessage('Invalid topic template: ' . $e->getMessage(), KL_ERROR);
            $this->SetStatus(self::STATUS_BAD_TEMPLATE);
            return;
        }
        $smartLogId = $this->ReadPropertyString('SmartLogID');
        $this->SetReceiveDataFilter($smartLogId === '' ? Guids::RECEIVE_NOTHING : $topics->receiveFilter($smartLogId));
        $this->SetStatus($smartLogId === '' ? 104 : 102);
    }

    public function ReceiveData($JSONString)
    {
        $packet = json_decode($JSONString, true);
        if (!is_array($packet) || !is_string($packet['Topic'] ?? null) || !is_string($packet['Payload'] ?? null)) {
            $this->SendDebug('ReceiveData refused', 'not an MQTT packet: ' . $JSONString, 0);
            return '';
        }
        if (($packet['PacketType'] ?? 3) !== 3) {
            return '';
        }
        // The MQTT Server maps each payload byte to one code point (IPSModule since Symcon 6.3).
        $this->ProcessMessage($packet['Topic'], Text::utf8Decode($packet['Payload']));
        return '';
    }

    /** Handles one MQTT message (payload as raw bytes); true when it was applied. */
    public function ProcessMessage(string $Topic, string $Payload): bool
    {
        $this->SendDebug('Message', $Topic, 0);
        // The topic names the logger only for a payload without MUC_ID: matched only then.
        return $this->ProcessReport($Topic, $Payload)[0] === 'Applied';
    }

    /** The SmartLogID the topic names by the topic template ("" for none). */
    protected function TransportLoggerId(string $topic): string
    {
        try {
            $match = TopicTemplate::of($this->ReadPropertyString('TopicTemplate'))->match($topic);
            return $match === null ? '' : $match['SmartLogID'];
        } catch (InvalidArgumentException $e) {
            return ''; // an invalid template names no logger; the payload's MUC_ID still can
        }
    }

    /** ConnectParent(MQTT Server); without that module the instance stays unconnected and says so. */
    private function ConnectToMqttServer(): void
    {
        if (IPS_GetInstance($this->InstanceID)['ConnectionID'] != 0) {
            return;
        }
        if (!IPS_ModuleExists(Guids::MQTT_SERVER)) {
            $this->LogMessage('The MQTT Server module is not loaded; SmartLog stays without a parent', KL_WARNING);
            return;
        }
        $this->ConnectParent(Guids::MQTT_SERVER);
    }
}

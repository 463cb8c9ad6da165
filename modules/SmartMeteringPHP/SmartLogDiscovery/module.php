<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/Guids.php';
require_once __DIR__ . '/../libs/Text.php';
require_once __DIR__ . '/../libs/ReportParser.php';
require_once __DIR__ . '/../libs/TopicTemplate.php';
require_once __DIR__ . '/../libs/MeterInstances.php';

use SmartMetering\Guids;
use SmartMetering\MeterInstances;
use SmartMetering\ReportParser;
use SmartMetering\ReportSchema;
use SmartMetering\Text;
use SmartMetering\TopicTemplate;

/**
 * SmartLogDiscovery (symemu's addition, not a Stark module): under the MQTT Server it sees every
 * logger's topics. For a message of a logger without a SmartLog instance it creates a
 * SmartMeterConfigurator, whose RequireParent creates the SmartLog; the SmartLog gets SmartLogID,
 * this TopicTemplate and AutoCreateMeters, and both go under SmartMetering/SmartLog <ID>. The
 * message is then handed over with SM_ProcessMessage, because the new child missed it.
 */
class SmartLogDiscovery extends IPSModule
{
    private const STATUS_BAD_TEMPLATE = 202;
    // At most this many known loggers are left out by the receive filter (a longer alternation
    // would cost every packet more than it saves); the others are checked per message.
    private const MAX_FILTERED_LOGGERS = 256;

    public function Create()
    {
        parent::Create();
        $this->RegisterPropertyString('TopicTemplate', ReportSchema::TOPIC_TEMPLATE);
        if (IPS_GetInstance($this->InstanceID)['ConnectionID'] == 0 && IPS_ModuleExists(Guids::MQTT_SERVER)) {
            $this->ConnectParent(Guids::MQTT_SERVER);
        }
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
        $this->UpdateReceiveFilter($topics);
        $this->SetStatus(102);
    }

    public function MessageSink($TimeStamp, $SenderID, $Message, $Data)
    {
        // A SmartLog deleted or applied (another SmartLogID): the filter must let its topics in again.
        if ($Message == OM_UNREGISTER || $Message == IM_CHANGESETTINGS) {
            try {
                $topics = new TopicTemplate($this->ReadPropertyString('TopicTemplate'));
            } catch (InvalidArgumentException $e) {
                return;
            }
            $this->UpdateReceiveFilter($topics, $Message == OM_UNREGISTER ? (int) $SenderID : 0);
        }
    }

    public function ReceiveData($JSONString)
    {
        try {
            $topics = new TopicTemplate($this->ReadPropertyString('TopicTemplate'));
        } catch (InvalidArgumentException $e) {
            return '';
        }
        // Nearly every packet is of a known logger, whose SmartLog has it: the topic is read from
        // the packet text, and only a packet of an unknown logger is decoded.
        $topic = self::TopicInPacket($JSONString);
        if ($topic !== null) {
            $match = $topics->match($topic);
            if ($match === null || $this->KnownLoggerNotFiltered($topics, $match['SmartLogID'])) {
                return '';
            }
        }
        $packet = json_decode($JSONString, true);
        if (!is_array($packet) || !is_string($packet['Topic'] ?? null) || !is_string($packet['Payload'] ?? null)) {
            $this->SendDebug('ReceiveData refused', 'not an MQTT packet: ' . $JSONString, 0);
            return '';
        }
        if (($packet['PacketType'] ?? 3) !== 3) {
            return '';
        }
        $topic = $packet['Topic'];
        $match = $topics->match($topic);
        if ($match === null || $this->KnownLoggerNotFiltered($topics, $match['SmartLogID'])) {
            return ''; // a known logger: its SmartLog has the message
        }
        $payload = Text::utf8Decode($packet['Payload']);
        [$report, $error] = ReportParser::tryParse($payload);
        if ($report === null) {
            $this->SendDebug('Message of an unknown logger refused', $topic . ': ' . $error, 0);
            return '';
        }
        $loggerId = $report->effectiveLoggerId($match['SmartLogID']);
        if ($loggerId === '' || $this->FindSmartLog($loggerId) !== 0) {
            return '';
        }
        try {
            $smartLog = $this->CreateLogger($loggerId);
            $this->UpdateReceiveFilter($topics);
            SM_ProcessMessage($smartLog, $topic, $payload);
        } catch (Throwable $e) {
            $this->LogMessage('Could not set up SmartLog ' . $loggerId . ': ' . $e->getMessage(), KL_ERROR);
        }
        return '';
    }

    /**
     * The topic of an MQTT Server packet, read from its text without decoding it; null when it
     * is not there plainly (then the packet is decoded). In JSON text a quote inside a string is
     * escaped, so '"Topic":"' can only be the key itself.
     */
    private static function TopicInPacket(string $json): ?string
    {
        $key = strpos($json, '"Topic":"');
        if ($key === false) {
            return null;
        }
        $start = $key + 9;
        $end = strpos($json, '"', $start);
        if ($end === false) {
            return null;
        }
        $topic = substr($json, $start, $end - $start);
        return strpos($topic, '\\') === false ? $topic : null;
    }

    /**
     * Receives every logger's topics except those of loggers that have a SmartLog (it has their
     * messages), so most packets never reach this instance. Each SmartLog is watched (deleted,
     * applied with another SmartLogID) to keep that right; a SmartLog created elsewhere is noticed
     * at its logger's next message (KnownLoggerNotFiltered). $gone: a SmartLog being deleted.
     */
    private function UpdateReceiveFilter(TopicTemplate $topics, int $gone = 0): void
    {
        $ids = [];
        $watched = [];
        foreach (IPS_GetInstanceListByModuleID(Guids::SMART_LOG) as $id) {
            if ($id === $gone) {
                continue;
            }
            $watched[$id] = true;
            $smartLogId = (string) IPS_GetProperty($id, 'SmartLogID');
            if ($smartLogId !== '') {
                $ids[] = $smartLogId;
            }
        }
        foreach ($this->GetMessageList() as $sender => $messages) {
            if (!isset($watched[$sender])) {
                foreach ($messages as $message) {
                    $this->UnregisterMessage($sender, $message);
                }
            }
        }
        foreach (array_keys($watched) as $id) {
            $this->RegisterMessage($id, OM_UNREGISTER);
            $this->RegisterMessage($id, IM_CHANGESETTINGS);
        }
        $ids = array_values(array_unique($ids));
        sort($ids, SORT_STRING);
        $ids = array_slice($ids, 0, self::MAX_FILTERED_LOGGERS);
        $this->SetReceiveDataFilter($topics->receiveFilterExcept($ids));
        $this->SetBuffer('FilteredLoggers', Text::json($ids));
    }

    /**
     * Whether the logger has a SmartLog; one the filter does not leave out yet (a SmartLog made
     * by the user or a script) is added to it.
     */
    private function KnownLoggerNotFiltered(TopicTemplate $topics, string $smartLogId): bool
    {
        if ($this->KnownSmartLog($smartLogId) === 0) {
            return false;
        }
        $filtered = json_decode($this->GetBuffer('FilteredLoggers'), true);
        if (!is_array($filtered) || !in_array($smartLogId, $filtered, true)) {
            $this->UpdateReceiveFilter($topics);
        }
        return true;
    }

    private function FindSmartLog(string $smartLogId): int
    {
        foreach (IPS_GetInstanceListByModuleID(Guids::SMART_LOG) as $id) {
            if (IPS_GetProperty($id, 'SmartLogID') === $smartLogId) {
                return $id;
            }
        }
        return 0;
    }

    /**
     * FindSmartLog with a cache in a buffer (module objects do not live between calls): most
     * messages come from known loggers, and a scan costs a kernel call per SmartLog.
     */
    private function KnownSmartLog(string $smartLogId): int
    {
        $known = json_decode($this->GetBuffer('KnownLoggers'), true);
        if (!is_array($known)) {
            $known = [];
        }
        $id = (int) ($known[$smartLogId] ?? 0);
        if ($id !== 0 && IPS_InstanceExists($id) && IPS_GetInstance($id)['ModuleInfo']['ModuleID'] === Guids::SMART_LOG
            && IPS_GetProperty($id, 'SmartLogID') === $smartLogId) {
            return $id;
        }
        unset($known[$smartLogId]);
        $id = $this->FindSmartLog($smartLogId);
        if ($id !== 0) {
            if (count($known) >= 4096) {
                $known = []; // bounded; a miss only costs a scan
            }
            $known[$smartLogId] = $id;
            $this->SetBuffer('KnownLoggers', Text::json($known));
        }
        return $id;
    }

    private function CreateLogger(string $smartLogId): int
    {
        // The configurator's RequireParent creates the SmartLog, so no stray gateway is left behind.
        $configurator = IPS_CreateInstance(Guids::CONFIGURATOR);
        $smartLog = IPS_GetInstance($configurator)['ConnectionID'];
        if ($smartLog == 0) {
            throw new Exception('the configurator did not get a SmartLog');
        }
        IPS_SetConfiguration($smartLog, Text::json([
            'SmartLogID' => $smartLogId,
            'TopicTemplate' => $this->ReadPropertyString('TopicTemplate'),
            'AutoCreateMeters' => true,
        ]));
        IPS_ApplyChanges($smartLog);
        $server = IPS_GetInstance($this->InstanceID)['ConnectionID'];
        if ($server != 0 && IPS_GetInstance($smartLog)['ConnectionID'] != $server) {
            IPS_ConnectInstance($smartLog, $server);
        }
        $category = MeterInstances::ensureCategoryPath(['SmartMetering', 'SmartLog ' . $smartLogId]);
        IPS_SetParent($smartLog, $category);
        IPS_SetName($smartLog, 'SmartLog ' . $smartLogId);
        IPS_SetParent($configurator, $category);
        IPS_SetName($configurator, 'Configurator ' . $smartLogId);
        $this->SendDebug('Logger discovered', $smartLogId . ': SmartLog #' . $smartLog, 0);
        return $smartLog;
    }
}

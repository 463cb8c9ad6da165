<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';
require_once __DIR__ . '/ReportParser.php';
require_once __DIR__ . '/PlainReportReader.php';
require_once __DIR__ . '/MeterList.php';
require_once __DIR__ . '/MeterPacket.php';
require_once __DIR__ . '/MeterInstances.php';

/**
 * What SmartLog (MQTT) and SmartLogHTTPS share: the SmartLogID property, "Last Message Time",
 * the list of seen meters (attribute "Meters"), the last packet per meter (buffers), report
 * processing and the answers to the children's requests (DataID {3E372305-...}):
 *   {"Function":"GetMeters"}                                    -> {"SmartLogID":"...","Meters":[...]}
 *   {"Function":"MarkAllSeen"}                                  -> "OK"
 *   {"Function":"GetLastRecord","MeterID":"...","Interface":"..."} -> the last packet or ""
 * Symcon makes a new module object for every call, so nothing is kept in members: the meter
 * list is read from the attribute when a report changes it (see ProcessReport).
 */
trait GatewayTrait
{
    protected function RegisterGatewayProperties(): void
    {
        $this->RegisterPropertyString('SmartLogID', '');
        $this->RegisterPropertyBoolean('AutoCreateMeters', false);
        $this->RegisterAttributeString('Meters', '[]');
        $this->RegisterVariableString('LastMessageTime', 'Last Message Time', '', 0);
    }

    public function ForwardData($JSONString)
    {
        $request = json_decode($JSONString, true);
        if (!is_array($request) || array_is_list($request)) {
            $this->SendDebug('ForwardData refused', $JSONString, 0);
            return '';
        }
        $function = $request['Function'] ?? '';
        switch ($function) {
            case 'GetMeters':
                return '{"SmartLogID":' . Text::json($this->ReadPropertyString('SmartLogID'))
                    . ',"Meters":' . $this->LoadMeters()->toJson() . '}';
            case 'MarkAllSeen':
                $meters = $this->LoadMeters();
                $meters->markAllSeen();
                $this->WriteAttributeString('Meters', $meters->toJson());
                return 'OK';
            case 'GetLastRecord':
                return $this->GetBuffer(self::LastRecordBuffer((string) ($request['MeterID'] ?? ''),
                    (string) ($request['Interface'] ?? '')));
        }
        $this->SendDebug('ForwardData: unknown function', $JSONString, 0);
        return '';
    }

    /**
     * The logger ID the transport names ("" for none): $transport is what the module handed to
     * ProcessReport (SmartLog: the topic). Asked only for a payload without MUC_ID.
     */
    abstract protected function TransportLoggerId(string $transport): string;

    /**
     * Processes one report payload that came with $transport (the topic or ""); the payload's
     * MUC_ID wins over the logger ID the transport names (TransportLoggerId()).
     * @return array{0: string, 1: string} outcome ('Applied', 'Refused', 'OtherLogger') and why
     */
    protected function ProcessReport(string $transport, string $payload): array
    {
        // The usual report is read straight into its packets' variables; any other in full.
        $report = PlainReportReader::read($payload);
        $error = '';
        if ($report === null) {
            [$report, $error] = ReportParser::tryParse($payload);
        }
        if ($report === null) {
            $this->SendDebug('Report refused', $error, 0);
            $this->LogMessage('Report refused: ' . $error, KL_ERROR);
            return ['Refused', $error];
        }
        $own = $this->ReadPropertyString('SmartLogID');
        $logger = $report->effectiveLoggerId($report->mucId === '' ? $this->TransportLoggerId($transport) : '');
        if ($own === '' || $logger !== $own) {
            $why = 'Report of SmartLog ' . $logger . ' ignored; this instance is SmartLog ' . $own;
            $this->SendDebug('Report ignored', $why, 0);
            return ['OtherLogger', $why];
        }
        foreach ($report->issues as $issue) {
            $this->SendDebug('Report part skipped', $issue->text(), 0);
            $this->LogMessage('Report part skipped: ' . $issue->text(), KL_WARNING);
        }

        $now = time();
        $seenList = [];
        foreach ($report->meters as $meter) {
            $seenList[] = [
                'MeterID' => $meter->meterId,
                'Interface' => $meter->interface,
                'Manufacturer' => $meter->manufacturer,
                'Type' => $meter->isSystem ? 'System' : ($meter->medium === ReportSchema::UNKNOWN_MEDIUM ? '' : $meter->medium),
                'LastSeen' => $now,
                'System' => $meter->isSystem,
                'New' => true,
            ];
        }
        // Most messages change no entry (a meter reporting again within the same second): then the
        // list is neither read nor written. Otherwise it is edited as text (MeterList::upsertInJson),
        // and decoded only when that cannot be done.
        $meters = null;
        $added = [];
        $list = $listBefore = '';
        if (!$this->MeterListUnchanged($seenList)) {
            $stored = $this->ReadAttributeString('Meters');
            $edited = MeterList::upsertInJson($stored, $seenList);
            if ($edited !== null) {
                [$listBefore, $list, $added, $entries] = [$stored, $edited[0], $edited[1], $edited[2]];
            } else {
                $meters = $this->LoadMeters($stored);
                $this->ForgetSeenEntries(); // normalising the list may have dropped entries
                $listBefore = $meters->toJson();
                foreach ($seenList as $seen) {
                    if ($meters->upsert($seen)) {
                        $added[] = $meters->find($seen['MeterID'], $seen['Interface']);
                    }
                }
                $list = $meters->toJson();
                $entries = [];
                foreach ($meters->entries() as $entry) {
                    $entries[MeterList::key($entry['MeterID'], $entry['Interface'])] = $entry;
                }
            }
            $this->RememberSeenEntries($seenList, $entries);
        }
        foreach ($report->meters as $meter) {
            $packet = MeterPacket::build($meter, $own, $report->timestamp);
            $this->SetBuffer(self::LastRecordBuffer($meter->meterId, ''), $packet);
            $this->SetBuffer(self::LastRecordBuffer($meter->meterId, $meter->interface), $packet);
            $this->SendDataToChildren($packet);
        }
        if ($list !== $listBefore) {
            $this->WriteAttributeString('Meters', $list);
        }
        $this->SetValue('LastMessageTime', gmdate('Y-m-d H:i:s', time()));
        $meterCount = count($report->meters);
        $issueCount = count($report->issues);
        $this->SendDebug('Report applied', "$meterCount meter(s), $issueCount issue(s)", 0);
        if ($added !== [] && $this->ReadPropertyBoolean('AutoCreateMeters')) {
            $meters ??= $this->LoadMeters($list);
            foreach ($added as $entry) {
                $this->AutoCreateMeter($meters, $entry);
            }
        }
        return ['Applied', ''];
    }

    /** A meter seen for the first time gets its instance as the configurator would create it. */
    private function AutoCreateMeter(MeterList $meters, array $entry): void
    {
        $row = MeterInstances::meterRow($this->InstanceID, $this->ReadPropertyString('SmartLogID'), $meters, $entry);
        if ($row['InstanceID'] !== 0) {
            return;
        }
        try {
            $id = MeterInstances::createRowInstance($this->InstanceID, $row);
            $this->SendDebug('Instance created', $row['Name'] . ' #' . $id, 0);
        } catch (\Throwable $e) {
            $this->LogMessage('Could not create the instance of meter ' . $entry['MeterID'] . ': ' . $e->getMessage(), KL_ERROR);
        }
    }

    private function LoadMeters(?string $json = null): MeterList
    {
        try {
            return MeterList::fromJson($json ?? $this->ReadAttributeString('Meters'));
        } catch (\UnexpectedValueException $e) {
            $this->LogMessage('Stored meter list is unreadable and was reset: ' . $e->getMessage(), KL_WARNING);
            $this->ForgetSeenEntries();
            return new MeterList();
        }
    }

    /**
     * Whether no entry of the list would change for these meters, going by what each entry became
     * when this instance last wrote it (buffers "Seen...", MeterList::note(); MarkAllSeen only
     * changes "New", which an update keeps). A list rebuilt from its decoded form may have lost
     * entries: that empties these buffers (ForgetSeenEntries).
     */
    private function MeterListUnchanged(array $seenList): bool
    {
        foreach ($seenList as $seen) {
            if (!MeterList::keepsNoted($this->GetBuffer(self::SeenBuffer($seen['MeterID'], $seen['Interface'])), $seen)) {
                return false;
            }
        }
        return true;
    }

    /** @param array<string, array> $entries the list's entries now, by MeterList::key() */
    private function RememberSeenEntries(array $seenList, array $entries): void
    {
        foreach ($seenList as $seen) {
            $entry = $entries[MeterList::key($seen['MeterID'], $seen['Interface'])] ?? null;
            if ($entry !== null) {
                $this->SetBuffer(self::SeenBuffer($seen['MeterID'], $seen['Interface']),
                    MeterList::note($entry, $seen['MeterID'], $seen['Interface']));
            }
        }
    }

    private function ForgetSeenEntries(): void
    {
        foreach ($this->GetBufferList() as $name) {
            if (strncmp($name, 'Seen', 4) === 0) {
                $this->SetBuffer($name, '');
            }
        }
    }

    private static function SeenBuffer(string $meterId, string $interface): string
    {
        $length = strlen($meterId);
        return "Seen$length:$meterId$interface";
    }

    private static function LastRecordBuffer(string $meterId, string $interface): string
    {
        // The ID's length keeps any ID text apart from the interface (one string built, no encoding).
        $length = strlen($meterId);
        return "Last$length:$meterId$interface";
    }
}

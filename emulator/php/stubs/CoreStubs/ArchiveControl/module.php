<?php

declare(strict_types=1);

// Archive Control as a stand-in (symemu has no archive): logged and aggregated values are what
// the test adds (AC_AddLoggedValues, AC_StubsAddAggregatedValues), kept in buffers so they
// survive symemu's fresh module object per call. Values are not logged on SetValue.
class ArchiveControl extends IPSModule
{
    public function SetLoggingStatus(int $VariableID, bool $Active)
    {
        $archive = $this->Archive();
        $archive[$VariableID]['Logged'] = $Active;
        $archive[$VariableID]['Data'] ??= [];
        $this->SaveArchive($archive);
    }

    public function GetLoggingStatus(int $VariableID)
    {
        return $this->Archive()[$VariableID]['Logged'] ?? false;
    }

    // Rows as AC_GetLoggedValues returns them (TimeStamp, Value, Duration), appended after the newest.
    public function AddLoggedValues(int $VariableID, array $NewData)
    {
        if (!$this->GetLoggingStatus($VariableID)) {
            throw new Exception('Adding logged data requires active logging');
        }
        $archive = $this->Archive();
        $archive[$VariableID]['Data'] = self::Append($archive[$VariableID]['Data'] ?? [], $NewData);
        $this->SaveArchive($archive);
    }

    public function StubsAddAggregatedValues(int $VariableID, int $AggregationLevel, array $AggregationData)
    {
        $aggregated = $this->Aggregated();
        $aggregated[$VariableID][$AggregationLevel] = self::Append($aggregated[$VariableID][$AggregationLevel] ?? [], $AggregationData);
        $this->SetBuffer('SymemuAggregated', serialize($aggregated));
    }

    // Newest first, at most $Limit (0 or more than 10000: 10000) rows with StartTime <= TimeStamp <= EndTime.
    public function GetLoggedValues(int $VariableID, int $StartTime, int $EndTime, int $Limit = 10000)
    {
        $rows = array_filter($this->Archive()[$VariableID]['Data'] ?? [], static function ($row) use ($StartTime, $EndTime) {
            return $row['TimeStamp'] >= $StartTime && $row['TimeStamp'] <= $EndTime;
        });
        return array_slice(array_reverse(array_values($rows)), 0, self::Limit($Limit));
    }

    // Newest first; a period counts when it lies wholly between StartTime and EndTime.
    public function GetAggregatedValues(int $VariableID, int $AggregationLevel, int $StartTime, int $EndTime, int $Limit)
    {
        $aggregated = $this->Aggregated();
        if ($aggregated === []) {
            throw new Exception('Aggregated data has to be added through the function AC_StubsAddAggregatedValues()');
        }
        $rows = array_filter($aggregated[$VariableID][$AggregationLevel] ?? [], static function ($row) use ($StartTime, $EndTime) {
            return $row['TimeStamp'] >= $StartTime && $row['TimeStamp'] + $row['Duration'] - 1 <= $EndTime;
        });
        return array_slice(array_reverse(array_values($rows)), 0, self::Limit($Limit));
    }

    // The archive's settings per variable, as Symcon keeps them: aggregation type (0 standard,
    // 1 counter), graph status and the counter's zero handling.
    public function SetAggregationType(int $VariableID, int $AggregationType)
    {
        $this->setSetting($VariableID, 'AggregationType', $AggregationType);
    }

    public function GetAggregationType(int $VariableID)
    {
        return $this->Archive()[$VariableID]['AggregationType'] ?? 0;
    }

    public function SetGraphStatus(int $VariableID, bool $Active)
    {
        $this->setSetting($VariableID, 'Visible', $Active);
    }

    public function GetGraphStatus(int $VariableID)
    {
        return $this->Archive()[$VariableID]['Visible'] ?? false;
    }

    public function SetCounterIgnoreZeros(int $VariableID, bool $IgnoreZeros)
    {
        $this->setSetting($VariableID, 'IgnoreZeros', $IgnoreZeros);
    }

    public function GetCounterIgnoreZeros(int $VariableID)
    {
        return $this->Archive()[$VariableID]['IgnoreZeros'] ?? false;
    }

    // Nothing is aggregated here (the aggregated values are the test's), so nothing to redo.
    public function ReAggregateVariable(int $VariableID)
    {
        return true;
    }

    // Deletes the logged rows with StartTime <= TimeStamp <= EndTime (0 leaves a side open) and
    // returns how many went; aggregated values the test added stay.
    public function DeleteVariableData(int $VariableID, int $StartTime, int $EndTime)
    {
        $archive = $this->Archive();
        $rows = $archive[$VariableID]['Data'] ?? [];
        $kept = array_values(array_filter($rows, static function ($row) use ($StartTime, $EndTime) {
            return ($StartTime !== 0 && $row['TimeStamp'] < $StartTime) || ($EndTime !== 0 && $row['TimeStamp'] > $EndTime);
        }));
        if (isset($archive[$VariableID])) {
            $archive[$VariableID]['Data'] = $kept;
            $this->SaveArchive($archive);
        }
        return count($rows) - count($kept);
    }

    // The archive's data and settings move to another variable.
    public function ChangeVariableID(int $OldVariableID, int $NewVariableID)
    {
        $archive = $this->Archive();
        if (!isset($archive[$OldVariableID])) {
            throw new Exception(sprintf('Variable #%d has no archive data', $OldVariableID));
        }
        $archive[$NewVariableID] = $archive[$OldVariableID];
        unset($archive[$OldVariableID]);
        $this->SaveArchive($archive);
        $aggregated = $this->Aggregated();
        if (isset($aggregated[$OldVariableID])) {
            $aggregated[$NewVariableID] = $aggregated[$OldVariableID];
            unset($aggregated[$OldVariableID]);
            $this->SetBuffer('SymemuAggregated', serialize($aggregated));
        }
    }

    // One row per variable the archive knows, from the rows the test added.
    public function GetAggregationVariables(bool $DatabaseRequest)
    {
        $result = [];
        foreach ($this->Archive() as $id => $entry) {
            $stamps = array_column($entry['Data'] ?? [], 'TimeStamp');
            $result[] = [
                'VariableID'         => $id,
                'AggregationType'    => $entry['AggregationType'] ?? 0,
                'AggregationActive'  => $entry['Logged'] ?? false,
                'AggregationVisible' => $entry['Visible'] ?? false,
                'RecordCount'        => count($stamps),
                'RecordSize'         => 0,
                'FirstTime'          => $stamps === [] ? 0 : min($stamps),
                'LastTime'           => $stamps === [] ? 0 : max($stamps),
            ];
        }
        return $result;
    }

    private function setSetting(int $VariableID, string $key, $value): void
    {
        $archive = $this->Archive();
        $archive[$VariableID][$key] = $value;
        $archive[$VariableID]['Data'] ??= [];
        $this->SaveArchive($archive);
    }

    private static function Append(array $rows, array $new): array
    {
        usort($new, static fn ($a, $b) => $a['TimeStamp'] <=> $b['TimeStamp']);
        if ($rows !== [] && $new !== [] && $new[0]['TimeStamp'] < end($rows)['TimeStamp']) {
            throw new Exception('It is not yet possible to add values before the newest');
        }
        return array_merge($rows, $new);
    }

    private static function Limit(int $Limit): int
    {
        return ($Limit <= 0 || $Limit > 10000) ? 10000 : $Limit;
    }

    private function Archive(): array
    {
        $text = $this->GetBuffer('SymemuArchive');
        return $text === '' ? [] : unserialize($text);
    }

    private function SaveArchive(array $archive): void
    {
        $this->SetBuffer('SymemuArchive', serialize($archive));
    }

    private function Aggregated(): array
    {
        $text = $this->GetBuffer('SymemuAggregated');
        return $text === '' ? [] : unserialize($text);
    }
}

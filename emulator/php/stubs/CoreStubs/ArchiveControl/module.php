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

    public function ChangeVariableID(int $OldVariableID, int $NewVariableID)
    {
        throw new Exception("'ChangeVariableID' is not offered by symemu");
    }

    public function DeleteVariableData(int $VariableID, int $StartTime, int $EndTime)
    {
        throw new Exception("'DeleteVariableData' is not offered by symemu");
    }

    public function GetAggregationType(int $VariableID)
    {
        throw new Exception("'GetAggregationType' is not offered by symemu");
    }

    public function GetAggregationVariables(bool $DatabaseRequest)
    {
        throw new Exception("'GetAggregationVariables' is not offered by symemu");
    }

    public function GetGraphStatus(int $VariableID)
    {
        throw new Exception("'GetGraphStatus' is not offered by symemu");
    }

    public function ReAggregateVariable(int $VariableID)
    {
        throw new Exception("'ReAggregateVariable' is not offered by symemu");
    }

    public function SetAggregationType(int $VariableID, int $AggregationType)
    {
        throw new Exception("'SetAggregationType' is not offered by symemu");
    }

    public function SetGraphStatus(int $VariableID)
    {
        throw new Exception("'SetGraphStatus' is not offered by symemu");
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

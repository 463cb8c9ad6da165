<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/NumberText.php';
require_once __DIR__ . '/UnitTable.php';
require_once __DIR__ . '/Report.php';

/**
 * One Symcon variable per value record (docs/selog-format.md, "Variable mapping").
 *
 * ident   DESCRIPTION with every character outside [A-Za-z0-9] replaced by '_' (a multi-byte
 *         UTF-8 character counts as one), "Value" when empty, then _S<n>, _T<n>, _U<n>,
 *         _Max/_Min/_Err; within one meter a repeat gets _2, _3, ... (the first free one).
 * name    DESCRIPTION plus one bracket "Storage n, Tariff n, Subunit n, Max|Min|Error".
 * value   not numeric -> string; "UTC" -> integer, ~UnixTimestamp; "Bin" -> integer;
 *         "None"/"" -> float; other units -> float VAL x SCALE with profile SM_<key>.
 * A variable is an array: Ident, Name, Type (0..3), Value, Profile ("" none), and for SM_
 * profiles Suffix and Digits (the profile this library creates when missing).
 */
final class VariableMapper
{
    public const TYPE_BOOLEAN = 0;
    public const TYPE_INTEGER = 1;
    public const TYPE_FLOAT = 2;
    public const TYPE_STRING = 3;

    private const FUNCTION_SUFFIX = [
        DataRecord::MAXIMUM => '_Max', DataRecord::MINIMUM => '_Min', DataRecord::ERROR_STATE => '_Err',
    ];
    private const FUNCTION_LABEL = [
        DataRecord::MAXIMUM => 'Max', DataRecord::MINIMUM => 'Min', DataRecord::ERROR_STATE => 'Error',
    ];

    /** DESCRIPTION with every non-[A-Za-z0-9] character replaced by '_' ("" stays ""). */
    public static function sanitizeIdent(string $description): string
    {
        if (!preg_match('/[^A-Za-z0-9]/', $description)) {
            return $description; // nothing to replace (the usual description; PHP's strspn() is slow with long masks)
        }
        // A lead byte with its continuation bytes is one character; any other byte is one, too.
        return preg_replace('/[\xc0-\xff][\x80-\xbf]*|[^A-Za-z0-9]/', '_', $description);
    }

    /** Ident without the repeat suffix, e.g. "Volume_S1". */
    public static function baseIdent(DataRecord $record): string
    {
        $ident = self::sanitizeIdent($record->description);
        if ($ident === '') {
            $ident = 'Value';
        }
        if ($record->storage > 0) {
            $ident .= '_S' . $record->storage;
        }
        if ($record->tariff > 0) {
            $ident .= '_T' . $record->tariff;
        }
        if ($record->subunit > 0) {
            $ident .= '_U' . $record->subunit;
        }
        return $ident . (self::FUNCTION_SUFFIX[$record->functionKind] ?? '');
    }

    /** Display name, e.g. "Volume (Storage 1)". */
    public static function displayName(DataRecord $record): string
    {
        $parts = [];
        if ($record->storage > 0) {
            $parts[] = 'Storage ' . $record->storage;
        }
        if ($record->tariff > 0) {
            $parts[] = 'Tariff ' . $record->tariff;
        }
        if ($record->subunit > 0) {
            $parts[] = 'Subunit ' . $record->subunit;
        }
        if (isset(self::FUNCTION_LABEL[$record->functionKind])) {
            $parts[] = self::FUNCTION_LABEL[$record->functionKind];
        }
        $name = $record->description === '' ? 'Value' : $record->description;
        return $parts ? $name . ' (' . implode(', ', $parts) . ')' : $name;
    }

    /**
     * Profile for a numeric value in $unit with $scale; null for units without an SM_ profile.
     * @return array{Profile: string, Suffix: string, Digits: int}|null
     */
    public static function profileFor(string $unit, float $scale): ?array
    {
        $info = UnitTable::lookup($unit);
        if ($info['kind'] !== UnitTable::MEASURE) {
            return null;
        }
        return [
            'Profile' => UnitTable::PROFILE_PREFIX . $info['key'],
            'Suffix' => $info['suffix'],
            'Digits' => NumberText::decimalsOfScale($scale),
        ];
    }

    /**
     * One variable for one record (ident without the repeat suffix). All but the value follows
     * from the record's layout (description, indexes, function, unit, scale, text or number),
     * which a meter sends the same report after report: variables of a layout met before are
     * copied from a bounded table, with the value of this record put in.
     */
    public static function mapRecord(DataRecord $record): array
    {
        static $layouts = [];
        static $count = 0;
        // Nested by each part of the layout (no key text to build). SCALE by its text, which
        // gives its value; the value is compared all the same.
        $text = $record->scaledValue === null;
        $known = $layouts[$record->description][$record->unit][$record->scaleText][$record->functionKind]
            [$record->storage][$record->tariff][$record->subunit][$text] ?? null;
        if ($known !== null && $known[0] === $record->scale) {
            $variable = $known[1];
            $variable['Value'] = $text ? $record->entry->valText
                : ($variable['Type'] === self::TYPE_INTEGER ? self::wholeValue($record) : $record->scaledValue);
            return $variable;
        }
        $variable = self::mapRecordFully($record);
        if (++$count > 256) {
            [$layouts, $count] = [[], 1];
        }
        $layouts[$record->description][$record->unit][$record->scaleText][$record->functionKind]
            [$record->storage][$record->tariff][$record->subunit][$text] = [$record->scale, $variable];
        return $variable;
    }

    /** mapRecord() without the table. */
    public static function mapRecordFully(DataRecord $record): array
    {
        $variable = ['Ident' => self::baseIdent($record), 'Name' => self::displayName($record)];
        // Keys in this order (the packet's layout), set one by one rather than by array unions.
        if ($record->scaledValue === null) {
            $variable['Type'] = self::TYPE_STRING;
            $variable['Value'] = $record->entry->valText;
            $variable['Profile'] = '';
            return $variable;
        }
        switch (UnitTable::kind($record->unit)) {
            case UnitTable::UNIX_TIME:
                $variable['Type'] = self::TYPE_INTEGER;
                $variable['Value'] = self::wholeValue($record);
                $variable['Profile'] = UnitTable::UNIX_TIMESTAMP_PROFILE;
                return $variable;
            case UnitTable::BIT_FIELD:
                $variable['Type'] = self::TYPE_INTEGER;
                $variable['Value'] = self::wholeValue($record);
                $variable['Profile'] = '';
                return $variable;
            case UnitTable::DIMENSIONLESS:
                $variable['Type'] = self::TYPE_FLOAT;
                $variable['Value'] = $record->scaledValue;
                $variable['Profile'] = '';
                return $variable;
            default:
                $profile = self::profileFor($record->unit, $record->scale);
                $variable['Type'] = self::TYPE_FLOAT;
                $variable['Value'] = $record->scaledValue;
                $variable['Profile'] = $profile['Profile'];
                $variable['Suffix'] = $profile['Suffix'];
                $variable['Digits'] = $profile['Digits'];
                return $variable;
        }
    }

    /** All variables of a meter, in record order, idents made unique (_2, _3, ...). */
    public static function mapMeter(MeterRecord $meter): array
    {
        $variables = [];
        $taken = [];
        foreach ($meter->data as $record) {
            self::addUnique($variables, $taken, self::mapRecord($record));
        }
        return $variables;
    }

    /** Appends $variable to a meter's $variables, its ident made unique among $taken (_2, _3, ...). */
    public static function addUnique(array &$variables, array &$taken, array $variable): void
    {
        if (isset($taken[$variable['Ident']])) {
            for ($n = 2;; $n++) {
                $candidate = $variable['Ident'] . '_' . $n;
                if (!isset($taken[$candidate])) {
                    $variable['Ident'] = $candidate;
                    break;
                }
            }
        }
        $taken[$variable['Ident']] = true;
        $variables[] = $variable;
    }

    /** Digits to keep when a record meets an existing profile: never lowered. */
    public static function mergeDigits(int $existing, int $incoming): int
    {
        return max($existing, $incoming);
    }

    /** Exact for plain integers at SCALE 1; rounded otherwise (the parser refused values outside int64). */
    private static function wholeValue(DataRecord $record): int
    {
        if ($record->scale === 1.0 && $record->entry->valInteger !== null) {
            return $record->entry->valInteger;
        }
        return NumberText::roundToInt($record->scaledValue);
    }
}

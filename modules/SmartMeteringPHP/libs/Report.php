<?php

declare(strict_types=1);

namespace SmartMetering;

/** A fatal report fault: nothing of the report is applied. */
final class ReportError extends \Exception
{
}

/** The newest reading of a value record. */
final class Entry
{
    public ?int $t = null;            // time stamp from the meter (Unix s)
    public ?int $tMuc = null;         // time the logger read the meter (Unix s)
    public string $valText = '';      // VAL as sent (numbers rendered as text)
    public ?float $valNumber = null;  // VAL when it is a finite number
    public ?int $valInteger = null;   // VAL when it is an exact int64
}

final class DataRecord
{
    public const INSTANTANEOUS = 'Instantaneous';
    public const MAXIMUM = 'Maximum';
    public const MINIMUM = 'Minimum';
    public const ERROR_STATE = 'ErrorState';
    private const FUNCTION_KINDS = [
        'maximum value' => self::MAXIMUM, 'maximum' => self::MAXIMUM, 'max' => self::MAXIMUM,
        'minimum value' => self::MINIMUM, 'minimum' => self::MINIMUM, 'min' => self::MINIMUM,
        'value during error state' => self::ERROR_STATE, 'error state' => self::ERROR_STATE, 'error' => self::ERROR_STATE,
        'err' => self::ERROR_STATE, 'errorstate' => self::ERROR_STATE,
    ];

    public int $index = 0;           // position in the meter's data[] array
    public string $description = '';
    public string $unit = '';
    public float $scale = 1.0;       // SCALE; 1 when absent
    public string $scaleText = '';   // SCALE as sent ("" when absent)
    public string $medium = '';
    public string $obis = '';
    public string $user = '';
    public string $function = '';    // as sent; see $functionKind
    public string $functionKind = self::INSTANTANEOUS;
    public int $storage = 0;
    public int $tariff = 0;
    public int $subunit = 0;
    public Entry $entry;
    public ?float $scaledValue = null; // VAL x SCALE when VAL is numeric (finite)

    public function __construct()
    {
        $this->entry = new Entry();
    }

    /**
     * The solvimus texts ("Maximum value", ...) and short forms, case-insensitive; anything
     * else, also "", is instantaneous.
     */
    public static function parseFunction(string $text): string
    {
        if ($text === 'Instantaneous value' || $text === '') {
            return self::INSTANTANEOUS; // the usual texts, which name no other kind
        }
        return self::FUNCTION_KINDS[strtolower(trim($text, " \t\n\r\v\f"))] ?? self::INSTANTANEOUS;
    }
}

final class MeterRecord
{
    public int $index = 0;           // position in the report's meter[] array
    public string $meterId = '';
    public string $interface = '';
    public string $user = '';
    public string $manufacturer = '';
    public string $version = '';
    public string $accessNumber = '';
    public string $status = '';
    /** Meter-level MEDIUM, else the first data record's MEDIUM, else "Unknown". */
    public string $medium = '';
    public ?int $rssi = null;
    /** @var DataRecord[] (empty when the gateway's reading gave $variables instead) */
    public array $data = [];
    /** The variables of the meter's packet, when ReportParser::parse() read for packets. */
    public ?array $variables = null;
    /** The logger's own record: medium "Bus/System" or METER_ID == MUC_ID. */
    public bool $isSystem = false;
}

/** Why a part of a report was not applied. */
final class ReportIssue
{
    public const SKIPPED_METER = 'SkippedMeter';
    public const SKIPPED_RECORD = 'SkippedRecord';
    public const IGNORED_ATTRIBUTE = 'IgnoredAttribute';

    public function __construct(
        public string $where,   // "muc", "meter[2]", "meter[2].data[0]", "meter[2].data[0].entry[1]"
        public string $what,    // e.g. "\"SCALE\" is not a number: \"abc\""
        public string $effect
    ) {
    }

    public function text(): string
    {
        return $this->where . ': ' . $this->what;
    }
}

final class Report
{
    public string $mucId = '';       // "" when the payload has none (use the topic's ID)
    public string $version = '';
    public ?int $timestamp = null;
    /** @var MeterRecord[] in payload order; duplicate METER_IDs are kept */
    public array $meters = [];
    /** @var ReportIssue[] */
    public array $issues = [];

    /** First meter with this id (and this interface, when one is given). */
    public function findMeter(string $meterId, ?string $interface = null): ?MeterRecord
    {
        foreach ($this->meters as $meter) {
            if ($meter->meterId === $meterId && ($interface === null || $meter->interface === $interface)) {
                return $meter;
            }
        }
        return null;
    }

    /** The logger's own record, if the report carries one. */
    public function systemMeter(): ?MeterRecord
    {
        foreach ($this->meters as $meter) {
            if ($meter->isSystem) {
                return $meter;
            }
        }
        return null;
    }

    /** Logger ID to use: MUC_ID from the payload when it has one, else the topic's. */
    public function effectiveLoggerId(string $topicId): string
    {
        return $this->mucId === '' ? $topicId : $this->mucId;
    }
}

<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/NumberText.php';
require_once __DIR__ . '/PocoNumbers.php';
require_once __DIR__ . '/Report.php';
require_once __DIR__ . '/ReportParser.php';
require_once __DIR__ . '/VariableMapper.php';

/**
 * The gateway's reading of the usual report (ReportParser::parse($json, true)): plain texts,
 * whole numbers where numbers belong, records that ReportParser::readPlainRecord() takes, nothing
 * to note. It reads json_decode()'s arrays (no object to make and free per JSON object) straight
 * into each meter's packet variables (MeterRecord::$variables), without a DataRecord and an Entry
 * per record. Anything else gives null, and ReportParser reads the text in full, noting every
 * fault; FastPathTest checks both readings give the same report and packets.
 *
 * Arrays cannot tell a JSON object from an array when the object is empty or its keys are "0",
 * "1", ... in order; a text with an object that is empty or starts with the key "0" (or an
 * escaped key) is left to the full reading, so here a list is always a JSON array.
 */
final class PlainReportReader
{
    private const MAX_UNIX_TIME = 253402300799; // as ReportParser
    private const MAX_RSSI = 255;
    private const LAYOUTS_KEPT = 256;

    public static function read(string $json): ?Report
    {
        if (preg_match('/\{\s*+(?:\}|"0"|"\\\\)/', $json) !== 0) {
            return null; // an object arrays would give as a list (or a failed search)
        }
        // No JSON_BIGINT_AS_STRING: a literal beyond 64 bits is a float, which nothing here takes.
        $root = json_decode($json, true, ReportParser::MAX_DEPTH);
        $muc = is_array($root) ? ($root[ReportSchema::MUC] ?? null) : null;
        if (!is_array($muc)) {
            return null;
        }
        $mucId = $muc['MUC_ID'] ?? '';
        $version = $muc['VERSION'] ?? '';
        $timestamp = $muc['TIMESTAMP'] ?? null;
        $meters = $muc['meter'] ?? null;
        if (!is_string($mucId) || !is_string($version) || !is_array($meters) || !array_is_list($meters)
            || (strpos("$mucId$version", "\0") !== false && (self::marked($mucId) || self::marked($version)))) {
            return null;
        }
        // The usual TIMESTAMP is an integer in range, which whole() would give back as it is.
        if ($timestamp !== null && !(is_int($timestamp) && $timestamp >= 0 && $timestamp <= self::MAX_UNIX_TIME)) {
            $timestamp = self::whole($timestamp, 0, self::MAX_UNIX_TIME);
            if ($timestamp === null) {
                return null;
            }
        }
        $report = new Report();
        $report->mucId = $mucId;
        $report->version = $version;
        $report->timestamp = $timestamp;
        foreach ($meters as $index => $item) {
            $meter = is_array($item) ? self::meter($item, $index, $mucId) : null;
            if ($meter === null) {
                return null;
            }
            $report->meters[] = $meter;
        }
        return $report;
    }

    /** A meter as ReportParser::readMeter() reads the usual one (literal keys: see variables()). */
    private static function meter(array $item, int $index, string $mucId): ?MeterRecord
    {
        $meterId = $item['METER_ID'] ?? null;
        $accessNumber = $item['ACCESS_NUMBER'] ?? '';
        $interface = $item['INTERFACE'] ?? '';
        $manufacturer = $item['MANUFACTURER'] ?? '';
        $medium = $item['MEDIUM'] ?? '';
        $status = $item['STATUS'] ?? '';
        $user = $item['USER'] ?? '';
        $version = $item['VERSION'] ?? '';
        $rssi = $item['RSSI'] ?? null;
        $data = $item['data'] ?? [];
        // The usual ID (ReportParser::readMeterId()), texts without NUL (no marked literal).
        if (!is_string($meterId) || !isset($meterId[0]) || isset($meterId[ReportSchema::MAX_METER_ID_LENGTH])
            || strpos(" \t\r\n\0", $meterId[0]) !== false
            || !is_string($accessNumber) || !is_string($interface) || !is_string($manufacturer) || !is_string($medium)
            || !is_string($status) || !is_string($user) || !is_string($version)
            // One string built at once (interpolation), where `.` would build six growing ones.
            || strpos("$accessNumber$interface$manufacturer$medium$status$user$version", "\0") !== false
            || !is_array($data) || !array_is_list($data)) {
            return null;
        }
        $meter = new MeterRecord();
        if ($rssi !== null) {
            $meter->rssi = self::whole($rssi, -self::MAX_RSSI, self::MAX_RSSI);
            if ($meter->rssi === null) {
                return null;
            }
        }
        $recordsMedium = '';
        $variables = self::variables($data, $recordsMedium);
        if ($variables === null) {
            return null;
        }
        if ($medium === '') {
            $medium = $recordsMedium; // the meter's MEDIUM, else the first record's that is not ""
        }
        $meter->index = $index;
        $meter->meterId = $meterId;
        $meter->accessNumber = $accessNumber;
        $meter->interface = $interface;
        $meter->manufacturer = $manufacturer;
        $meter->status = $status;
        $meter->user = $user;
        $meter->version = $version;
        $meter->medium = $medium === '' ? ReportSchema::UNKNOWN_MEDIUM : $medium;
        $meter->isSystem = $meter->medium === ReportSchema::SYSTEM_MEDIUM || ($mucId !== '' && $meterId === $mucId);
        $meter->variables = $variables;
        return $meter;
    }

    /**
     * The variables of a meter's records (VariableMapper::mapMeter() of what readPlainRecord()
     * reads: idents made unique), or null when a record is not plain. All but a variable's value
     * follows from its record's layout texts, which a meter sends alike report after report: for a
     * short plain integer VAL the variable of a layout met before is taken from a bounded table by
     * the raw texts (an absent one as the text it means), with its SCALE and divisor, and only the
     * value is worked out, as readPlainData() does. One function for all records of a meter, the
     * record read inline: this runs for every record of every report.
     * @param string $medium set to the first record MEDIUM that is not ""
     */
    private static function variables(array $data, string &$medium): ?array
    {
        static $layouts = [];
        static $count = 0;
        $variables = [];
        $taken = [];
        foreach ($data as $item) {
            if (!is_array($item)) {
                return null;
            }
            // Literal keys: PHP hashes them once, and json_decode() gives the very same key strings.
            $description = $item['DESCRIPTION'] ?? null;
            $unit = $item['UNIT'] ?? '';
            $scale = $item['SCALE'] ?? '1'; // absent: 1, as "1" (the same variable and value)
            $function = $item['FUNCTION'] ?? '';
            $storage = $item['STORAGE'] ?? 0;
            $tariff = $item['TARIFF'] ?? 0;
            $subunit = $item['SUBUNIT'] ?? 0;
            $recordMedium = $item['MEDIUM'] ?? '';
            $obis = $item['OBIS_ID'] ?? '';
            $user = $item['USER'] ?? '';
            $entries = $item['entry'] ?? null;
            // Only texts and integers make table keys (a float key would be cut to an integer).
            if (!is_string($description) || !is_string($unit) || !is_string($scale) || !is_string($function)
                || !is_string($recordMedium) || !is_string($obis) || !is_string($user)
                || !(is_string($storage) || is_int($storage)) || !(is_string($tariff) || is_int($tariff))
                || !(is_string($subunit) || is_int($subunit)) || !is_array($entries) || count($entries) !== 1) {
                return null;
            }
            $entry = $entries[0] ?? null;
            $val = is_array($entry) ? ($entry['VAL'] ?? null) : null;
            $t = $entry['T'] ?? null;
            $tMuc = $entry['T_MUC'] ?? null;
            // A marked unsigned literal (PocoNumbers) starts with NUL, which plain texts hardly ever contain.
            if (!is_string($val) || ($t !== null && (!is_int($t) || $t < 0 || $t > self::MAX_UNIX_TIME))
                || ($tMuc !== null && (!is_int($tMuc) || $tMuc < 0 || $tMuc > self::MAX_UNIX_TIME))
                || (strpos("$recordMedium$obis$user", "\0") !== false
                    && (self::marked($recordMedium) || self::marked($obis) || self::marked($user)))) {
                return null;
            }
            $layout = null;
            if (isset($val[0]) && !isset($val[17]) && strspn($val, '0123456789') === strlen($val)) {
                $layout = $layouts[$description][$unit][$scale][$function][$storage][$tariff][$subunit] ?? null;
                if ($layout === null) {
                    $layout = self::layout($item);
                    if ($layout !== null) {
                        if (++$count > self::LAYOUTS_KEPT) {
                            [$layouts, $count] = [[], 1];
                        }
                        $layouts[$description][$unit][$scale][$function][$storage][$tariff][$subunit] = $layout;
                    }
                }
            }
            $variable = null;
            if ($layout !== null) {
                // The layout's variable with the value worked out as readPlainData() and
                // VariableMapper::mapRecord() do (inline: a call per record cost ~1 % of the thread).
                [$variable, $factor, $divisor] = $layout;
                $whole = (int) $val;
                $raw = (float) $whole;
                $scaled = $factor === 1.0 ? $raw : ($divisor === null ? $raw * $factor : $raw / $divisor);
                if (!(abs($scaled) < 9.2e18)) {
                    $variable = null; // so large that readValue() might refuse it: the full way decides
                } elseif ($variable['Type'] === VariableMapper::TYPE_INTEGER) {
                    $variable['Value'] = $factor === 1.0 ? $whole : NumberText::roundToInt($scaled);
                } else {
                    $variable['Value'] = $scaled;
                }
            }
            // Another kind of value, a layout not plain, or a value too large for the table's way.
            $variable ??= self::mapped($item);
            if ($variable === null) {
                return null;
            }
            if ($medium === '') {
                $medium = $recordMedium;
            }
            if (isset($taken[$variable['Ident']])) {
                VariableMapper::addUnique($variables, $taken, $variable); // a repeated ident: made unique there
                continue;
            }
            $taken[$variable['Ident']] = true;
            $variables[] = $variable;
        }
        return $variables;
    }

    /**
     * What variables() keeps of a layout: [variable, SCALE, divisor], from the record as
     * readPlainRecord() and mapRecord() read it with its (numeric) VAL; null when not plain.
     */
    private static function layout(array $item): ?array
    {
        $rec = ReportParser::readPlainRecord(self::recordObject($item));
        if ($rec === null || $rec->scaledValue === null) {
            return null;
        }
        $divisor = $rec->scaleText === '' ? null : NumberText::scaleDivisor($rec->scale);
        return [VariableMapper::mapRecord($rec), $rec->scale, $divisor];
    }

    /** The variable of a record readPlainRecord() takes, else null. */
    private static function mapped(array $item): ?array
    {
        $rec = ReportParser::readPlainRecord(self::recordObject($item));
        return $rec === null ? null : VariableMapper::mapRecord($rec);
    }

    /** A record with its one entry as json_decode() gives them as objects (ReportParser reads objects). */
    private static function recordObject(array $item): object
    {
        $record = (object) $item;
        $record->entry = [(object) $item['entry'][0]];
        return $record;
    }

    /** A whole number as ReportParser::readWhole() reads the usual forms (an integer, short digits), else null. */
    private static function whole($v, int $lo, int $hi): ?int
    {
        if (is_int($v) || (is_string($v) && isset($v[0]) && !isset($v[17]) && strspn($v, '0123456789') === strlen($v))) {
            $v = (int) $v;
            return $v >= $lo && $v <= $hi ? $v : null;
        }
        return null;
    }

    /** Whether a text starts as a marked unsigned literal (PocoNumbers), which the full reading treats apart. */
    private static function marked(string $text): bool
    {
        return strncmp($text, PocoNumbers::UNSIGNED_MARK, 2) === 0;
    }
}

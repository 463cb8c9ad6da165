<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/NumberText.php';
require_once __DIR__ . '/UnitTable.php';
require_once __DIR__ . '/Report.php';
require_once __DIR__ . '/ReportSchema.php';
require_once __DIR__ . '/JsonSyntax.php';
require_once __DIR__ . '/PocoNumbers.php';
require_once __DIR__ . '/PlainReportReader.php';

/**
 * Reads an SE-LOG report (muc -> meter[] -> data[] -> entry[]) into a Report, with the fault
 * classes of docs/selog-format.md: a fatal fault throws ReportError (apply nothing); a bad meter,
 * record or attribute becomes a ReportIssue and only that part is left out.
 *
 * Keys are visited in sorted order, so issues come in the same order as in the C++ edition
 * (whose JSON objects are sorted maps). A null counts as absent; unknown keys are ignored.
 */
final class ReportParser
{
    private const MAX_UNIX_TIME = 253402300799; // 9999-12-31 23:59:59
    private const MAX_INDEX = 4294967295;       // 2^32 - 1
    private const MAX_RSSI = 255;
    private const INT64_LIMIT = 9223372036854775808.0;
    private const SHOWN_CHARS = 40;
    private const SYNTAX_DEPTH = 1000;
    // Poco's JSON parser (the C++ edition) refuses deeper texts with "Maximum depth exceeded".
    public const MAX_DEPTH = 129; // json_decode() counts one level more

    /**
     * True while parse() reads a tree json_decode() made without the number pre-check of decode():
     * then a float is the sign of a literal the C++ edition may read otherwise (see decode()).
     */
    private static bool $numbersUnchecked = false;

    /**
     * @param bool $forPackets the gateway's reading: the usual report is read by
     *        PlainReportReader, its meters with the variables of their packets instead of DataRecords
     * @throws ReportError
     */
    public static function parse(string $json, bool $forPackets = false): Report
    {
        if ($forPackets) {
            $report = PlainReportReader::read($json);
            if ($report !== null) {
                return $report;
            }
        }
        // Without the pre-check first: a literal where json_decode() and the C++ edition can
        // differ (more than 63 bits, out of a double's range) decodes as a float, and an integer
        // decodes alike in both. Most reports carry their values as texts and their times as
        // integers, so a float is rare; where the walk meets one it starts again with decode().
        // Values the walk does not look at (unknown keys) cannot change what it reads.
        // No `finally` here: PHP's tracing JIT cannot compile one into a trace, and gave up on
        // this hot return.
        $root = self::jsonDecode($json, 0);
        if (json_last_error() === JSON_ERROR_NONE) {
            self::$numbersUnchecked = true;
            try {
                $report = self::parseTree($root);
            } catch (FloatInUncheckedTree $e) {
                $report = null; // read again below, every number literal as the C++ edition reads it
            } catch (\Throwable $e) {
                self::$numbersUnchecked = false;
                throw $e;
            }
            self::$numbersUnchecked = false;
            if ($report !== null) {
                return $report;
            }
        }
        return self::parseTree(self::decode($json));
    }

    /** Parse, or say why not: [Report|null, error text]. */
    public static function tryParse(string $json, bool $forPackets = false): array
    {
        try {
            return [self::parse($json, $forPackets), ''];
        } catch (ReportError $e) {
            return [null, $e->getMessage()];
        }
    }

    /**
     * The JSON tree of a text, with number literals read as the C++ edition reads them (see
     * PocoNumbers): most texts have no literal where that matters and go straight to json_decode().
     * @throws ReportError
     * @return mixed
     */
    public static function decode(string $json)
    {
        // Two searches: PCRE finds each alone several times faster than the alternation.
        if (!preg_match('/\d{16}/', $json) && !preg_match('/[eE][+-]?\d{3}/', $json)) {
            $root = self::jsonDecode($json, JSON_BIGINT_AS_STRING);
            if (json_last_error() === JSON_ERROR_NONE) {
                return $root;
            }
        }
        $syntax = JsonSyntax::check($json, self::SYNTAX_DEPTH);
        if (!$syntax->ok) {
            throw new ReportError('not JSON: ' . $syntax->error . ' at '
                . JsonSyntax::describePosition($json, $syntax->errorOffset));
        }
        $root = self::jsonDecode(PocoNumbers::rewrite($json, $syntax), JSON_BIGINT_AS_STRING);
        switch (json_last_error()) {
            case JSON_ERROR_NONE:
                return $root;
            case JSON_ERROR_DEPTH:
                throw new ReportError('not JSON: Maximum depth exceeded');
            default:
                throw new ReportError('not JSON: ' . json_last_error_msg());
        }
    }

    /** json_decode() with objects as objects; a key starting with NUL (never one of ours) is renamed. */
    private static function jsonDecode(string $json, int $flags)
    {
        $root = json_decode($json, false, self::MAX_DEPTH, $flags);
        if (json_last_error() === JSON_ERROR_INVALID_PROPERTY_NAME) {
            $json = preg_replace('/"\\\\u0000(?=(?:[^"\\\\]|\\\\.)*"\s*:)/', '"\\\\u0001', $json);
            $root = json_decode($json, false, self::MAX_DEPTH, $flags);
        }
        return $root;
    }

    /**
     * @param mixed $root a json_decode() tree (objects as stdClass)
     * @throws ReportError
     */
    public static function parseTree($root): Report
    {
        if (!is_object($root)) {
            throw new ReportError('root: not an object (' . self::kindName($root) . ')');
        }
        $muc = $root->{ReportSchema::MUC} ?? null;
        if ($muc === null) {
            throw new ReportError('root: missing ' . self::quoted(ReportSchema::MUC));
        }
        if (!is_object($muc)) {
            throw new ReportError(ReportSchema::MUC . ': not an object (' . self::kindName($muc) . ')');
        }
        $report = new Report();
        $meters = self::readMuc($muc, $report);
        if ($meters === null) {
            throw new ReportError(ReportSchema::MUC . ': missing ' . self::quoted(ReportSchema::METER));
        }
        if (!is_array($meters)) {
            throw new ReportError(ReportSchema::MUC . ': ' . self::quoted(ReportSchema::METER)
                . ' is not an array (' . self::kindName($meters) . ')');
        }
        foreach ($meters as $index => $item) {
            $meter = self::readMeter($item, $index, $report);
            if ($meter !== null) {
                $report->meters[] = $meter;
            }
        }
        return $report;
    }

    // ---- value helpers -------------------------------------------------------------------

    /** Leaves a tree read without the number pre-check at its first float (parse() reads it again). */
    private static function checkFloat(float $v): void
    {
        if (self::$numbersUnchecked) {
            throw new FloatInUncheckedTree();
        }
    }

    private static function kindName($v): string
    {
        if (is_float($v)) {
            self::checkFloat($v);
        }
        if ($v === null) {
            return 'null';
        }
        if (is_string($v)) {
            return self::isUnsigned($v) ? 'number' : 'string';
        }
        if (is_int($v) || is_float($v)) {
            return 'number';
        }
        if (is_bool($v)) {
            return 'boolean';
        }
        return is_object($v) ? 'object' : 'array';
    }

    /** An unsigned 64-bit literal, marked by PocoNumbers. */
    private static function isUnsigned($v): bool
    {
        return is_string($v) && strncmp($v, PocoNumbers::UNSIGNED_MARK, 2) === 0;
    }

    private static function isScalar($v): bool
    {
        return is_string($v) || is_int($v) || is_float($v);
    }

    private static function quoted(string $key): string
    {
        return '"' . $key . '"';
    }

    /** Value text for messages: quoted, cut to 40 bytes (UTF-8 kept whole), control bytes as '?'. */
    public static function shown(string $text): string
    {
        $truncated = false;
        if (strlen($text) > self::SHOWN_CHARS) {
            $cut = self::SHOWN_CHARS;
            while ($cut > 0 && (ord($text[$cut]) & 0xC0) === 0x80) {
                $cut--;
            }
            $text = substr($text, 0, $cut);
            $truncated = true;
        }
        $text = preg_replace('/[\x00-\x1f]/', '?', addcslashes($text, '"\\'));
        return '"' . $text . ($truncated ? '...' : '') . '"';
    }

    private static function wrongType(string $key, $v): string
    {
        return self::quoted($key) . ' has the wrong type (' . self::kindName($v) . ')';
    }

    /** Text of a scalar (numbers rendered as the shortest exact text). */
    private static function scalarText($v): string
    {
        if (is_string($v)) {
            return self::isUnsigned($v) ? substr($v, 2) : $v;
        }
        if (is_int($v)) {
            return (string) $v;
        }
        self::checkFloat($v);
        return NumberText::format($v);
    }

    /** @return array{status: string, value: float, integer: ?int} */
    private static function scalarNumber($v): array
    {
        if (is_string($v)) {
            return NumberText::parse(self::scalarText($v));
        }
        if (is_int($v)) {
            return ['status' => NumberText::OK, 'value' => (float) $v, 'integer' => $v];
        }
        self::checkFloat($v);
        return ['status' => is_finite($v) ? NumberText::OK : NumberText::OUT_OF_RANGE, 'value' => $v, 'integer' => null];
    }

    private static function numberProblem(string $key, string $status, string $text): string
    {
        switch ($status) {
            case NumberText::NOT_A_NUMBER:
                return self::quoted($key) . ' is not a number: ' . self::shown($text);
            case NumberText::NOT_FINITE:
                return self::quoted($key) . ' is not a finite number: ' . self::shown($text);
            default:
                return self::quoted($key) . ' is out of range: ' . self::shown($text);
        }
    }

    /** Optional text attribute; null leaves $out untouched. Returns an error message, "" when fine. */
    private static function readText($v, string $key, string &$out): string
    {
        if (is_string($v) && strncmp($v, PocoNumbers::UNSIGNED_MARK, 2) !== 0) {
            $out = $v; // the common case: what scalarText() gives for a plain string
            return '';
        }
        if ($v === null) {
            return '';
        }
        if (!self::isScalar($v)) {
            return self::wrongType($key, $v);
        }
        $out = self::scalarText($v);
        return '';
    }

    /** Whole number in [lo, hi]; null leaves $out untouched. */
    private static function readWhole($v, string $key, int $lo, int $hi, ?int &$out): string
    {
        if (is_int($v) || (is_string($v) && isset($v[0]) && !isset($v[17]) && strspn($v, '0123456789') === strlen($v))) {
            // The common cases, as below: an integer, or short plain digits (NumberText::parse's fast path).
            $whole = (int) $v;
            if ($whole < $lo || $whole > $hi) {
                return self::numberProblem($key, NumberText::OUT_OF_RANGE, self::scalarText($v));
            }
            $out = $whole;
            return '';
        }
        if ($v === null) {
            return '';
        }
        if (!self::isScalar($v)) {
            return self::wrongType($key, $v);
        }
        $n = self::scalarNumber($v);
        if ($n['status'] !== NumberText::OK) {
            return self::numberProblem($key, $n['status'], self::scalarText($v));
        }
        if ($n['integer'] !== null) {
            $whole = $n['integer'];
        } elseif (floor($n['value']) != $n['value']) {
            return self::quoted($key) . ' is not a whole number: ' . self::shown(self::scalarText($v));
        } elseif (abs($n['value']) >= self::INT64_LIMIT) {
            return self::numberProblem($key, NumberText::OUT_OF_RANGE, self::scalarText($v));
        } else {
            $whole = (int) $n['value'];
        }
        if ($whole < $lo || $whole > $hi) {
            return self::numberProblem($key, NumberText::OUT_OF_RANGE, self::scalarText($v));
        }
        $out = $whole;
        return '';
    }

    private static function note(Report $report, string $where, string $what, string $effect): void
    {
        $report->issues[] = new ReportIssue($where, $what, $effect);
    }

    // ---- levels ---------------------------------------------------------------------------

    /** Reads MUC_ID/TIMESTAMP/VERSION (sorted key order); returns the meter list (or null). */
    private static function readMuc(object $muc, Report $report)
    {
        // Texts are read into locals: a typed property passed by reference costs a typed reference.
        $mucId = '';
        $error = self::readText($muc->{ReportSchema::MUC_ID} ?? null, ReportSchema::MUC_ID, $mucId);
        $report->mucId = $mucId;
        if ($error !== '') {
            self::note($report, ReportSchema::MUC, $error, ReportIssue::IGNORED_ATTRIBUTE);
        }
        $ts = null;
        $error = self::readWhole($muc->{ReportSchema::TIMESTAMP} ?? null, ReportSchema::TIMESTAMP, 0, self::MAX_UNIX_TIME, $ts);
        if ($error !== '') {
            self::note($report, ReportSchema::MUC, $error, ReportIssue::IGNORED_ATTRIBUTE);
        } elseif ($ts !== null) {
            $report->timestamp = $ts;
        }
        $version = '';
        $error = self::readText($muc->{ReportSchema::MUC_VERSION} ?? null, ReportSchema::MUC_VERSION, $version);
        $report->version = $version;
        if ($error !== '') {
            self::note($report, ReportSchema::MUC, $error, ReportIssue::IGNORED_ATTRIBUTE);
        }
        return $muc->{ReportSchema::METER} ?? null;
    }

    private static function meterWhere(int $meter): string
    {
        return 'meter[' . $meter . ']';
    }

    private static function dataWhere(int $meter, int $data): string
    {
        return 'meter[' . $meter . '].data[' . $data . ']';
    }

    private static function readMeter($item, int $index, Report $report): ?MeterRecord
    {
        if (!is_object($item)) {
            self::note($report, self::meterWhere($index), 'not an object (' . self::kindName($item) . ')', ReportIssue::SKIPPED_METER);
            return null;
        }
        $meter = new MeterRecord();
        $meter->index = $index;
        // The usual meter: its texts are plain strings (or absent), read without notes (literal
        // names, as in readPlainData()); otherwise each is read and noted in sorted key order:
        // ACCESS_NUMBER INTERFACE MANUFACTURER MEDIUM METER_ID RSSI STATUS USER VERSION data.
        $accessNumber = $item->ACCESS_NUMBER ?? '';
        $interface = $item->INTERFACE ?? '';
        $manufacturer = $item->MANUFACTURER ?? '';
        $meterMedium = $item->MEDIUM ?? '';
        $status = $item->STATUS ?? '';
        $user = $item->USER ?? '';
        $version = $item->VERSION ?? '';
        if (is_string($accessNumber) && is_string($interface) && is_string($manufacturer) && is_string($meterMedium)
            && is_string($status) && is_string($user) && is_string($version)
            && strpos($accessNumber . $interface . $manufacturer . $meterMedium . $status . $user . $version, "\0") === false) {
            $meter->accessNumber = $accessNumber;
            $meter->interface = $interface;
            $meter->manufacturer = $manufacturer;
            $meter->status = $status;
            $meter->user = $user;
            $meter->version = $version;
            self::readRssi($item, $index, $report, $meter);
        } else {
            $meter->accessNumber = self::meterText($item, ReportSchema::ACCESS_NUMBER, $index, $report);
            $meter->interface = self::meterText($item, ReportSchema::INTERFACE, $index, $report);
            $meter->manufacturer = self::meterText($item, ReportSchema::MANUFACTURER, $index, $report);
            $meterMedium = self::meterText($item, ReportSchema::MEDIUM, $index, $report);
            self::readRssi($item, $index, $report, $meter);
            $meter->status = self::meterText($item, ReportSchema::STATUS, $index, $report);
            $meter->user = self::meterText($item, ReportSchema::USER, $index, $report);
            $meter->version = self::meterText($item, ReportSchema::METER_VERSION, $index, $report);
        }

        $meterId = '';
        $error = self::readMeterId($item->{ReportSchema::METER_ID} ?? null, $meterId);
        $meter->meterId = $meterId;
        $data = $item->{ReportSchema::DATA} ?? null;
        if ($error === '' && $data !== null && !is_array($data)) {
            $error = self::quoted(ReportSchema::DATA) . ' is not an array (' . self::kindName($data) . ')';
        }
        if ($error !== '') {
            self::note($report, self::meterWhere($index), $error, ReportIssue::SKIPPED_METER);
            return null;
        }
        if (is_array($data)) {
            foreach ($data as $dataIndex => $record) {
                $rec = self::readData($record, $index, $dataIndex, $report);
                if ($rec !== null) {
                    $meter->data[] = $rec;
                }
            }
        }
        $meter->medium = $meterMedium;
        if ($meter->medium === '') {
            foreach ($meter->data as $rec) {
                if ($rec->medium !== '') {
                    $meter->medium = $rec->medium;
                    break;
                }
            }
        }
        if ($meter->medium === '') {
            $meter->medium = ReportSchema::UNKNOWN_MEDIUM;
        }
        $meter->isSystem = $meter->medium === ReportSchema::SYSTEM_MEDIUM
            || ($report->mucId !== '' && $meter->meterId === $report->mucId);
        return $meter;
    }

    private static function readRssi(object $item, int $index, Report $report, MeterRecord $meter): void
    {
        $value = $item->{ReportSchema::RSSI} ?? null;
        if ($value !== null) {
            $rssi = null;
            $error = self::readWhole($value, ReportSchema::RSSI, -self::MAX_RSSI, self::MAX_RSSI, $rssi);
            if ($error === '') {
                $meter->rssi = $rssi;
            } else {
                self::note($report, self::meterWhere($index), $error, ReportIssue::IGNORED_ATTRIBUTE);
            }
        }
    }

    /** A meter's optional text attribute ("" when absent; a refused one is noted and left out). */
    private static function meterText(object $item, string $key, int $index, Report $report): string
    {
        $value = $item->{$key} ?? null;
        if (is_string($value) && strncmp($value, PocoNumbers::UNSIGNED_MARK, 2) !== 0) {
            return $value; // the common case, as readText() reads it
        }
        $text = '';
        $error = self::readText($value, $key, $text);
        if ($error !== '') {
            self::note($report, self::meterWhere($index), $error, ReportIssue::IGNORED_ATTRIBUTE);
        }
        return $text;
    }

    private static function readMeterId($id, string &$out): string
    {
        if (is_string($id) && isset($id[0]) && !isset($id[ReportSchema::MAX_METER_ID_LENGTH])
            && strpos(" \t\r\n\0", $id[0]) === false) {
            $out = $id; // the usual ID: a short text that starts with neither white space nor a mark
            return '';
        }
        return self::readMeterIdFully($id, $out);
    }

    /** readMeterId() with every check. */
    private static function readMeterIdFully($id, string &$out): string
    {
        $key = ReportSchema::METER_ID;
        if ($id === null) {
            return 'missing ' . self::quoted($key);
        }
        if (!self::isScalar($id)) {
            return self::wrongType($key, $id);
        }
        $out = self::scalarText($id);
        if (trim($out, " \t\r\n") === '') {
            return self::quoted($key) . ' is empty';
        }
        // Code points = bytes that are not UTF-8 continuation bytes (counted only when the bytes are too many).
        if (strlen($out) > ReportSchema::MAX_METER_ID_LENGTH
            && strlen($out) - preg_match_all('/[\x80-\xbf]/', $out) > ReportSchema::MAX_METER_ID_LENGTH) {
            return self::quoted($key) . ' is longer than ' . ReportSchema::MAX_METER_ID_LENGTH
                . ' characters: ' . self::shown($out);
        }
        return '';
    }

    private static function readData($item, int $meter, int $index, Report $report): ?DataRecord
    {
        if (!is_object($item)) {
            return self::skipRecord($report, self::dataWhere($meter, $index), 'not an object (' . self::kindName($item) . ')');
        }
        return self::readPlainData($item, $index) ?? self::readFullData($item, $meter, $index, $report);
    }

    /** readData() for any record object: every check, each fault noted. */
    private static function readFullData(object $item, int $meter, int $index, Report $report): ?DataRecord
    {
        $where = self::dataWhere($meter, $index);
        $rec = new DataRecord();
        $rec->index = $index;
        // Sorted key order: DESCRIPTION FUNCTION MEDIUM OBIS_ID SCALE STORAGE SUBUNIT TARIFF UNIT USER entry.
        // Texts go through locals (a typed property passed by reference costs a typed reference).
        $description = $item->{ReportSchema::DESCRIPTION} ?? null;
        $text = $function = $medium = $obis = $unit = $user = '';
        $error = self::readText($description, ReportSchema::DESCRIPTION, $text);
        if ($error === '') {
            $error = self::readText($item->{ReportSchema::FUNCTION} ?? null, ReportSchema::FUNCTION, $function);
        }
        if ($error === '') {
            $error = self::readText($item->{ReportSchema::MEDIUM} ?? null, ReportSchema::MEDIUM, $medium);
        }
        if ($error === '') {
            $error = self::readText($item->{ReportSchema::OBIS} ?? null, ReportSchema::OBIS, $obis);
        }
        if ($error === '') {
            $error = self::readScale($item->{ReportSchema::SCALE} ?? null, $rec);
        }
        $storage = $subunit = $tariff = null;
        if ($error === '') {
            $error = self::readWhole($item->{ReportSchema::STORAGE} ?? null, ReportSchema::STORAGE, 0, self::MAX_INDEX, $storage);
        }
        if ($error === '') {
            $error = self::readWhole($item->{ReportSchema::SUBUNIT} ?? null, ReportSchema::SUBUNIT, 0, self::MAX_INDEX, $subunit);
        }
        if ($error === '') {
            $error = self::readWhole($item->{ReportSchema::TARIFF} ?? null, ReportSchema::TARIFF, 0, self::MAX_INDEX, $tariff);
        }
        if ($error === '') {
            $error = self::readText($item->{ReportSchema::UNIT} ?? null, ReportSchema::UNIT, $unit);
        }
        if ($error === '') {
            $error = self::readText($item->{ReportSchema::USER} ?? null, ReportSchema::USER, $user);
        }
        if ($error !== '') {
            return self::skipRecord($report, $where, $error);
        }
        if ($description === null) {
            return self::skipRecord($report, $where, 'missing ' . self::quoted(ReportSchema::DESCRIPTION));
        }
        $rec->description = $text;
        $rec->function = $function;
        $rec->medium = $medium;
        $rec->obis = $obis;
        $rec->unit = $unit;
        $rec->user = $user;
        $rec->storage = $storage ?? 0;
        $rec->subunit = $subunit ?? 0;
        $rec->tariff = $tariff ?? 0;
        $rec->functionKind = DataRecord::parseFunction($rec->function);

        $entries = $item->{ReportSchema::ENTRY} ?? null;
        if ($entries === null) {
            return self::skipRecord($report, $where, 'missing ' . self::quoted(ReportSchema::ENTRY));
        }
        if (!is_array($entries)) {
            return self::skipRecord($report, $where, self::quoted(ReportSchema::ENTRY) . ' is not an array (' . self::kindName($entries) . ')');
        }
        if (count($entries) === 0) {
            return self::skipRecord($report, $where, self::quoted(ReportSchema::ENTRY) . ' is empty');
        }
        // Newest wins by (T_MUC, T, position); absent times sort lowest.
        $newest = null;
        foreach ($entries as $entryIndex => $entry) {
            $reading = ['t' => null, 'tMuc' => null, 'val' => null, 'index' => $entryIndex];
            $error = self::readEntry($entry, $reading);
            if ($error !== '') {
                return self::skipRecord($report, $where . '.entry[' . $entryIndex . ']', $error);
            }
            if ($newest === null || self::newerOrSame($reading, $newest)) {
                $newest = $reading;
            }
        }
        $error = self::readValue($newest, $rec);
        if ($error !== '') {
            return self::skipRecord($report, $where . '.entry[' . $newest['index'] . ']', $error);
        }
        return $rec;
    }

    /**
     * The common record read without the general checks: plain texts, a SCALE text that is a
     * positive number, whole numbers as integers or short digit texts, one entry with integer
     * times and a value readValue() takes. Null for anything else (nothing noted): readData()
     * then reads it in full, and gives the same record for what is accepted here.
     */
    private static function readPlainData(object $item, int $index): ?DataRecord
    {
        // Literal names (the ReportSchema keys): PHP remembers where a literal property sits in
        // objects of the same layout, as all records of a logger are.
        $description = $item->DESCRIPTION ?? null;
        $function = $item->FUNCTION ?? '';
        $medium = $item->MEDIUM ?? '';
        $obis = $item->OBIS_ID ?? '';
        $unit = $item->UNIT ?? '';
        $user = $item->USER ?? '';
        if (!is_string($description) || !is_string($function) || !is_string($medium) || !is_string($obis)
            || !is_string($unit) || !is_string($user)) {
            return null;
        }
        // A marked unsigned literal starts with NUL, which plain texts hardly ever contain.
        if (strpos($description . $function . $medium . $obis . $unit . $user, "\0") !== false
            && (strncmp($description, PocoNumbers::UNSIGNED_MARK, 2) === 0 || strncmp($function, PocoNumbers::UNSIGNED_MARK, 2) === 0
                || strncmp($medium, PocoNumbers::UNSIGNED_MARK, 2) === 0 || strncmp($obis, PocoNumbers::UNSIGNED_MARK, 2) === 0
                || strncmp($unit, PocoNumbers::UNSIGNED_MARK, 2) === 0 || strncmp($user, PocoNumbers::UNSIGNED_MARK, 2) === 0)) {
            return null;
        }
        // "0" and absent, the usual indexes, are 0 in plainIndex() too.
        $storage = $item->STORAGE ?? null;
        $storage = $storage === '0' || $storage === null ? 0 : self::plainIndex($storage);
        $subunit = $item->SUBUNIT ?? null;
        $subunit = $subunit === '0' || $subunit === null ? 0 : self::plainIndex($subunit);
        $tariff = $item->TARIFF ?? null;
        $tariff = $tariff === '0' || $tariff === null ? 0 : self::plainIndex($tariff);
        $entries = $item->entry ?? null;
        if ($storage < 0 || $subunit < 0 || $tariff < 0 || !is_array($entries) || count($entries) !== 1
            || !is_object($entries[0] ?? null)) {
            return null;
        }
        $entry = $entries[0];
        $t = $entry->T ?? null;
        $tMuc = $entry->T_MUC ?? null;
        $val = $entry->VAL ?? null;
        if (($t !== null && (!is_int($t) || $t < 0 || $t > self::MAX_UNIX_TIME))
            || ($tMuc !== null && (!is_int($tMuc) || $tMuc < 0 || $tMuc > self::MAX_UNIX_TIME))
            || $val === null) {
            return null;
        }
        $rec = new DataRecord();
        $divisor = null;
        $scale = $item->SCALE ?? null;
        if ($scale !== null) {
            if (!is_string($scale)) {
                return null;
            }
            $known = self::plainScale($scale);
            if ($known === null) {
                return null;
            }
            $rec->scaleText = $scale;
            [$rec->scale, $divisor] = $known;
        }
        $rec->index = $index;
        $rec->description = $description;
        $rec->function = $function;
        $rec->medium = $medium;
        $rec->obis = $obis;
        $rec->unit = $unit;
        $rec->user = $user;
        $rec->storage = $storage;
        $rec->subunit = $subunit;
        $rec->tariff = $tariff;
        $rec->functionKind = DataRecord::parseFunction($function);
        if (is_string($val) && isset($val[0]) && !isset($val[17]) && strspn($val, '0123456789') === strlen($val)) {
            // A short plain integer VAL: what readValue() makes of it (NumberText::parse's fast
            // path, applyScale with the SCALE's divisor), unless the scaled value is so large that
            // readValue() might refuse it.
            $whole = (int) $val;
            $raw = (float) $whole;
            $scaled = $rec->scale === 1.0 ? $raw : ($divisor === null ? $raw * $rec->scale : $raw / $divisor);
            if (is_finite($scaled) && abs($scaled) < 9.2e18) {
                $entry = $rec->entry;
                $entry->t = $t;
                $entry->tMuc = $tMuc;
                $entry->valText = $val;
                $entry->valNumber = $raw;
                $entry->valInteger = $whole;
                $rec->scaledValue = $scaled;
                return $rec;
            }
        }
        if (self::readValue(['t' => $t, 'tMuc' => $tMuc, 'val' => $val, 'index' => 0], $rec) !== '') {
            return null;
        }
        return $rec;
    }

    /**
     * A record object as readPlainData() reads it (null: not a plain record, see readData()),
     * for PlainReportReader's first meeting with a layout and its values other than short integers.
     */
    public static function readPlainRecord(object $item): ?DataRecord
    {
        return self::readPlainData($item, 0);
    }

    /**
     * A SCALE text as readScale() takes it when it is a positive number, with its divisor
     * (NumberText::scaleDivisor), else null. A logger sends a handful of scales again and again,
     * so the answers are kept (a bounded table).
     */
    private static function plainScale(string $scale): ?array
    {
        static $known = [];
        if (isset($known[$scale])) {
            return $known[$scale] ?: null;
        }
        $value = null;
        if (strncmp($scale, PocoNumbers::UNSIGNED_MARK, 2) !== 0) {
            $n = NumberText::parse($scale);
            $value = $n['status'] === NumberText::OK && $n['value'] > 0.0 ? $n['value'] : null;
        }
        if (count($known) >= 64) {
            $known = [];
        }
        $known[$scale] = $value === null ? false : [$value, NumberText::scaleDivisor($value)];
        return $known[$scale] ?: null;
    }

    /** STORAGE/SUBUNIT/TARIFF as readWhole() reads the usual forms: 0 when absent, -1 when not plain. */
    private static function plainIndex($v): int
    {
        if ($v === null) {
            return 0;
        }
        if (is_string($v) && isset($v[0]) && !isset($v[17]) && strspn($v, '0123456789') === strlen($v)) {
            $v = (int) $v;
        }
        return is_int($v) && $v >= 0 && $v <= self::MAX_INDEX ? $v : -1;
    }

    /** Notes a record left out (SKIPPED_RECORD at $where) and gives the null that stands for it. */
    private static function skipRecord(Report $report, string $where, string $what): ?DataRecord
    {
        self::note($report, $where, $what, ReportIssue::SKIPPED_RECORD);
        return null;
    }

    private static function newerOrSame(array $a, array $b): bool
    {
        if ($a['tMuc'] !== $b['tMuc']) {
            return $b['tMuc'] === null || ($a['tMuc'] !== null && $a['tMuc'] > $b['tMuc']);
        }
        if ($a['t'] !== $b['t']) {
            return $b['t'] === null || ($a['t'] !== null && $a['t'] > $b['t']);
        }
        return true; // the later position wins ties
    }

    private static function readScale($v, DataRecord $rec): string
    {
        if ($v === null) {
            return '';
        }
        if (!self::isScalar($v)) {
            return self::wrongType(ReportSchema::SCALE, $v);
        }
        $rec->scaleText = self::scalarText($v);
        $n = self::scalarNumber($v);
        if ($n['status'] !== NumberText::OK) {
            return self::numberProblem(ReportSchema::SCALE, $n['status'], $rec->scaleText);
        }
        if (!($n['value'] > 0.0)) {
            return self::quoted(ReportSchema::SCALE) . ' is not greater than 0: ' . self::shown($rec->scaleText);
        }
        $rec->scale = $n['value'];
        return '';
    }

    private static function readEntry($e, array &$reading): string
    {
        if (!is_object($e)) {
            return 'not an object (' . self::kindName($e) . ')';
        }
        // Sorted key order: T T_MUC VAL.
        $t = $tMuc = null;
        $error = self::readWhole($e->{ReportSchema::T} ?? null, ReportSchema::T, 0, self::MAX_UNIX_TIME, $t);
        if ($error !== '') {
            return $error;
        }
        $error = self::readWhole($e->{ReportSchema::T_MUC} ?? null, ReportSchema::T_MUC, 0, self::MAX_UNIX_TIME, $tMuc);
        if ($error !== '') {
            return $error;
        }
        $reading['t'] = $t;
        $reading['tMuc'] = $tMuc;
        $reading['val'] = $e->{ReportSchema::VAL} ?? null;
        return '';
    }

    private static function readValue(array $reading, DataRecord $rec): string
    {
        $val = $reading['val'];
        if ($val === null) {
            return 'missing ' . self::quoted(ReportSchema::VAL);
        }
        if (!self::isScalar($val)) {
            return self::wrongType(ReportSchema::VAL, $val);
        }
        $entry = $rec->entry;
        $entry->t = $reading['t'];
        $entry->tMuc = $reading['tMuc'];
        if (is_string($val) && strncmp($val, PocoNumbers::UNSIGNED_MARK, 2) !== 0) {
            $entry->valText = $val; // the common case, as scalarText() and scalarNumber() read it
            $n = NumberText::parse($val);
        } else {
            $entry->valText = self::scalarText($val);
            $n = self::scalarNumber($val);
        }
        if ($n['status'] === NumberText::NOT_FINITE || $n['status'] === NumberText::OUT_OF_RANGE) {
            return self::numberProblem(ReportSchema::VAL, $n['status'], $entry->valText);
        }
        if ($n['status'] !== NumberText::OK) {
            return ''; // a text value: becomes a string variable
        }
        $entry->valNumber = $n['value'];
        $entry->valInteger = $n['integer'];
        $scaled = $rec->scale === 1.0 ? $n['value'] : NumberText::applyScale($n['value'], $rec->scale);
        $exactWhole = $n['integer'] !== null && $rec->scale === 1.0; // kept exact by the mapper
        if (!is_finite($scaled) || (!$exactWhole && abs(round($scaled)) >= self::INT64_LIMIT
                && in_array(UnitTable::kind($rec->unit), [UnitTable::UNIX_TIME, UnitTable::BIT_FIELD], true))) {
            if ($rec->scaleText === '') {
                return self::numberProblem(ReportSchema::VAL, NumberText::OUT_OF_RANGE, $entry->valText);
            }
            return self::quoted(ReportSchema::VAL) . ' x ' . self::quoted(ReportSchema::SCALE) . ' is out of range: '
                . self::shown($entry->valText) . ' x ' . self::shown($rec->scaleText);
        }
        $rec->scaledValue = $scaled;
        return '';
    }
}

/** parse() met a float in a tree read without the number pre-check (internal to ReportParser). */
final class FloatInUncheckedTree extends \Exception
{
}

<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';
require_once __DIR__ . '/TopicTemplate.php';
require_once __DIR__ . '/VariableMapper.php';

/**
 * The packet a gateway sends to its children for one meter (DataID {0054126B-...}). The gateway
 * maps the meter's records to variables once; children only apply the list. "MeterID" and
 * "Interface" come right after the DataID, so a child's receive filter finds them:
 *   {"DataID":"{0054126B-...}","MeterID":"03006175","Interface":"05","System":false,
 *    "SmartLogID":"SL-000123","Manufacturer":"BMT","Medium":"Water","Timestamp":1741947302,
 *    "Variables":[{"Ident":"Volume","Name":"Volume","Type":2,"Value":43.964,
 *                  "Profile":"SM_m3","Suffix":" m³","Digits":3}, ...]}
 */
final class MeterPacket
{
    public static function build(MeterRecord $meter, string $smartLogId, ?int $timestamp): string
    {
        $variables = [];
        foreach (VariableMapper::mapMeter($meter) as $variable) {
            $variables[] = self::variableJson($variable);
        }
        // The head's text ends with its "}": the variables go in before it.
        return substr(Text::json(self::head($meter, $smartLogId, $timestamp)), 0, -1)
            . ',"Variables":[' . implode(',', $variables) . ']}';
    }

    /** build() as one json_encode() of the whole packet (what build() gives, in every case). */
    public static function buildFully(MeterRecord $meter, string $smartLogId, ?int $timestamp): string
    {
        $packet = self::head($meter, $smartLogId, $timestamp);
        $packet['Variables'] = VariableMapper::mapMeter($meter);
        return Text::json($packet);
    }

    private static function head(MeterRecord $meter, string $smartLogId, ?int $timestamp): array
    {
        $head = [
            'DataID' => Guids::TO_METERS,
            'MeterID' => $meter->meterId,
            'Interface' => $meter->interface,
            'System' => $meter->isSystem,
            'SmartLogID' => $smartLogId,
            'Manufacturer' => $meter->manufacturer,
            'Medium' => $meter->medium,
        ];
        if ($timestamp !== null) {
            $head['Timestamp'] = $timestamp;
        }
        return $head;
    }

    /**
     * Text::json($variable). A meter sends the same variables report after report: the texts
     * before and after the value are kept per variable layout (a bounded table), so only the
     * value is encoded.
     */
    private static function variableJson(array $variable): string
    {
        static $around = [];
        static $count = 0;
        $known = $around[$variable['Ident']][$variable['Name']][$variable['Type']][$variable['Profile']]
            [$variable['Suffix'] ?? ''][$variable['Digits'] ?? ''][count($variable)] ?? null;
        if ($known === null) {
            // Ident and Name come before the value: "Value":null can only be the value's key.
            $text = Text::json(array_replace($variable, ['Value' => null]));
            $at = strpos($text, '"Value":null') + strlen('"Value":');
            $known = [substr($text, 0, $at), substr($text, $at + strlen('null'))];
            if (++$count > 256) {
                [$around, $count] = [[], 1];
            }
            $around[$variable['Ident']][$variable['Name']][$variable['Type']][$variable['Profile']]
                [$variable['Suffix'] ?? ''][$variable['Digits'] ?? ''][count($variable)] = $known;
        }
        return $known[0] . Text::json($variable['Value']) . $known[1];
    }

    /**
     * The packet as an array with checked fields; each variable's Value has its Type's PHP type.
     * @throws \UnexpectedValueException for a packet that is not of this layout
     */
    public static function parse(string $json): array
    {
        $packet = json_decode($json, true);
        if (!is_array($packet) || array_is_list($packet)) {
            throw new \UnexpectedValueException('packet is not a JSON object');
        }
        // Fields are written back only when checking changes them (a value of the wrong PHP type,
        // an absent text): a packet as the gateway sends it is returned as decoded, uncopied.
        foreach (['MeterID', 'Interface', 'SmartLogID', 'Manufacturer', 'Medium'] as $key) {
            if (!is_string($packet[$key] ?? null)) {
                $packet[$key] = self::text($packet, $key);
            }
        }
        if (!isset($packet['Variables']) || !is_array($packet['Variables']) || !array_is_list($packet['Variables'])) {
            throw new \UnexpectedValueException('packet has no "Variables" array');
        }
        $variables = $packet['Variables'];
        $changed = false;
        foreach ($variables as $i => $variable) {
            $type = self::checkedType($i, $variable);
            // Checked in parseFully()'s order, so a bad packet is refused for the same reason.
            $value = self::typed($variable['Value'] ?? null, $type, $variable['Ident']);
            $fixed = $value !== $variable['Value'];
            if (!is_string($variable['Profile'] ?? null)) {
                self::text($variable, 'Profile');
                $fixed = true;
            }
            if (array_key_exists('Digits', $variable)) {
                if (!is_int($variable['Digits'])) {
                    throw new \UnexpectedValueException('variable ' . $variable['Ident'] . ' has bad Digits');
                }
                if (!is_string($variable['Suffix'] ?? null)) {
                    self::text($variable, 'Suffix');
                    $fixed = true;
                }
            }
            if ($fixed) {
                $variable['Value'] = $value;
                $variable['Profile'] = self::text($variable, 'Profile');
                if (array_key_exists('Digits', $variable)) {
                    $variable['Suffix'] = self::text($variable, 'Suffix');
                }
                $variables[$i] = $variable;
                $changed = true;
            }
        }
        if (!$changed) {
            return $packet;
        }
        $packet['Variables'] = $variables;
        return $packet;
    }

    /** The Type of variable $i, after checking it is an object with Ident, Name and a known Type. */
    private static function checkedType(int $i, mixed $variable): int
    {
        if (!is_array($variable)) {
            throw new \UnexpectedValueException('variable ' . $i . ' is not an object');
        }
        if (!is_string($variable['Ident'] ?? null) || !is_string($variable['Name'] ?? null)) {
            throw new \UnexpectedValueException('variable ' . $i . ' has no Ident or Name');
        }
        $type = $variable['Type'] ?? null;
        if (!is_int($type) || $type < 0 || $type > 3) {
            throw new \UnexpectedValueException('variable ' . $variable['Ident'] . ' has type ' . json_encode($type));
        }
        return $type;
    }

    /** parse() checking and writing back every field (what parse() gives, in every case). */
    public static function parseFully(string $json): array
    {
        $packet = json_decode($json, true);
        if (!is_array($packet) || array_is_list($packet)) {
            throw new \UnexpectedValueException('packet is not a JSON object');
        }
        foreach (['MeterID', 'Interface', 'SmartLogID', 'Manufacturer', 'Medium'] as $key) {
            $packet[$key] = self::text($packet, $key);
        }
        if (!isset($packet['Variables']) || !is_array($packet['Variables']) || !array_is_list($packet['Variables'])) {
            throw new \UnexpectedValueException('packet has no "Variables" array');
        }
        // Checked one by one and put back (no references into the packet).
        $variables = $packet['Variables'];
        foreach ($variables as $i => $variable) {
            $type = self::checkedType($i, $variable);
            $variable['Value'] = self::typed($variable['Value'] ?? null, $type, $variable['Ident']);
            $variable['Profile'] = self::text($variable, 'Profile');
            if (array_key_exists('Digits', $variable)) {
                if (!is_int($variable['Digits'])) {
                    throw new \UnexpectedValueException('variable ' . $variable['Ident'] . ' has bad Digits');
                }
                $variable['Suffix'] = self::text($variable, 'Suffix');
            }
            $variables[$i] = $variable;
        }
        $packet['Variables'] = $variables;
        return $packet;
    }

    /**
     * A value token after a "Value" or "Timestamp" key: true, false, a number or a string as
     * JSON writes them. preg_split() keeps the text before each token (key included) apart.
     */
    private const VALUE_TOKEN = '/"(?:Value|Timestamp)":\\K(true|false|-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?'
        . '|"(?:[^"\\\\\\x00-\\x1f]|\\\\["\\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*")/';
    private const TOP_KEYS = ['DataID', 'MeterID', 'Interface', 'System', 'SmartLogID', 'Manufacturer', 'Medium'];
    private const VARIABLE_KEYS = ['Ident', 'Name', 'Type', 'Value', 'Profile'];
    private const VARIABLE_KEYS_SM = ['Ident', 'Name', 'Type', 'Value', 'Profile', 'Suffix', 'Digits'];

    /**
     * The packet text without its values and time stamp (the texts between them, joined by
     * "\x1f"), when $json is $packet (as parse() gave it) exactly as build() writes it; else "".
     * A device keeps it to read the next packets of the same meter and layout with
     * valuesIfSkeleton() instead of decoding and checking each.
     */
    public static function skeleton(string $json, array $packet): string
    {
        $keys = array_keys($packet);
        $stamped = count($keys) === 9 && $keys[7] === 'Timestamp' && is_int($packet['Timestamp']);
        if (array_slice($keys, 0, 7) !== self::TOP_KEYS || end($keys) !== 'Variables' || (!$stamped && count($keys) !== 8)) {
            return '';
        }
        foreach ($packet['Variables'] as $variable) {
            $layout = array_key_exists('Digits', $variable) ? self::VARIABLE_KEYS_SM : self::VARIABLE_KEYS;
            if (array_keys($variable) !== $layout || !is_scalar($variable['Value'])) {
                return '';
            }
        }
        $parts = preg_split(self::VALUE_TOKEN, $json, -1, PREG_SPLIT_DELIM_CAPTURE);
        if (Text::json($packet) !== $json || !is_array($parts)
            || count($parts) !== 2 * (count($packet['Variables']) + ($stamped ? 1 : 0)) + 1) {
            return '';
        }
        $skeleton = $parts[0];
        for ($i = 2, $n = count($parts); $i < $n; $i += 2) {
            $skeleton .= "\x1f" . $parts[$i];
        }
        return $skeleton;
    }

    /** The variables' Types, one digit each (what valuesIfSkeleton() converts the values to). */
    public static function types(array $packet): string
    {
        $types = '';
        foreach ($packet['Variables'] as $variable) {
            $types .= $variable['Type'];
        }
        return $types;
    }

    /**
     * The variables' values (each of its Type's PHP type, as parse() gives them) when $json is
     * the packet $skeleton was made of with other values and time stamp; null for anything else
     * (parse() then reads it).
     * @return list<bool|int|float|string>|null
     */
    public static function valuesIfSkeleton(string $json, string $skeleton, string $types): ?array
    {
        if (str_contains($json, "\x1f")) {
            return null; // never in a packet build() wrote; it would blur the joined texts
        }
        $parts = preg_split(self::VALUE_TOKEN, $json, -1, PREG_SPLIT_DELIM_CAPTURE);
        $count = is_array($parts) ? count($parts) : 0;
        $first = $count - 2 * strlen($types); // 1, or 3 after a time stamp
        if ($first !== 1 && $first !== 3) {
            return null;
        }
        $text = $parts[0];
        for ($i = 2; $i < $count; $i += 2) {
            $text .= "\x1f" . $parts[$i];
        }
        // The same texts around the tokens: the same packet but for the tokens, each a whole value.
        if ($text !== $skeleton || ($first === 3 && !self::isNumberToken($parts[1]))) {
            return null;
        }
        $values = [];
        for ($k = 0, $n = strlen($types); $k < $n; $k++) {
            $token = $parts[$first + 2 * $k];
            switch ($types[$k]) {
                case '0':
                    if ($token !== 'true' && $token !== 'false') {
                        return null;
                    }
                    $values[] = $token === 'true';
                    break;
                case '1':
                case '2':
                    // Integers as json_decode() reads them (then converted as parse() does): exact
                    // up to 18 digits; longer ones and other numbers are left to parse() for
                    // integers, read as floats (as json_decode() reads them) otherwise.
                    $integer = strpbrk($token, '.eE') === false;
                    if (!self::isNumberToken($token) || ($integer && strlen($token) > 18)
                        || ($types[$k] === '1' && !$integer)) {
                        return null;
                    }
                    $values[] = $integer ? ($types[$k] === '1' ? (int) $token : (float) (int) $token) : (float) $token;
                    break;
                default:
                    $text = $token[0] === '"' ? json_decode($token) : null;
                    if (!is_string($text)) {
                        return null;
                    }
                    $values[] = $text;
            }
        }
        return $values;
    }

    private static function isNumberToken(string $token): bool
    {
        return str_contains('-0123456789', $token[0]); // tokens are never empty
    }

    /** Receive filter for one meter: its packets, optionally only from one interface. */
    public static function receiveFilter(string $meterId, string $interface): string
    {
        $filter = '"MeterID":"' . TopicTemplate::escapeRegex(TopicTemplate::jsonEscape($meterId)) . '"';
        if ($interface !== '') {
            $filter .= ',"Interface":"' . TopicTemplate::escapeRegex(TopicTemplate::jsonEscape($interface)) . '"';
        }
        return '.*' . $filter . '.*';
    }

    private static function text(array $a, string $key): string
    {
        $v = $a[$key] ?? '';
        if (!is_string($v)) {
            throw new \UnexpectedValueException('"' . $key . '" is not a string');
        }
        return $v;
    }

    /** A JSON value as the PHP type of a Symcon variable type (0 bool, 1 int, 2 float, 3 string). */
    private static function typed($value, int $type, string $ident)
    {
        $ok = match ($type) {
            0 => is_bool($value),
            1 => is_int($value) || (is_float($value) && floor($value) == $value && abs($value) < 9.2e18),
            2 => is_int($value) || is_float($value),
            default => is_string($value),
        };
        if (!$ok) {
            throw new \UnexpectedValueException('Value of ' . $ident . ' does not fit type ' . $type . ': ' . json_encode($value));
        }
        return match ($type) {
            0 => (bool) $value,
            1 => (int) $value,
            2 => (float) $value,
            default => (string) $value,
        };
    }
}

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
        $packet = [
            'DataID' => Guids::TO_METERS,
            'MeterID' => $meter->meterId,
            'Interface' => $meter->interface,
            'System' => $meter->isSystem,
            'SmartLogID' => $smartLogId,
            'Manufacturer' => $meter->manufacturer,
            'Medium' => $meter->medium,
        ];
        if ($timestamp !== null) {
            $packet['Timestamp'] = $timestamp;
        }
        $packet['Variables'] = $meter->variables ?? VariableMapper::mapMeter($meter);
        return Text::json($packet);
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
        if (self::asSent($variables)) {
            return $packet;
        }
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

    /**
     * Whether every variable is as the gateway writes it: each field of its type and the Value of
     * the Type's PHP type, so that the checks of parse() would neither refuse nor change any. One
     * loop without calls: the per-variable checks cost about a fifth of a device's call.
     */
    private static function asSent(array $variables): bool
    {
        foreach ($variables as $variable) {
            if (!is_array($variable) || !is_string($variable['Ident'] ?? null) || !is_string($variable['Name'] ?? null)
                || !is_string($variable['Profile'] ?? null)) {
                return false;
            }
            $value = $variable['Value'] ?? null;
            $typed = match ($variable['Type'] ?? null) {
                0 => is_bool($value),
                1 => is_int($value),
                2 => is_float($value),
                3 => is_string($value),
                default => false,
            };
            if (!$typed || (array_key_exists('Digits', $variable)
                    && (!is_int($variable['Digits']) || !is_string($variable['Suffix'] ?? null)))) {
                return false;
            }
        }
        return true;
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

<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * Logger unit strings: display suffix, profile key, and how a value in that unit
 * becomes a variable (docs/selog-format.md, units).
 */
final class UnitTable
{
    public const MEASURE = 'measure';             // VAL x SCALE as a float with profile SM_<key>
    public const DIMENSIONLESS = 'dimensionless'; // "None" or "": float, no suffix, no profile
    public const UNIX_TIME = 'unixtime';          // "UTC": integer Unix time, profile ~UnixTimestamp
    public const BIT_FIELD = 'bitfield';          // "Bin": integer, no profile

    public const PROFILE_PREFIX = 'SM_';
    public const UNIX_TIMESTAMP_PROFILE = '~UnixTimestamp';

    /** unit => [suffix, key, kind]: spellings seen in solvimus reports, libmbus, and our own ("%"). */
    private const UNITS = [
        'None' => ['', '', self::DIMENSIONLESS],
        '' => ['', '', self::DIMENSIONLESS],
        'UTC' => ['', '', self::UNIX_TIME],
        'Bin' => ['', '', self::BIT_FIELD],
        'Wh' => [' Wh', 'Wh', self::MEASURE],
        'kWh' => [' kWh', 'kWh', self::MEASURE],
        'MWh' => [' MWh', 'MWh', self::MEASURE],
        'J' => [' J', 'J', self::MEASURE],
        'kJ' => [' kJ', 'kJ', self::MEASURE],
        'MJ' => [' MJ', 'MJ', self::MEASURE],
        'GJ' => [' GJ', 'GJ', self::MEASURE],
        'm^3' => [' m³', 'm3', self::MEASURE],
        'm³' => [' m³', 'm3', self::MEASURE],
        'l' => [' l', 'l', self::MEASURE],
        'm^3/h' => [' m³/h', 'm3_h', self::MEASURE],
        'm³/h' => [' m³/h', 'm3_h', self::MEASURE],
        'm^3/min' => [' m³/min', 'm3_min', self::MEASURE],
        'm^3/s' => [' m³/s', 'm3_s', self::MEASURE],
        'l/h' => [' l/h', 'l_h', self::MEASURE],
        'kg' => [' kg', 'kg', self::MEASURE],
        'kg/h' => [' kg/h', 'kg_h', self::MEASURE],
        'W' => [' W', 'W', self::MEASURE],
        'kW' => [' kW', 'kW', self::MEASURE],
        'J/h' => [' J/h', 'J_h', self::MEASURE],
        'Degree C' => [' °C', 'Degree_C', self::MEASURE],
        '°C' => [' °C', 'Degree_C', self::MEASURE],
        'deg C' => [' °C', 'Degree_C', self::MEASURE],
        'K' => [' K', 'K', self::MEASURE],
        'bar' => [' bar', 'bar', self::MEASURE],
        'V' => [' V', 'V', self::MEASURE],
        'A' => [' A', 'A', self::MEASURE],
        'Hz' => [' Hz', 'Hz', self::MEASURE],
        'h' => [' h', 'h', self::MEASURE],
        'min' => [' min', 'min', self::MEASURE],
        's' => [' s', 's', self::MEASURE],
        'd' => [' d', 'd', self::MEASURE],
        'dBm' => [' dBm', 'dBm', self::MEASURE],
        '%' => [' %', 'Percent', self::MEASURE],
        '%RH' => [' %', 'Percent_RH', self::MEASURE],
        'var' => [' var', 'var', self::MEASURE],
    ];

    /** lookup($unit)['kind'] without building the rest. */
    public static function kind(string $unit): string
    {
        return self::UNITS[$unit][2] ?? self::MEASURE;
    }

    /**
     * Table lookup (case-sensitive); units not in the table get suffix " <unit>" and a key
     * made by profileKey().
     * @return array{suffix: string, key: string, kind: string, known: bool}
     */
    public static function lookup(string $unit): array
    {
        if (isset(self::UNITS[$unit])) {
            [$suffix, $key, $kind] = self::UNITS[$unit];
            return ['suffix' => $suffix, 'key' => $key, 'kind' => $kind, 'known' => true];
        }
        return ['suffix' => ' ' . $unit, 'key' => self::profileKey($unit), 'kind' => self::MEASURE, 'known' => false];
    }

    /**
     * Key rule for any unit text: '^' is dropped, '%' becomes "Percent_", '°' becomes "Degree_",
     * every other run outside [A-Za-z0-9_] becomes one '_', '_' trimmed at both ends; "" is "Unit".
     */
    public static function profileKey(string $unit): string
    {
        if (isset(self::UNITS[$unit]) && self::UNITS[$unit][1] !== '') {
            return self::UNITS[$unit][1];
        }
        $out = '';
        $separator = static function () use (&$out): void {
            if ($out !== '' && substr($out, -1) !== '_') {
                $out .= '_';
            }
        };
        $length = strlen($unit);
        for ($i = 0; $i < $length;) {
            $c = $unit[$i];
            if ($c === '^') {
                $i++;
            } elseif ($c === '%') {
                $separator();
                $out .= 'Percent_';
                $i++;
            } elseif (substr($unit, $i, 2) === "\xC2\xB0") {
                $separator();
                $out .= 'Degree_';
                $i += 2;
            } else {
                if (strspn($c, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_') === 1) {
                    $out .= $c;
                } else {
                    $separator();
                }
                $i++;
            }
        }
        $out = preg_replace('/_+/', '_', trim($out, '_'));
        return $out === '' ? 'Unit' : $out;
    }

    /** "SM_" + key for measure units, "" otherwise. */
    public static function profileName(string $unit): string
    {
        $info = self::lookup($unit);
        return $info['kind'] === self::MEASURE ? self::PROFILE_PREFIX . $info['key'] : '';
    }
}

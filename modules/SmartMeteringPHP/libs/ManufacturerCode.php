<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * M-Bus manufacturer codes (FLAG association): three letters A..Z packed into 15 bits,
 * id = (c1-64)*1024 + (c2-64)*32 + (c3-64); "AAA" = 0x0421, "ZZZ" = 0x6B5A.
 */
final class ManufacturerCode
{
    /** Company for the few codes seen with SE-LOG meters (as in wmbusmeters). */
    private const NAMES = [
        'WEP' => 'Weptech elektronik', 'BMT' => 'BMETERS', 'QDS' => 'Qundis', 'SON' => 'Sontex',
        'SLV' => 'Solvimus', 'KAM' => 'Kamstrup', 'EFE' => 'Engelmann Sensor',
    ];

    public static function isValidCode(string $code): bool
    {
        return (bool) preg_match('/^[A-Z]{3}$/', $code);
    }

    public static function isValidId(int $id): bool
    {
        if ($id < 0 || $id > 0xFFFF || ($id & 0x8000)) {
            return false;
        }
        foreach ([10, 5, 0] as $shift) {
            $letter = ($id >> $shift) & 0x1F;
            if ($letter < 1 || $letter > 26) {
                return false;
            }
        }
        return true;
    }

    /** "BMT" -> 0x09B4; null when the code is not valid. */
    public static function encode(string $code): ?int
    {
        if (!self::isValidCode($code)) {
            return null;
        }
        return ((ord($code[0]) - 64) << 10) | ((ord($code[1]) - 64) << 5) | (ord($code[2]) - 64);
    }

    /** 0x09B4 -> "BMT"; null when the id is not valid. */
    public static function decode(int $id): ?string
    {
        if (!self::isValidId($id)) {
            return null;
        }
        return chr((($id >> 10) & 0x1F) + 64) . chr((($id >> 5) & 0x1F) + 64) . chr(($id & 0x1F) + 64);
    }

    /** Company name, "" for any other code. */
    public static function name(string $code): string
    {
        return self::NAMES[$code] ?? '';
    }
}

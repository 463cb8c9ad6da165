<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * EN 13757-3 medium / device type codes and the sentence-case texts the logger uses
 * for them ("Stark/solvimus text"), e.g. 0x07 -> "Water", 0x1B -> "Room sensor".
 */
final class MediumTable
{
    private const MEDIA = [
        0x00 => 'Other', 0x01 => 'Oil', 0x02 => 'Electricity', 0x03 => 'Gas', 0x04 => 'Heat (outlet)',
        0x05 => 'Steam', 0x06 => 'Warm water', 0x07 => 'Water', 0x08 => 'Heat cost allocator',
        0x09 => 'Compressed air', 0x0A => 'Cooling (outlet)', 0x0B => 'Cooling (inlet)',
        0x0C => 'Heat (inlet)', 0x0D => 'Heat / Cooling', 0x0E => 'Bus/System', 0x0F => 'Unknown',
        0x10 => 'Irrigation water', 0x11 => 'Water data logger', 0x12 => 'Gas data logger',
        0x13 => 'Gas converter', 0x14 => 'Calorific value', 0x15 => 'Hot water', 0x16 => 'Cold water',
        0x17 => 'Dual water', 0x18 => 'Pressure', 0x19 => 'A/D converter', 0x1A => 'Smoke detector',
        0x1B => 'Room sensor', 0x1C => 'Gas detector', 0x20 => 'Breaker', 0x21 => 'Valve',
        0x25 => 'Customer unit', 0x28 => 'Waste water', 0x29 => 'Garbage', 0x30 => 'Service tool',
        0x31 => 'Gateway', 0x32 => 'Unidirectional repeater', 0x33 => 'Bidirectional repeater',
        0x38 => 'Bus control unit',
    ];

    /** Text for a code; codes without a text give "Unknown" (the text of 0x0F). */
    public static function text(int $code): string
    {
        return self::MEDIA[$code] ?? self::MEDIA[0x0F];
    }

    public static function isKnownCode(int $code): bool
    {
        return isset(self::MEDIA[$code]);
    }

    /** Reverse lookup, ASCII case-insensitive; null when no code has that text. */
    public static function code(string $text): ?int
    {
        foreach (self::MEDIA as $code => $name) {
            if (strcasecmp($name, $text) === 0) {
                return $code;
            }
        }
        return null;
    }
}

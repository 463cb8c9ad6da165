<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/NumberText.php';
require_once __DIR__ . '/JsonSyntax.php';

/**
 * The C++ edition reads reports with its JSON reader (emulator/kernel/json_tree.h), which treats
 * some number literals in its own way; this rewrites such literals so that json_decode() gives
 * the same values, and the PHP edition the same variables:
 *  - integers above int64 but within uint64 are unsigned numbers (marked "\0U<digits>", read by
 *    ReportParser as a number);
 *  - integers beyond 64 bits (18446744073709551616, -9223372036854775809) are floats, as
 *    json_decode() gives them;
 *  - a literal too big even for a float (1e999) makes the whole text fail; then, as the C++
 *    edition does, every literal that does not fit int64, uint64 or double (also 1e-400) and is
 *    no integer read as a float is quoted and read as text, and the rest parsed again.
 */
final class PocoNumbers
{
    /** Marks a string that stands for an unsigned 64-bit number literal. */
    public const UNSIGNED_MARK = "\0U";

    private const UINT64_MAX = '18446744073709551615';

    public static function rewrite(string $json, JsonSyntax $syntax): string
    {
        $replacements = [];
        $pocoFails = false;
        foreach ($syntax->numbers as [$begin, $end, $integer]) {
            $literal = substr($json, $begin, $end - $begin);
            $poco = self::pocoLiteral($literal, $integer);
            if ($poco === null) {
                $pocoFails = true;
            }
            $replacements[] = [$begin, $end, $literal, $integer, $poco];
        }
        $out = '';
        $copied = 0;
        foreach ($replacements as [$begin, $end, $literal, $integer, $poco]) {
            if ($poco !== null && $poco !== $literal) {
                $text = $poco;
            } elseif ($pocoFails && !JsonSyntax::fits($literal, $integer)) {
                $text = '"' . $literal . '"';
            } else {
                continue;
            }
            $out .= substr($json, $copied, $begin - $copied) . $text;
            $copied = $end;
        }
        return $out . substr($json, $copied);
    }

    /** The JSON text giving the C++ edition's value for a literal, null when it refuses it. */
    private static function pocoLiteral(string $literal, bool $integer): ?string
    {
        if (!$integer) {
            return is_infinite((float) $literal) ? null : $literal;
        }
        if (NumberText::fitsInt64($literal)) {
            return $literal;
        }
        if (JsonSyntax::fits($literal, true)) {
            return json_encode(self::UNSIGNED_MARK . $literal); // above int64, within uint64
        }
        // Beyond 64 bits: still a number, a float (as json_decode() gives), unless too big for one.
        return is_infinite((float) $literal) ? null : $literal . '.0';
    }
}

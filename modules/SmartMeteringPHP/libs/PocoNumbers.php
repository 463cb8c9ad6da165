<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/NumberText.php';
require_once __DIR__ . '/JsonSyntax.php';

/**
 * The C++ edition reads reports with Poco's JSON parser, which treats some number literals in
 * its own way; this rewrites such literals so that json_decode() gives the same values, and the
 * PHP edition the same variables:
 *  - integers above int64 but within uint64 are unsigned numbers (marked "\0U<digits>", read by
 *    ReportParser as a number);
 *  - a 20-digit integer just above uint64 wraps around (18446744073709551616 -> 0);
 *  - a negative integer below -2^53 goes through a double (-9007199254740993 -> ...992), and one
 *    just below int64 becomes int64's minimum;
 *  - a literal Poco refuses (beyond these, or a real beyond double) makes the whole text fail;
 *    then, as the C++ edition does, every literal that does not fit int64, uint64 or double
 *    (also 1e-400) is quoted and read as text, and the rest parsed again.
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
            if ($pocoFails && !JsonSyntax::fits($literal, $integer)) {
                $text = '"' . $literal . '"';
            } elseif ($poco !== null && $poco !== $literal) {
                $text = $poco;
            } else {
                continue;
            }
            $out .= substr($json, $copied, $begin - $copied) . $text;
            $copied = $end;
        }
        return $out . substr($json, $copied);
    }

    /** The JSON text giving Poco's value for a literal, null when Poco refuses it. */
    private static function pocoLiteral(string $literal, bool $integer): ?string
    {
        if (!$integer) {
            return is_infinite((float) $literal) ? null : $literal;
        }
        if ($literal[0] === '-') {
            $magnitude = substr($literal, 1);
            // Poco checks the prefix against (2^63)/10 before each digit, and then converts the
            // magnitude through a double.
            if (strlen($magnitude) > 19 || (strlen($magnitude) === 19 && strcmp(substr($magnitude, 0, 18), '922337203685477580') > 0)) {
                return null;
            }
            return (string) (int) -(float) $magnitude;
        }
        if (NumberText::fitsInt64($literal)) {
            return $literal;
        }
        if (strlen($literal) > 20 || (strlen($literal) === 20 && strcmp(substr($literal, 0, 19), '1844674407370955161') > 0)) {
            return null;
        }
        if (strlen($literal) === 20 && strcmp($literal, self::UINT64_MAX) > 0) {
            return (string) ((int) $literal[19] - 6); // wrapped around 2^64
        }
        return json_encode(self::UNSIGNED_MARK . $literal);
    }
}

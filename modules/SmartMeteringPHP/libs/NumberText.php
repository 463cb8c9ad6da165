<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * Strict, locale-independent number reading and writing for report values.
 * The logger may send any value as a JSON number or as a string; both end up here.
 * Mirrors the C++ edition (common/number_text.h) digit for digit.
 */
final class NumberText
{
    public const OK = 'ok';
    public const NOT_A_NUMBER = 'not a number';
    public const NOT_FINITE = 'not finite';
    public const OUT_OF_RANGE = 'out of range';

    private const INT64_MAX_DIGITS = '9223372036854775807';
    private const INT64_MIN_DIGITS = '9223372036854775808';

    /**
     * Reads a decimal number: optional sign, digits, optional fraction and exponent.
     * Surrounding ASCII blanks are ignored.
     * @return array{status: string, value: float, integer: ?int}
     */
    public static function parse(string $text): array
    {
        $s = trim($text, " \t\r\n");
        if (isset($s[0]) && !isset($s[17]) && strspn($s, '0123456789') === strlen($s)) {
            $i = (int) $s; // the common case: a short plain integer
            return ['status' => self::OK, 'value' => (float) $i, 'integer' => $i];
        }
        if (isset($s[1]) && !isset($s[17]) && strspn($s, '0123456789.') === strlen($s) && substr_count($s, '.') === 1) {
            // A short plain decimal ("0.1", "230.", ".5"): what the full reading below gives (too
            // short to leave the double range), without its patterns.
            return ['status' => self::OK, 'value' => (float) $s, 'integer' => null];
        }
        $out = ['status' => self::NOT_A_NUMBER, 'value' => 0.0, 'integer' => null];
        if (self::looksNonFinite($s)) {
            $out['status'] = self::NOT_FINITE;
            return $out;
        }
        if (!preg_match('/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/', $s)) {
            return $out;
        }
        if ($s[0] === '+') {
            $s = substr($s, 1);
        }
        if (preg_match('/^-?\d+$/', $s) && self::fitsInt64($s)) {
            $i = (int) $s;
            return ['status' => self::OK, 'value' => (float) $i, 'integer' => $i];
        }
        $d = (float) $s;
        if (is_infinite($d) || ($d == 0.0 && preg_match('/[1-9]/', preg_replace('/[eE].*$/', '', $s)))) {
            // Beyond double range, either way (as std::from_chars reports it).
            $out['status'] = self::OUT_OF_RANGE;
            return $out;
        }
        return ['status' => self::OK, 'value' => $d, 'integer' => null];
    }

    /** A plain decimal integer literal (sign optional) that fits int64. */
    public static function fitsInt64(string $s): bool
    {
        $negative = $s !== '' && $s[0] === '-';
        $digits = ltrim($negative ? substr($s, 1) : $s, '0');
        if ($digits === '') {
            return true;
        }
        $limit = $negative ? self::INT64_MIN_DIGITS : self::INT64_MAX_DIGITS;
        return strlen($digits) < 19 || (strlen($digits) === 19 && strcmp($digits, $limit) <= 0);
    }

    private static function looksNonFinite(string $s): bool
    {
        if ($s !== '' && ($s[0] === '+' || $s[0] === '-')) {
            $s = substr($s, 1);
        }
        $lower = strtolower($s);
        return $lower === 'nan' || $lower === 'inf' || $lower === 'infinity';
    }

    /**
     * Shortest digits that read back as the same double: [digits, exponent] with
     * value = d.ddd x 10^exponent (digits without sign or point).
     * @return array{0: string, 1: int}
     */
    private static function shortestDigits(float $value): array
    {
        $abs = abs($value);
        for ($precision = 0; $precision < 17; $precision++) {
            $text = sprintf('%.' . $precision . 'e', $abs);
            if ((float) $text === $abs) {
                break;
            }
        }
        [$mantissa, $exponent] = explode('e', $text);
        $digits = rtrim(str_replace('.', '', $mantissa), '0');
        return [$digits === '' ? '0' : $digits, (int) $exponent];
    }

    /** Shortest text that reads back as the same double ("0.1", "12345670", "1e+300"), as std::to_chars. */
    public static function format(float $value): string
    {
        if (is_nan($value)) {
            return 'nan';
        }
        if (is_infinite($value)) {
            return $value < 0 ? '-inf' : 'inf';
        }
        $sign = ($value < 0 || ($value == 0.0 && fdiv(1.0, $value) < 0)) ? '-' : '';
        if ($value == 0.0) {
            return $sign . '0';
        }
        [$digits, $exponent] = self::shortestDigits($value);
        $count = strlen($digits);
        $scientific = $digits[0] . ($count > 1 ? '.' . substr($digits, 1) : '')
            . 'e' . ($exponent < 0 ? '-' : '+') . str_pad((string) abs($exponent), 2, '0', STR_PAD_LEFT);
        if ($exponent >= 0) {
            $fixed = $count > $exponent + 1
                ? substr($digits, 0, $exponent + 1) . '.' . substr($digits, $exponent + 1)
                : ltrim(sprintf('%.0f', abs($value)), '-'); // exact digits, as std::to_chars writes them
        } else {
            $fixed = '0.' . str_repeat('0', -$exponent - 1) . $digits;
        }
        return $sign . (strlen($fixed) <= strlen($scientific) ? $fixed : $scientific);
    }

    /**
     * VAL x SCALE. A power-of-ten scale is applied by multiplying or dividing by an
     * exact power of ten, so 8423 x 0.1 gives the double nearest to 842.3.
     */
    public static function applyScale(float $raw, float $scale): float
    {
        $divisor = self::scaleDivisor($scale);
        return $divisor === null ? $raw * $scale : $raw / $divisor;
    }

    /** The power of ten applyScale() divides by for this scale (1e-k gives 1e+k), else null. */
    public static function scaleDivisor(float $scale): ?float
    {
        static $divisors = null; // the bits of 1e-k => 1e+k, k = 1..15 (literals are correctly rounded)
        if ($divisors === null) {
            for ($k = 1; $k <= 15; $k++) {
                $divisors[pack('E', (float) ('1e-' . $k))] = (float) ('1e' . $k);
            }
        }
        return $scale < 1.0 ? ($divisors[pack('E', $scale)] ?? null) : null;
    }

    /** Decimal places a SCALE introduces: 0.001 -> 3, 0.1 -> 1, 0.25 -> 2, >= 1 -> 0; at most 10. */
    public static function decimalsOfScale(float $scale): int
    {
        static $known = [];
        if (!($scale > 0.0) || !is_finite($scale) || $scale >= 1.0) {
            return 0;
        }
        $key = bin2hex(pack('E', $scale));
        return $known[$key] ??= self::decimalsOf($scale);
    }

    private static function decimalsOf(float $scale): int
    {
        [$digits, $exponent] = self::shortestDigits($scale);
        $decimals = strlen($digits) - 1 - $exponent;
        // The C++ edition writes the fixed text into 64 characters; a longer one gives 0.
        if (2 + $decimals > 64) {
            return 0;
        }
        return min(10, max(0, $decimals));
    }

    /** Round half away from zero, as C's llround (PHP's round() pre-rounds). */
    public static function roundToInt(float $value): int
    {
        $abs = abs($value);
        $floor = floor($abs);
        $rounded = ($abs - $floor >= 0.5) ? $floor + 1.0 : $floor;
        return (int) ($value < 0 ? -$rounded : $rounded);
    }
}

<?php

declare(strict_types=1);

namespace SmartMetering;

/**
 * A small JSON syntax checker. json_decode() says neither where a text breaks nor which
 * number literal did not fit a double; this finds both, so a refused report names the place
 * ("unexpected ',' at line 1 column 20") and an oversized number can be quoted and read as text.
 */
final class JsonSyntax
{
    /** Bytes 0x80-0xFF: a string scan stops there to check the UTF-8 sequence. */
    private const HIGH_BYTES = "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
        . "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
        . "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"
        . "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf"
        . "\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf"
        . "\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf"
        . "\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef"
        . "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff";

    public bool $ok = true;
    public string $error = '';
    public int $errorOffset = 0;
    /** @var array<int, array{0: int, 1: int}> [begin, end) of number literals that do not fit */
    public array $oversizedNumbers = [];
    /** @var array<int, array{0: int, 1: int, 2: bool}> [begin, end, is an integer] of every number literal */
    public array $numbers = [];

    private string $s;
    private int $length;
    private int $pos = 0;

    private function __construct(string $text, private int $maxDepth)
    {
        $this->s = $text;
        $this->length = strlen($text);
    }

    public static function check(string $text, int $maxDepth = 1000): self
    {
        $checker = new self($text, $maxDepth);
        $checker->run();
        return $checker;
    }

    /** "line L column C" of a byte offset (1-based, columns count bytes). */
    public static function describePosition(string $text, int $offset): string
    {
        $before = substr($text, 0, min($offset, strlen($text)));
        $line = substr_count($before, "\n") + 1;
        $lastBreak = strrpos($before, "\n");
        $column = strlen($before) - ($lastBreak === false ? 0 : $lastBreak + 1) + 1;
        return 'line ' . $line . ' column ' . $column;
    }

    /** The text with each [begin, end) span wrapped in quotes. */
    public static function quoteSpans(string $text, array $spans): string
    {
        $out = '';
        $copied = 0;
        foreach ($spans as [$begin, $end]) {
            $out .= substr($text, $copied, $begin - $copied) . '"' . substr($text, $begin, $end - $begin) . '"';
            $copied = $end;
        }
        return $out . substr($text, $copied);
    }

    private function run(): void
    {
        $this->skipBlanks();
        if ($this->pos >= $this->length) {
            $this->fail('empty text');
            return;
        }
        if (!$this->value(0)) {
            return;
        }
        $this->skipBlanks();
        if ($this->pos < $this->length) {
            $this->fail('unexpected ' . self::shown($this->s[$this->pos]) . ' after the end of the JSON value');
        }
    }

    private static function shown(string $c): string
    {
        $o = ord($c);
        return ($o < 0x20 || $o >= 0x7f) ? sprintf('byte 0x%02X', $o) : "'" . $c . "'";
    }

    private function fail(string $message): bool
    {
        $this->ok = false;
        $this->errorOffset = $this->pos;
        $this->error = $message;
        return false;
    }

    private function atEnd(): bool
    {
        return $this->pos >= $this->length;
    }

    private function unexpected(): bool
    {
        return $this->atEnd() ? $this->fail('unexpected end of text')
            : $this->fail('unexpected ' . self::shown($this->s[$this->pos]));
    }

    private function skipBlanks(): void
    {
        $this->pos += strspn($this->s, " \t\n\r", $this->pos);
    }

    private function value(int $depth): bool
    {
        $this->skipBlanks();
        if ($this->atEnd()) {
            return $this->unexpected();
        }
        $c = $this->s[$this->pos];
        if ($c === '{' || $c === '[') {
            if ($depth >= $this->maxDepth) {
                return $this->fail('nested deeper than ' . $this->maxDepth);
            }
            return $c === '{' ? $this->object($depth + 1) : $this->array($depth + 1);
        }
        if ($c === '"') {
            return $this->string();
        }
        if ($c === '-' || ($c >= '0' && $c <= '9')) {
            return $this->number();
        }
        foreach (['true', 'false', 'null'] as $word) {
            if (substr_compare($this->s, $word, $this->pos, strlen($word)) === 0) {
                $this->pos += strlen($word);
                return true;
            }
        }
        return $this->unexpected();
    }

    private function object(int $depth): bool
    {
        $this->pos++; // '{'
        $this->skipBlanks();
        if (!$this->atEnd() && $this->s[$this->pos] === '}') {
            $this->pos++;
            return true;
        }
        for (;;) {
            $this->skipBlanks();
            if ($this->atEnd() || $this->s[$this->pos] !== '"') {
                return $this->atEnd() ? $this->unexpected()
                    : $this->fail('expected a key in quotes, found ' . self::shown($this->s[$this->pos]));
            }
            if (!$this->string()) {
                return false;
            }
            $this->skipBlanks();
            if ($this->atEnd() || $this->s[$this->pos] !== ':') {
                return $this->atEnd() ? $this->unexpected()
                    : $this->fail("expected ':', found " . self::shown($this->s[$this->pos]));
            }
            $this->pos++;
            if (!$this->value($depth)) {
                return false;
            }
            $this->skipBlanks();
            if ($this->atEnd()) {
                return $this->unexpected();
            }
            if ($this->s[$this->pos] === ',') {
                $this->pos++;
                continue;
            }
            if ($this->s[$this->pos] === '}') {
                $this->pos++;
                return true;
            }
            return $this->fail("expected ',' or '}', found " . self::shown($this->s[$this->pos]));
        }
    }

    private function array(int $depth): bool
    {
        $this->pos++; // '['
        $this->skipBlanks();
        if (!$this->atEnd() && $this->s[$this->pos] === ']') {
            $this->pos++;
            return true;
        }
        for (;;) {
            if (!$this->value($depth)) {
                return false;
            }
            $this->skipBlanks();
            if ($this->atEnd()) {
                return $this->unexpected();
            }
            if ($this->s[$this->pos] === ',') {
                $this->pos++;
                continue;
            }
            if ($this->s[$this->pos] === ']') {
                $this->pos++;
                return true;
            }
            return $this->fail("expected ',' or ']', found " . self::shown($this->s[$this->pos]));
        }
    }

    private function string(): bool
    {
        $this->pos++; // opening quote
        while (!$this->atEnd()) {
            // Skip plain text in one step.
            $this->pos += strcspn($this->s, "\"\\\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                . "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" . self::HIGH_BYTES, $this->pos);
            if ($this->atEnd()) {
                break;
            }
            $c = $this->s[$this->pos];
            if ($c === '"') {
                $this->pos++;
                return true;
            }
            if (ord($c) < 0x20) {
                return $this->fail('control character ' . self::shown($c) . ' inside a string');
            }
            if (ord($c) >= 0x80) {
                $n = $this->utf8Sequence();
                if ($n === 0) {
                    return $this->fail('invalid UTF-8 ' . self::shown($c) . ' inside a string');
                }
                $this->pos += $n;
                continue;
            }
            // A backslash.
            $this->pos++;
            if ($this->atEnd()) {
                return $this->unexpected();
            }
            $e = $this->s[$this->pos];
            if ($e === 'u') {
                for ($i = 1; $i <= 4; $i++) {
                    if ($this->pos + $i >= $this->length || strspn($this->s[$this->pos + $i], '0123456789abcdefABCDEF') !== 1) {
                        $this->pos += $i;
                        return $this->fail('bad \\u escape');
                    }
                }
                $unit = $this->escapeUnit();
                if ($unit >= 0xDC00 && $unit <= 0xDFFF) {
                    $this->pos--;
                    return $this->fail('unpaired surrogate in a \\u escape');
                }
                $this->pos += 4;
                if ($unit >= 0xD800 && $unit <= 0xDBFF) { // a high surrogate: its low half must follow
                    $after = $this->pos + 1;
                    $paired = false;
                    if ($this->pos + 2 < $this->length && $this->s[$this->pos + 1] === '\\' && $this->s[$this->pos + 2] === 'u') {
                        $this->pos += 2;
                        $low = $this->escapeUnit();
                        $paired = $low >= 0xDC00 && $low <= 0xDFFF;
                    }
                    if (!$paired) {
                        $this->pos = $after;
                        return $this->fail('unpaired surrogate in a \\u escape');
                    }
                    $this->pos += 4;
                }
            } elseif (strpos("\"\\/bfnrt", $e) === false) {
                return $this->fail('bad escape \\' . $e);
            }
            $this->pos++;
        }
        return $this->fail('unterminated string');
    }

    /** The code unit of the \\uXXXX escape at pos (at the 'u'), -1 when malformed. */
    private function escapeUnit(): int
    {
        if ($this->pos + 4 >= $this->length) {
            return -1;
        }
        $hex = substr($this->s, $this->pos + 1, 4);
        return strspn($hex, '0123456789abcdefABCDEF') === 4 ? (int) hexdec($hex) : -1;
    }

    /**
     * Length of the well-formed UTF-8 sequence at pos (RFC 3629: no overlongs, no surrogates,
     * nothing beyond U+10FFFF), 0 when it is not one; as the C++ edition's checker.
     */
    private function utf8Sequence(): int
    {
        $byte = fn (int $i): int => $this->pos + $i < $this->length ? ord($this->s[$this->pos + $i]) : 0;
        $cont = fn (int $i, int $lo = 0x80, int $hi = 0xBF): bool => $byte($i) >= $lo && $byte($i) <= $hi;
        $c = $byte(0);
        if ($c >= 0xC2 && $c <= 0xDF) {
            return $cont(1) ? 2 : 0;
        }
        if ($c === 0xE0) {
            return $cont(1, 0xA0) && $cont(2) ? 3 : 0;
        }
        if (($c >= 0xE1 && $c <= 0xEC) || $c === 0xEE || $c === 0xEF) {
            return $cont(1) && $cont(2) ? 3 : 0;
        }
        if ($c === 0xED) {
            return $cont(1, 0x80, 0x9F) && $cont(2) ? 3 : 0;
        }
        if ($c === 0xF0) {
            return $cont(1, 0x90) && $cont(2) && $cont(3) ? 4 : 0;
        }
        if ($c >= 0xF1 && $c <= 0xF3) {
            return $cont(1) && $cont(2) && $cont(3) ? 4 : 0;
        }
        if ($c === 0xF4) {
            return $cont(1, 0x80, 0x8F) && $cont(2) && $cont(3) ? 4 : 0;
        }
        return 0;
    }

    private function digits(): int
    {
        $n = strspn($this->s, '0123456789', $this->pos);
        $this->pos += $n;
        return $n;
    }

    private function number(): bool
    {
        $begin = $this->pos;
        if ($this->s[$this->pos] === '-') {
            $this->pos++;
        }
        if (!$this->atEnd() && $this->s[$this->pos] === '0') {
            $this->pos++;
        } elseif ($this->digits() === 0) {
            return $this->unexpected();
        }
        $integer = true;
        if (!$this->atEnd() && $this->s[$this->pos] === '.') {
            $this->pos++;
            $integer = false;
            if ($this->digits() === 0) {
                return $this->unexpected();
            }
        }
        if (!$this->atEnd() && ($this->s[$this->pos] === 'e' || $this->s[$this->pos] === 'E')) {
            $this->pos++;
            $integer = false;
            if (!$this->atEnd() && ($this->s[$this->pos] === '+' || $this->s[$this->pos] === '-')) {
                $this->pos++;
            }
            if ($this->digits() === 0) {
                return $this->unexpected();
            }
        }
        $this->numbers[] = [$begin, $this->pos, $integer];
        if (!self::fits(substr($this->s, $begin, $this->pos - $begin), $integer)) {
            $this->oversizedNumbers[] = [$begin, $this->pos];
        }
        return true;
    }

    /** Integers must fit int64 or uint64, other numbers a double (as the C++ edition's JSON reader). */
    public static function fits(string $literal, bool $integer): bool
    {
        if ($integer) {
            if (NumberText::fitsInt64($literal)) {
                return true;
            }
            $digits = ltrim($literal, '0');
            return $literal[0] !== '-' && (strlen($digits) < 20
                || (strlen($digits) === 20 && strcmp($digits, '18446744073709551615') <= 0));
        }
        return NumberText::parse($literal)['status'] === NumberText::OK;
    }
}

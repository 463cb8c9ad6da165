<?php

declare(strict_types=1);

namespace SmartMetering;

/** Small text helpers the modules share. */
final class Text
{
    /**
     * The inverse of Symcon's MQTT payload mapping (each byte -> U+0000..U+00FF in UTF-8):
     * what utf8_decode() does, without its PHP 8.2 deprecation. Code points above U+00FF and
     * broken sequences become '?'.
     */
    public static function utf8Decode(string $text): string
    {
        // All ASCII (the usual payload): one possessive run over the whole text, which PCRE's JIT
        // runs about twice as fast as searching for the first byte above 0x7F.
        if (preg_match('/^[\x00-\x7f]*+$/D', $text)) {
            return $text;
        }
        $out = '';
        $length = strlen($text);
        for ($i = 0; $i < $length;) {
            $c = ord($text[$i]);
            if ($c < 0x80) {
                $out .= $text[$i++];
                continue;
            }
            $len = ($c & 0xE0) === 0xC0 ? 2 : (($c & 0xF0) === 0xE0 ? 3 : (($c & 0xF8) === 0xF0 ? 4 : 1));
            $cp = $len === 2 ? ($c & 0x1F) : ($len === 3 ? ($c & 0x0F) : ($c & 0x07));
            $ok = $len > 1 && $i + $len <= $length;
            for ($k = 1; $ok && $k < $len; $k++) {
                $cc = ord($text[$i + $k]);
                if (($cc & 0xC0) !== 0x80) {
                    $ok = false;
                }
                $cp = ($cp << 6) | ($cc & 0x3F);
            }
            $out .= ($ok && $cp <= 0xFF) ? chr($cp) : '?';
            $i += $ok ? $len : 1;
        }
        return $out;
    }

    public static function json($value): string
    {
        return json_encode($value, Guids::JSON_FLAGS | JSON_INVALID_UTF8_SUBSTITUTE);
    }
}

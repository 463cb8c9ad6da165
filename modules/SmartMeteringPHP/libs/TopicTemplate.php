<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/ReportSchema.php';

/**
 * MQTT topic layout of a SmartLog [A]: a template such as "SmartLog/{SmartLogID}/#" with exactly
 * one {SmartLogID} placeholder. Level by level: literal text, "+" (any one level), "#" (last level
 * only: any further levels, also none), or "pre{SmartLogID}post". "SmartLog/SL-1",
 * "SmartLog/SL-1/report" and "SmartLog/SL-1/<METER_ID>" all belong to SL-1.
 */
final class TopicTemplate
{
    public const PLACEHOLDER = '{SmartLogID}';

    private const LITERAL = 0;
    private const ANY_ONE = 1;
    private const ID = 2;

    // One character of JSON string content other than '/', or an escape pair.
    private const ANY_LEVEL_REGEX = '(?:[^/"\\\\]|\\\\.)*';
    private const ANY_REST_REGEX = '(?:[^"\\\\]|\\\\.)*';
    // Any JSON string text without '/' (a logger ID inside a topic).
    private const ANY_ID_REGEX = '(?:[^"/\\\\]|\\\\.)+';

    /** @var array<int, array{kind: int, text: string, suffix: string}> */
    private array $levels = [];
    private bool $trailingHash = false;

    /** @throws \InvalidArgumentException for a template without exactly one placeholder, a '#' not last, '+'/'#' inside a level */
    public function __construct(private string $pattern = ReportSchema::TOPIC_TEMPLATE,
                                private string $reportLevel = ReportSchema::REPORT_TOPIC_LEVEL)
    {
        $parts = explode('/', $pattern);
        $placeholders = 0;
        foreach ($parts as $i => $part) {
            if ($part === '#') {
                if ($i + 1 !== count($parts)) {
                    throw new \InvalidArgumentException("topic template '" . $pattern . "': '#' must be the last level");
                }
                $this->trailingHash = true;
                continue;
            }
            $level = ['kind' => self::LITERAL, 'text' => $part, 'suffix' => ''];
            if ($part === '+') {
                $level['kind'] = self::ANY_ONE;
            } elseif (strpos($part, '+') !== false || strpos($part, '#') !== false) {
                throw new \InvalidArgumentException("topic template '" . $pattern . "': '+' and '#' must fill a whole level");
            } elseif (($at = strpos($part, self::PLACEHOLDER)) !== false) {
                $level['kind'] = self::ID;
                $level['text'] = substr($part, 0, $at);
                $level['suffix'] = substr($part, $at + strlen(self::PLACEHOLDER));
                $placeholders += strpos($level['suffix'], self::PLACEHOLDER) !== false ? 2 : 1;
            }
            $this->levels[] = $level;
        }
        if ($placeholders !== 1) {
            throw new \InvalidArgumentException("topic template '" . $pattern . "' must contain " . self::PLACEHOLDER . ' exactly once');
        }
    }

    /**
     * The template of a pattern, made once per pattern and kept (templates are immutable; a
     * gateway reads its pattern for every message).
     * @throws \InvalidArgumentException as the constructor
     */
    public static function of(string $pattern): self
    {
        static $made = [];
        if (!isset($made[$pattern])) {
            if (count($made) >= 16) {
                $made = [];
            }
            $made[$pattern] = new self($pattern);
        }
        return $made[$pattern];
    }

    public function pattern(): string
    {
        return $this->pattern;
    }

    /**
     * The logger ID of a topic, the rest after '#' and whether it is a whole report; null when the
     * topic does not fit the template.
     * @return array{SmartLogID: string, Rest: string, WholeReport: bool}|null
     */
    public function match(string $topic): ?array
    {
        $parts = explode('/', $topic);
        $count = count($this->levels);
        if (count($parts) < $count || (!$this->trailingHash && count($parts) !== $count)) {
            return null;
        }
        $id = '';
        foreach ($this->levels as $i => $level) {
            $part = $parts[$i];
            if ($level['kind'] === self::LITERAL && $part !== $level['text']) {
                return null;
            }
            if ($level['kind'] === self::ID) {
                $fixed = strlen($level['text']) + strlen($level['suffix']);
                if (strlen($part) <= $fixed || strncmp($part, $level['text'], strlen($level['text'])) !== 0
                    || ($level['suffix'] !== '' && substr($part, -strlen($level['suffix'])) !== $level['suffix'])) {
                    return null;
                }
                $id = substr($part, strlen($level['text']), strlen($part) - $fixed);
            }
        }
        $rest = count($parts) > $count ? implode('/', array_slice($parts, $count)) : '';
        return ['SmartLogID' => $id, 'Rest' => $rest, 'WholeReport' => $rest === '' || $rest === $this->reportLevel];
    }

    /**
     * Regex for the receive filter of an MQTT Server child: it matches the data-flow JSON text
     * ("Topic":"SmartLog/SL-1/...", '/' unescaped) of this logger's topics only. The ID is
     * JSON-escaped, then regex-escaped, so "SL-1" matches neither "SLx1" nor "SL-10".
     */
    public function receiveFilter(string $smartLogId): string
    {
        return $this->filterWithId(self::regexLiteral($smartLogId));
    }

    /**
     * Regex for the receive filter of a child that wants every logger's topics except those of
     * $exceptIds (the discovery: loggers that have their SmartLog already). The ID is any JSON
     * string text without '/', but not exactly one of these IDs (escaped as in receiveFilter).
     * @param list<string> $exceptIds
     */
    public function receiveFilterExcept(array $exceptIds): string
    {
        $except = '';
        if ($exceptIds !== []) {
            $ids = array_map([self::class, 'regexLiteral'], $exceptIds);
            $except = '(?!(?:' . implode('|', $ids) . ')' . $this->idSuffixRegex() . '(?:/|"))';
        }
        return $this->filterWithId($except . self::ANY_ID_REGEX);
    }

    private function idSuffixRegex(): string
    {
        foreach ($this->levels as $level) {
            if ($level['kind'] === self::ID) {
                return self::regexLiteral($level['suffix']);
            }
        }
        return '';
    }

    /** The filter with $idRegex standing for the logger ID inside its level. */
    private function filterWithId(string $idRegex): string
    {
        $body = [];
        foreach ($this->levels as $level) {
            switch ($level['kind']) {
                case self::LITERAL:
                    $body[] = self::regexLiteral($level['text']);
                    break;
                case self::ANY_ONE:
                    $body[] = self::ANY_LEVEL_REGEX;
                    break;
                default:
                    $body[] = self::regexLiteral($level['text']) . $idRegex . self::regexLiteral($level['suffix']);
            }
        }
        $regex = implode('/', $body);
        if ($this->trailingHash) {
            $regex .= '(?:/' . self::ANY_REST_REGEX . ')?';
        }
        return '.*"Topic":"' . $regex . '".*';
    }

    /** MQTT subscription for one logger ("SmartLog/SL-000123/#"). */
    public function subscription(string $smartLogId): string
    {
        $out = [];
        foreach ($this->levels as $level) {
            $out[] = $level['kind'] === self::LITERAL ? $level['text']
                : ($level['kind'] === self::ANY_ONE ? '+' : $level['text'] . $smartLogId . $level['suffix']);
        }
        return implode('/', $out) . ($this->trailingHash ? '/#' : '');
    }

    /** Escapes the regex metacharacters \ ^ $ . | ? * + ( ) [ ] { }. */
    public static function escapeRegex(string $text): string
    {
        return addcslashes($text, '\\^$.|?*+()[]{}');
    }

    /** JSON string content as an encoder writes it ('/' and non-ASCII left alone). */
    public static function jsonEscape(string $text): string
    {
        $out = '';
        $length = strlen($text);
        for ($i = 0; $i < $length; $i++) {
            $c = $text[$i];
            $o = ord($c);
            if ($c === '"' || $c === '\\') {
                $out .= '\\' . $c;
            } elseif ($o < 0x20) {
                $short = ["\x08" => '\\b', "\x0c" => '\\f', "\n" => '\\n', "\r" => '\\r', "\t" => '\\t'];
                $out .= $short[$c] ?? sprintf('\\u%04x', $o);
            } else {
                $out .= $c;
            }
        }
        return $out;
    }

    private static function regexLiteral(string $text): string
    {
        return self::escapeRegex(self::jsonEscape($text));
    }
}

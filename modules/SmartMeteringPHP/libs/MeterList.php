<?php

declare(strict_types=1);

namespace SmartMetering;

require_once __DIR__ . '/Guids.php';
require_once __DIR__ . '/Text.php';

/**
 * The meters a gateway has seen, as kept in its "Meters" attribute and handed to the
 * configurator (GetMeters). A meter is keyed by METER_ID and INTERFACE, because one ID can
 * appear on two interfaces. An entry: MeterID, Interface, Manufacturer, Type (medium text,
 * "System" for the logger's own record, "Unknown"), LastSeen, System, New.
 */
final class MeterList
{
    /**
     * A known meter's LastSeen moves only when a message comes this many seconds or more after it
     * (or the clock went back): the list is written whenever an entry changes, and rewriting all
     * of it for every second a meter reports was the largest write per message.
     */
    public const LAST_SEEN_STEP = 60;

    /** @var array<int, array> first-seen order */
    private array $entries = [];
    /** @var array<string, int> key => index */
    private array $index = [];

    public static function key(string $meterId, string $interface): string
    {
        return $meterId . "\x1f" . $interface;
    }

    /** @throws \UnexpectedValueException on anything but the expected array */
    public static function fromJson(string $json): self
    {
        if ($json === '') {
            return new self();
        }
        $list = json_decode($json, true);
        if (!is_array($list) || ($list !== [] && !array_is_list($list))) {
            throw new \UnexpectedValueException('meter list is not a JSON array');
        }
        return self::fromArray($list);
    }

    public static function fromArray(array $list): self
    {
        $meters = new self();
        foreach ($list as $item) {
            if (!is_array($item)) {
                throw new \UnexpectedValueException('meter list entry is not an object');
            }
            $entry = self::entryFrom($item);
            if ($entry['MeterID'] !== '') {
                $meters->upsert($entry);
            }
        }
        return $meters;
    }

    /** An entry with every attribute present, in the order and with the types toJson() writes. */
    private static function entryFrom(array $item): array
    {
        return [
            'MeterID' => (string) ($item['MeterID'] ?? ''),
            'Interface' => (string) ($item['Interface'] ?? ''),
            'Manufacturer' => (string) ($item['Manufacturer'] ?? ''),
            'Type' => (string) ($item['Type'] ?? ''),
            'LastSeen' => (int) ($item['LastSeen'] ?? 0),
            'System' => (bool) ($item['System'] ?? false),
            'New' => (bool) ($item['New'] ?? false),
        ];
    }

    /**
     * upsert() for each of $seenList, applied to the list's JSON text as toJson() wrote it,
     * without reading the other entries: a gateway with hundreds of meters would otherwise decode
     * and re-encode its whole list for every message. Gives the text toJson() would give after
     * fromJson() and the same upserts, the entries that were new (as find() gives them) and what
     * each seen meter's entry is now (by key()), or null when the text is not in the form toJson()
     * writes (then take that slow path).
     * An entry is found by its opening '{"MeterID":<id>,"Interface":<interface>,': a '"' inside
     * a JSON string is escaped, so that text only occurs where an entry begins.
     * @return array{0: string, 1: array<int, array>, 2: array<string, array>}|null
     */
    public static function upsertInJson(string $json, array $seenList): ?array
    {
        if ($json !== '[]' && (strncmp($json, '[{"MeterID":', 12) !== 0 || substr($json, -2) !== '}]')) {
            return null;
        }
        $added = [];
        $now = [];
        foreach ($seenList as $seen) {
            // json_encode() would substitute broken UTF-8, so two different IDs could look alike.
            if (!preg_match('//u', $seen['MeterID'] . $seen['Interface'])) {
                return null;
            }
            $head = '{"MeterID":' . Text::json($seen['MeterID']) . ',"Interface":' . Text::json($seen['Interface']) . ',';
            $start = strpos($json, $head);
            if ($start === false) {
                if ($seen['Type'] === '') {
                    $seen['Type'] = 'Unknown';
                }
                $entryJson = Text::json($seen);
                $json = $json === '[]' ? '[' . $entryJson . ']' : substr($json, 0, -1) . ',' . $entryJson . ']';
                $added[] = $seen;
                $now[self::key($seen['MeterID'], $seen['Interface'])] = $seen;
                continue;
            }
            $next = strpos($json, '},{"MeterID":', $start);
            $length = ($next === false ? strlen($json) - 1 : $next + 1) - $start;
            $old = substr($json, $start, $length);
            $item = json_decode($old, true);
            if (!is_array($item)) {
                return null;
            }
            $entry = self::entryFrom($item);
            if (Text::json($entry) !== $old) {
                return null;
            }
            $entry = self::updated($entry, $seen);
            $json = substr_replace($json, Text::json($entry), $start, $length);
            $now[self::key($seen['MeterID'], $seen['Interface'])] = $entry;
        }
        return [$json, $added, $now];
    }

    /**
     * Whether upsert() leaves $entry as it is for $seen: updated($entry, $seen) === $entry, read
     * off the fields for entries of the usual shape (the gateway asks this for every meter of
     * every message).
     */
    public static function keeps(array $entry, array $seen): bool
    {
        $manufacturer = $entry['Manufacturer'] ?? null;
        $type = $entry['Type'] ?? null;
        $lastSeen = $entry['LastSeen'] ?? null;
        $system = $entry['System'] ?? null;
        if (!is_string($manufacturer) || !is_string($type) || $type === '' || !is_int($lastSeen) || !is_bool($system)
            || !is_string($seen['Manufacturer']) || !is_string($seen['Type']) || !is_int($seen['LastSeen'])
            || !is_bool($seen['System']) || ($entry['MeterID'] ?? null) !== $seen['MeterID']
            || ($entry['Interface'] ?? null) !== $seen['Interface']) {
            return self::updated($entry, $seen) === $entry;
        }
        return ($seen['Manufacturer'] === '' || $seen['Manufacturer'] === $manufacturer)
            && ($seen['Type'] === '' || $seen['Type'] === $type)
            && !($seen['LastSeen'] < $lastSeen || $seen['LastSeen'] - $lastSeen >= self::LAST_SEEN_STEP)
            && $seen['System'] === $system;
    }

    /**
     * What a gateway notes of an entry as it last wrote it (its buffers "Seen..."), for
     * keepsNoted(): "<LastSeen>:<S|s><length of Manufacturer>:<Manufacturer><Type>", read with a
     * few string functions where the entry's JSON needed json_decode() for every meter of every
     * message. "" for an entry keeps() does not read off its fields (keepsNoted() then says false,
     * and the gateway reads the list).
     */
    public static function note(array $entry, string $meterId, string $interface): string
    {
        $manufacturer = $entry['Manufacturer'] ?? null;
        $type = $entry['Type'] ?? null;
        $lastSeen = $entry['LastSeen'] ?? null;
        $system = $entry['System'] ?? null;
        if (!is_string($manufacturer) || !is_string($type) || $type === '' || !is_int($lastSeen) || !is_bool($system)
            || ($entry['MeterID'] ?? null) !== $meterId || ($entry['Interface'] ?? null) !== $interface) {
            return '';
        }
        return $lastSeen . ':' . ($system ? 'S' : 's') . strlen($manufacturer) . ':' . $manufacturer . $type;
    }

    /**
     * keeps() of the entry a note() was made of, for a $seen of the gateway's own making (texts,
     * an integer LastSeen, a boolean System, the note's MeterID and Interface).
     */
    public static function keepsNoted(string $note, array $seen): bool
    {
        $colon = strpos($note, ':');
        if ($colon === false) {
            return false;
        }
        $lastSeen = (int) substr($note, 0, $colon);
        if ($seen['LastSeen'] < $lastSeen || $seen['LastSeen'] - $lastSeen >= self::LAST_SEEN_STEP) {
            return false;
        }
        $fields = substr($note, $colon + 1);
        $manufacturer = $seen['Manufacturer'];
        $type = $seen['Type'];
        if ($manufacturer !== '' && $type !== '') {
            // The usual message names both: the note is then the one it would give (built at once).
            $system = $seen['System'] ? 'S' : 's';
            $length = strlen($manufacturer);
            return $fields === "$system$length:$manufacturer$type";
        }
        $lengthEnd = strpos($fields, ':');
        $length = (int) substr($fields, 1, $lengthEnd - 1);
        return ($fields[0] === 'S') === $seen['System']
            && ($manufacturer === '' || $manufacturer === substr($fields, $lengthEnd + 1, $length))
            && ($type === '' || $type === substr($fields, $lengthEnd + 1 + $length));
    }

    /** What upsert() makes of an existing $entry for $seen. */
    public static function updated(array $entry, array $seen): array
    {
        $single = new self();
        $single->upsert($entry);
        $single->upsert($seen);
        return $single->entries[0];
    }

    public function toJson(): string
    {
        return Text::json($this->entries);
    }

    /** Adds or updates a meter; true when it was not known before. */
    public function upsert(array $seen): bool
    {
        $key = self::key($seen['MeterID'], $seen['Interface']);
        if (!isset($this->index[$key])) {
            if ($seen['Type'] === '') {
                $seen['Type'] = 'Unknown';
            }
            $this->index[$key] = count($this->entries);
            $this->entries[] = $seen;
            return true;
        }
        $entry = &$this->entries[$this->index[$key]];
        // Later messages may leave optional attributes out: keep what is already known.
        if ($seen['Manufacturer'] !== '') {
            $entry['Manufacturer'] = $seen['Manufacturer'];
        }
        if ($seen['Type'] !== '') {
            $entry['Type'] = $seen['Type'];
        }
        if ($seen['LastSeen'] < $entry['LastSeen'] || $seen['LastSeen'] - $entry['LastSeen'] >= self::LAST_SEEN_STEP) {
            $entry['LastSeen'] = $seen['LastSeen'];
        }
        $entry['System'] = $seen['System'];
        return false;
    }

    public function markAllSeen(): void
    {
        foreach ($this->entries as &$entry) {
            $entry['New'] = false;
        }
    }

    /** @return array<int, array> */
    public function entries(): array
    {
        return $this->entries;
    }

    public function find(string $meterId, string $interface): ?array
    {
        $key = self::key($meterId, $interface);
        return isset($this->index[$key]) ? $this->entries[$this->index[$key]] : null;
    }

    /** How many entries carry this METER_ID (more than one: the ID is on several interfaces). */
    public function countId(string $meterId): int
    {
        $n = 0;
        foreach ($this->entries as $entry) {
            $n += $entry['MeterID'] === $meterId ? 1 : 0;
        }
        return $n;
    }
}

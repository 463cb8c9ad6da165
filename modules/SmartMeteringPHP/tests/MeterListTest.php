<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/MeterList.php';

use PHPUnit\Framework\TestCase;
use SmartMetering\MeterList;

/**
 * MeterList::upsertInJson (the gateway's per-message path) gives exactly what the slow path
 * gives: fromJson, upsert each, toJson; and it declines texts toJson() did not write.
 */
final class MeterListTest extends TestCase
{
    private static function seen(string $id, string $interface, array $more = []): array
    {
        return array_merge(['MeterID' => $id, 'Interface' => $interface, 'Manufacturer' => 'BMT', 'Type' => 'Electricity',
            'LastSeen' => 1700000000, 'System' => false, 'New' => true], $more);
    }

    /** The slow path: [text, new entries as find() gives them, each seen meter's entry now]. */
    private static function slow(string $json, array $seenList): array
    {
        $meters = MeterList::fromJson($json);
        $added = [];
        foreach ($seenList as $seen) {
            if ($meters->upsert($seen)) {
                $added[] = $meters->find($seen['MeterID'], $seen['Interface']);
            }
        }
        $now = [];
        foreach ($seenList as $seen) {
            $now[MeterList::key($seen['MeterID'], $seen['Interface'])] = $meters->find($seen['MeterID'], $seen['Interface']);
        }
        return [$meters->toJson(), $added, $now];
    }

    public function testTextEditsGiveWhatDecodingGives(): void
    {
        $list = MeterList::fromArray([
            self::seen('00000001', '02', ['New' => false]),
            self::seen('00000002', '02', ['Manufacturer' => '', 'Type' => 'Unknown']),
            self::seen('00000001', '03'),  // the same ID on another interface
            self::seen('weird "id" },{"MeterID":', 'x/y', ['Manufacturer' => 'Ünï']),
            self::seen('SL-1', '', ['Type' => 'System', 'System' => true]),
        ])->toJson();
        $cases = [
            [self::seen('00000001', '02', ['LastSeen' => 1700000900])],               // first entry, new time
            [self::seen('00000001', '03', ['Manufacturer' => '', 'Type' => ''])],      // keeps what is known
            [self::seen('SL-1', '', ['Type' => 'System', 'System' => true, 'LastSeen' => 5])],  // last entry
            [self::seen('weird "id" },{"MeterID":', 'x/y', ['Type' => 'Gas'])],
            [self::seen('00000009', '02', ['Type' => ''])],                             // new: Type "Unknown"
            [self::seen('00000002', '02', ['Manufacturer' => 'ABC', 'System' => true]), self::seen('00000010', '04'),
                self::seen('00000010', '04', ['LastSeen' => 1700000005])],              // new, then updated
            [self::seen('00000001', '02')],                                             // nothing changes
        ];
        foreach ($cases as $i => $seenList) {
            $this->assertSame(self::slow($list, $seenList), MeterList::upsertInJson($list, $seenList), "case $i");
            // What an entry becomes, as the gateway checks it before reading the list at all.
            $entries = MeterList::fromJson($list);
            foreach ($seenList as $seen) {
                $before = $entries->find($seen['MeterID'], $seen['Interface']);
                if ($before !== null) {
                    $entries->upsert($seen);
                    $this->assertSame($entries->find($seen['MeterID'], $seen['Interface']), MeterList::updated($before, $seen));
                }
            }
        }
        $this->assertSame(self::slow('[]', [self::seen('A', '')]), MeterList::upsertInJson('[]', [self::seen('A', '')]));
    }

    public function testTextsNotWrittenByToJsonAreDeclined(): void
    {
        $seen = [self::seen('00000001', '02')];
        $this->assertNull(MeterList::upsertInJson('', $seen));
        $this->assertNull(MeterList::upsertInJson('{}', $seen));
        $this->assertNull(MeterList::upsertInJson('[ ]', $seen));
        // Another key order, a missing attribute, a number as text: the entry is not as toJson() writes it.
        $this->assertNull(MeterList::upsertInJson('[{"MeterID":"00000001","Interface":"02","Type":"x","Manufacturer":"",'
            . '"LastSeen":1,"System":false,"New":true}]', $seen));
        $this->assertNull(MeterList::upsertInJson('[{"MeterID":"00000001","Interface":"02","Manufacturer":""}]', $seen));
        $this->assertNull(MeterList::upsertInJson('[{"MeterID":"00000001","Interface":"02","Manufacturer":"",'
            . '"Type":"x","LastSeen":"1","System":false,"New":true}]', $seen));
        // Broken UTF-8 in an ID: json_encode would substitute it, so the text cannot tell IDs apart.
        $this->assertNull(MeterList::upsertInJson('[]', [self::seen("\xff", '02')]));
    }
}

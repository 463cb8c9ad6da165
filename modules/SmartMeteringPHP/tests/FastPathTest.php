<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/ReportParser.php';
require_once __DIR__ . '/../libs/VariableMapper.php';
require_once __DIR__ . '/../libs/MeterList.php';
require_once __DIR__ . '/../libs/TopicTemplate.php';
require_once __DIR__ . '/../libs/MeterPacket.php';
require_once __DIR__ . '/harness/ReadingText.php';

use PHPUnit\Framework\TestCase;
use SmartMetering\Report;
use SmartMetering\ReportParser;
use SmartMetering\MeterList;
use SmartMetering\MeterPacket;
use SmartMetering\PlainReportReader;
use SmartMetering\TopicTemplate;
use SmartMetering\VariableMapper;

/**
 * The fast paths give what the general paths give: ReportParser::decode() skips the number
 * rewriting for texts without long digit runs or 3-digit exponents, readPlainData() reads the
 * usual record without the general checks of readFullData(), VariableMapper::mapRecord() copies
 * the variable of a layout it met before instead of mapping it again (mapRecordFully()),
 * MeterList::keeps() answers what comparing MeterList::updated() with the entry answers, and
 * TopicTemplate::of() gives templates that match as new ones do, MeterPacket::parse() gives
 * what MeterPacket::parseFully() gives (the packet, or the same refusal), and the gateway's
 * reading (ReportParser::parse($json, true), PlainReportReader) gives the report, the issues and
 * the meter packets of the full reading.
 */
final class FastPathTest extends TestCase
{
    /** Record attribute variants, plain ones and ones the fast path must leave to the general one. */
    private const VARIANTS = [
        'DESCRIPTION' => [null, '"Energy"', '"Wärme 1"', '""', '5', '18446744073709551615', '["x"]', '"\u0000Ux"'],
        'FUNCTION' => [null, '"Instantaneous value"', '"Maximum value"', '7', '{}'],
        'MEDIUM' => [null, '"Electricity"', '12345678901234567890'],
        'OBIS_ID' => [null, '"1-0:1.8.0*255"', 'true'],
        'UNIT' => [null, '"Wh"', '"UTC"', '"Bin"', '"None"', '1.5'],
        'USER' => [null, '"Hausstrom"', '[]'],
        'SCALE' => [null, '"10"', '"0.1"', '"1"', '"0"', '"-1"', '"abc"', '"1e400"', '0.01', '10', '"\u0000U5"', '"1e300"', '"1e-5"', '"0.25"'],
        'STORAGE' => [null, '"0"', '"1"', '0', '2', '"01"', '-1', '"4294967296"', '4294967295', '"1e3"', '1.0', '"x"'],
        'TARIFF' => [null, '"0"', '3', '"99999999999999999"'],
        'SUBUNIT' => [null, '"0"', '"7"', 'false'],
        'entry' => [null, '[]', '"x"', '[{"T_MUC":1741949977,"VAL":"5432"}]', '[{"T":1741949977,"T_MUC":1741949978,"VAL":"-12.5"}]',
            '[{"T_MUC":"1741949977","VAL":"1"}]', '[{"T_MUC":-1,"VAL":"1"}]', '[{"T_MUC":253402300800,"VAL":"1"}]',
            '[{"VAL":"on"}]', '[{"VAL":12}]', '[{"VAL":1.5e300}]', '[{"VAL":"1e999"}]', '[{"VAL":null}]', '[{"T":1}]',
            '[{"VAL":"1"},{"VAL":"2"}]', '[5]', '[{"VAL":"99999999999999999999"}]', '[{"VAL":"1"}]',
            '[{"VAL":"0"}]', '[{"VAL":"00012"}]', '[{"VAL":"12345678901234567"}]', '[{"VAL":"123456789012345678"}]',
            '[{"VAL":" 12"}]', '[{"VAL":"9223372036854775807"}]'],
    ];

    /** A record of each attribute's variants in turn (the others at their first plain value), plus mixes. */
    private static function records(): array
    {
        $plain = ['DESCRIPTION' => '"Energy"', 'FUNCTION' => '"Instantaneous value"', 'MEDIUM' => '"Electricity"',
            'OBIS_ID' => '"1-0:1.8.0*255"', 'UNIT' => '"Wh"', 'USER' => null, 'SCALE' => '"10"', 'STORAGE' => '"0"',
            'TARIFF' => '"0"', 'SUBUNIT' => '"0"', 'entry' => '[{"T_MUC":1741949977,"VAL":"5432"}]'];
        $records = [];
        foreach (self::VARIANTS as $key => $values) {
            foreach ($values as $value) {
                $records[] = array_merge($plain, [$key => $value]);
            }
        }
        mt_srand(11);
        for ($i = 0; $i < 400; $i++) {
            $record = [];
            foreach (self::VARIANTS as $key => $values) {
                $record[$key] = $values[mt_rand(0, count($values) - 1)];
            }
            $records[] = $record;
        }
        return array_map(static function (array $record): string {
            $parts = [];
            foreach ($record as $key => $value) {
                if ($value !== null) {
                    $parts[] = '"' . $key . '":' . $value;
                }
            }
            return '{' . implode(',', $parts) . '}';
        }, $records);
    }

    public function testThePlainRecordReadIsTheGeneralRead(): void
    {
        $plainCount = 0;
        foreach (self::records() as $json) {
            $item = ReportParser::decode($json);
            $read = \Closure::bind(static function (object $item): array {
                $report = new Report();
                return [self::readPlainData($item, 3), self::readFullData($item, 0, 3, $report), $report];
            }, null, ReportParser::class);
            [$plain, $full, $report] = $read($item);
            if ($plain === null) {
                continue;
            }
            $plainCount++;
            $this->assertSame([], $report->issues, $json);
            $this->assertEquals($full, $plain, $json);
            $this->assertSame(var_export($full, true), var_export($plain, true), $json); // types too (1.0 vs 1)
        }
        $this->assertGreaterThan(20, $plainCount); // the fast path was taken often enough to mean something
    }

    /** Report parts and the variants of each that the gateway's plain reading must take or leave alike. */
    private const REPORT_VARIANTS = [
        '%MUCID' => ['"SL-1"', '"30000002"', '""', 'null', '5', '"\u0000Ux"', '"a\u0000b"', '1.5'],
        '%TS' => ['1741949977', '"1741949977"', '-1', '253402300800', '"x"', '1.5', 'null', '18446744073709551615', '"0017"'],
        '%VERSION' => ['"1f6"', '7', 'null', '"\u0000U1"'],
        '%METERS' => ['[%M1,%M2]', '[]', '{}', '{"0":%M1}', '{"a":%M1}', '[5]', '[[]]', '[{}]', 'null', '"x"', '[%M1,%M1]'],
        '%ID' => ['"30000001"', '"SL-1"', '" 1"', '""', '5', 'null', '"\u0000U9"', '"' . 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' . '"'],
        '%MANUFACTURER' => ['"BMT"', '5', 'null', '"B\u0000T"', '[]'],
        '%MEDIUM' => ['"Water"', '""', 'null', '"Bus/System"', '7'],
        '%RSSI' => ['null', '-80', '"80"', '256', '"-80"', '1.5', '"x"'],
        '%DATA' => ['[%R1,%R2,%R3]', '[]', '{}', '{"0":%R1}', '{"a":%R1}', 'null', '"x"', '[%R1,5]', '[%R1,%R1,%R1]', '[%R3,%R1]'],
        '%DESCRIPTION' => ['"Energy"', '"Wärme 1"', '""', '5', 'null', '"\u0000Ux"', '"Energy_S1"'],
        '%UNIT' => ['"Wh"', '"UTC"', '"Bin"', '"None"', '""', 'null', '1.5'],
        '%SCALE' => ['"10"', 'null', '"1"', '"0.1"', '"0"', '"-1"', '"abc"', '10', '0.01', '"1e300"', '"\u0000U5"', '""'],
        '%FUNCTION' => ['"Instantaneous value"', '"Maximum value"', 'null', '""', '7'],
        '%STORAGE' => ['"0"', '"1"', '0', '2', 'null', '"01"', '-1', '"4294967296"', '1.0', '"x"', '""'],
        '%ROBIS' => ['"1-0:1.8.0*255"', 'null', 'true', '"\u0000U1"'],
        '%RMEDIUM' => ['"Electricity"', '""', 'null', '5', '"\u0000U1"'],
        '%ENTRY' => ['[{"T_MUC":1741949977,"VAL":"5432"}]', '[]', '{}', '{"0":{"VAL":"1"}}', '{"a":{"VAL":"1"}}', '[{"VAL":"1"},{"VAL":"2"}]',
            '[{"T":1741949977,"T_MUC":1741949978,"VAL":"-12.5"}]', '[{"T_MUC":"1741949977","VAL":"1"}]', '[{"T_MUC":-1,"VAL":"1"}]',
            '[{"VAL":"on"}]', '[{"VAL":12}]', '[{"VAL":1.5}]', '[{"VAL":"1e999"}]', '[{"VAL":null}]', '[{"T":1}]', '[5]',
            '[{"VAL":"99999999999999999999"}]', '[{"VAL":"00012"}]', '[{"VAL":"12345678901234567"}]', '[{"VAL":"123456789012345678"}]',
            '[{"VAL":"9223372036854775807"}]', '[[]]', '[{"VAL":"\u0000U12"}]', '[{"VAL":"0"}]'],
    ];

    /** Payloads: the usual report, each part in turn replaced by each of its variants, then random mixes. */
    private static function reports(): array
    {
        $plain = [];
        foreach (self::REPORT_VARIANTS as $mark => $values) {
            $plain[$mark] = $values[0];
        }
        $record = '{"DESCRIPTION":%DESCRIPTION,"UNIT":%UNIT,"SCALE":%SCALE,"MEDIUM":%RMEDIUM,"OBIS_ID":%ROBIS,'
            . '"FUNCTION":%FUNCTION,"STORAGE":%STORAGE,"TARIFF":"0","SUBUNIT":"0","entry":%ENTRY}';
        $templates = [
            '%R1' => $record,
            '%R2' => '{"DESCRIPTION":"Power","UNIT":"W","SCALE":"0.1","entry":[{"T_MUC":1741949977,"VAL":"5001"}]}',
            '%R3' => '{"DESCRIPTION":"Time","UNIT":"UTC","STORAGE":1,"entry":[{"VAL":"1741949977"}]}',
            '%M1' => '{"METER_ID":%ID,"INTERFACE":"02","MANUFACTURER":%MANUFACTURER,"MEDIUM":%MEDIUM,"RSSI":%RSSI,"data":%DATA}',
            '%M2' => '{"METER_ID":"SL-1","MEDIUM":"Bus/System","data":[{"DESCRIPTION":"Uptime","UNIT":"s","entry":[{"VAL":"7"}]}]}',
        ];
        $report = '{"MESSAGE_TYPE":"1","muc":{"MUC_ID":%MUCID,"VERSION":%VERSION,"TIMESTAMP":%TS,"meter":%METERS}}';
        $fill = static function (array $values) use ($report, $templates): string {
            // Meters and records first (they hold marks of their own), then their parts.
            $text = strtr($report, ['%METERS' => $values['%METERS']]);
            $text = strtr($text, ['%M1' => $templates['%M1'], '%M2' => $templates['%M2']]);
            $text = strtr($text, ['%DATA' => $values['%DATA']]);
            $text = strtr($text, ['%R1' => $templates['%R1'], '%R2' => $templates['%R2'], '%R3' => $templates['%R3']]);
            return strtr($text, $values);
        };
        $texts = [$fill($plain)];
        foreach (self::REPORT_VARIANTS as $mark => $values) {
            foreach ($values as $value) {
                $texts[] = $fill(array_merge($plain, [$mark => $value]));
            }
        }
        mt_srand(17);
        for ($i = 0; $i < 300; $i++) {
            $values = $plain;
            foreach (self::REPORT_VARIANTS as $mark => $variants) {
                if (mt_rand(0, 3) === 0) {
                    $values[$mark] = $variants[mt_rand(0, count($variants) - 1)];
                }
            }
            $texts[] = $fill($values);
        }
        // Values whose scaled size readValue() may refuse (by unit), a marked record MEDIUM the meter takes.
        foreach (['"UTC"', '"Bin"', '"Wh"'] as $unit) {
            foreach (['"1e300"', '"1000"', '"1"'] as $scale) {
                foreach (['"99999999999999999"', '"5432"'] as $value) {
                    $texts[] = $fill(array_merge($plain, ['%UNIT' => $unit, '%SCALE' => $scale,
                        '%ENTRY' => '[{"VAL":' . $value . '}]']));
                }
            }
        }
        foreach (['%RMEDIUM', '%ROBIS'] as $mark) {
            $texts[] = $fill(array_merge($plain, ['%MEDIUM' => '""', $mark => '"\u0000U1"']));
        }
        // Layouts the plain reading takes apart: white space, escapes, keys twice, unknown keys.
        $usual = $fill($plain);
        $texts[] = str_replace(['{', ','], ["{\n ", ",\n "], $usual);
        $texts[] = str_replace('"Energy"', '"\u0045nergy"', $usual);
        $texts[] = str_replace('"UNIT":"Wh"', '"UNIT":"Wh","UNIT":"kWh"', $usual);
        $texts[] = str_replace('"DESCRIPTION"', '"X":{},"DESCRIPTION"', $usual);
        $texts[] = str_replace('"DESCRIPTION"', '"X":{"0":1},"DESCRIPTION"', $usual);
        $texts[] = str_replace('"METER_ID"', '"\u0000k":1,"METER_ID"', $usual);
        return $texts;
    }

    public function testTheGatewaysReadingIsTheFullReading(): void
    {
        $texts = self::reports();
        $plain = 0;
        // Twice over: the second time the plain reading's layouts come from its table.
        for ($pass = 0; $pass < 2; $pass++) {
            foreach ($texts as $json) {
                $this->assertSame(readingText($json, false), readingText($json, true), $json);
                $plain += PlainReportReader::read($json) === null ? 0 : 1;
            }
        }
        // The plain reading took many texts and left many (the comparison means something both ways).
        $this->assertGreaterThan(100, $plain);
        $this->assertLessThan(2 * count($texts) - 100, $plain);
    }

    public function testTheDecodeShortcutIsTheRewritingDecode(): void
    {
        $texts = ['{"a":1234567890123456}', '{"a":"1234567890123456"}', '{"a":1e308,"b":1E-300}', '{"a":2.5e+100}',
            '{"a":123456789012345,"b":1e30}', '{"muc":{"MUC_ID":18446744073709551615}}', '{"a":-9223372036854775809}',
            '{"a":"e123","b":"E+999"}', '[0.1,1.7976931348623157e308]', '{"a":12345678901234567890123}'];
        foreach (self::records() as $record) {
            $texts[] = $record;
        }
        $full = \Closure::bind(static function (string $json) {
            $syntax = SmartMetering\JsonSyntax::check($json, 1000);
            return $syntax->ok ? json_decode(SmartMetering\PocoNumbers::rewrite($json, $syntax), false, 129, JSON_BIGINT_AS_STRING) : 'refused';
        }, null, ReportParser::class);
        foreach ($texts as $json) {
            $this->assertSame(var_export($full($json), true), var_export(ReportParser::decode($json), true), $json);
        }
    }

    /**
     * parse() reads json_decode()'s tree without the number pre-check and starts again with
     * decode() at the first float it meets: the same report, or the same refusal, as reading the
     * pre-checked tree (every literal kind at every level, unknown keys too).
     */
    public function testParseWithoutThePreCheckIsParseOfTheCheckedTree(): void
    {
        $literals = ['1.5', '1.0', '0.1', '1e999', '-1e999', '1e-400', '1E+300', '2.5e-5', '18446744073709551615',
            '9223372036854775807', '9223372036854775808', '-9223372036854775809', '12345678901234567890123',
            '1234567890123456', '1741949977', '-0', '0', '"12345678901234567"', '"1e999"', '"x"', 'true', 'null', '[]', '{}'];
        $record = '{"DESCRIPTION":%D,"UNIT":"Wh","SCALE":%S,"STORAGE":%G,"TARIFF":"0","SUBUNIT":"0","X":%X,'
            . '"entry":[{"T":%T,"T_MUC":1741949977,"VAL":%V}]}';
        $meter = '{"METER_ID":%I,"INTERFACE":"02","MANUFACTURER":%M,"RSSI":%R,"Y":%Y,"data":[' . $record . ']}';
        $report = '{"MESSAGE_TYPE":%Z,"muc":{"MUC_ID":"SL-1","TIMESTAMP":%P,"VERSION":"1f6","meter":[' . $meter . ']}}';
        $plain = ['%D' => '"Energy"', '%S' => '"10"', '%G' => '"0"', '%X' => '1', '%T' => '1741949977', '%V' => '"5432"',
            '%I' => '"30000000"', '%M' => '"BMT"', '%R' => '"80"', '%Y' => '2', '%Z' => '"1"', '%P' => '1741949977'];
        $texts = [strtr($report, $plain), '1.5', '1e999', '[1.5]', '{"muc":1.5}', '{"muc":{"meter":2.5}}',
            '{"muc":{"MUC_ID":"A","meter":[1.5,{"METER_ID":"B","data":[2.5]}]}}'];
        foreach (array_keys($plain) as $mark) {
            foreach ($literals as $literal) {
                $texts[] = strtr($report, array_merge($plain, [$mark => $literal]));
            }
        }
        // A float elsewhere (unknown keys) with a value the C++ edition reads otherwise.
        foreach (['%V', '%T', '%S', '%R'] as $mark) {
            foreach (['18446744073709551615', '1e-400', '1.5'] as $literal) {
                $texts[] = strtr($report, array_merge($plain, [$mark => $literal, '%X' => '1e999']));
                $texts[] = strtr($report, array_merge($plain, [$mark => $literal, '%Z' => '-1e999', '%Y' => '1e-400']));
            }
        }
        $checked = \Closure::bind(static function (string $json): string {
            try {
                return var_export(self::parseTree(self::decode($json)), true);
            } catch (SmartMetering\ReportError $e) {
                return 'refused: ' . $e->getMessage();
            }
        }, null, ReportParser::class);
        $rereads = 0;
        foreach ($texts as $json) {
            [$report, $error] = ReportParser::tryParse($json);
            $this->assertSame($checked($json), $report === null ? 'refused: ' . $error : var_export($report, true), $json);
            $rereads += preg_match('/\d\.\d|\de|\d{19}/', $json);
        }
        $this->assertGreaterThan(100, $rereads); // floats met at many places
    }

    public function testAVariableOfAKnownLayoutIsTheFullyMappedOne(): void
    {
        $values = ['"5432"', '"-12.5"', '"on"', '"0"', '"1741949977"', '"99999999999999999999"', '7', '1.5', '"1e3"'];
        $units = ['"Wh"', '"UTC"', '"Bin"', '"None"', '""', '"m^3"', '"°C"'];
        $scales = [null, '"10"', '"0.1"', '"1"', '"0.001"', '2.5'];
        $mapped = 0;
        // Every layout twice over with other values: the second time comes from the table.
        for ($pass = 0; $pass < 2; $pass++) {
            foreach ($units as $u => $unit) {
                foreach ($scales as $s => $scale) {
                    foreach (['', ',"STORAGE":"1"', ',"TARIFF":2,"FUNCTION":"Maximum value"'] as $extra) {
                        $value = $values[($u + $s + $pass * 3) % count($values)];
                        $json = '{"DESCRIPTION":"Wärme ' . $u . '","UNIT":' . $unit . ($scale === null ? '' : ',"SCALE":' . $scale)
                            . $extra . ',"entry":[{"VAL":' . $value . '}]}';
                        $report = ReportParser::parse('{"muc":{"MUC_ID":"SL-1","meter":[{"METER_ID":"M1","data":[' . $json . ']}]}}');
                        foreach ($report->meters[0]->data ?? [] as $record) {
                            $this->assertSame(var_export(VariableMapper::mapRecordFully($record), true),
                                var_export(VariableMapper::mapRecord($record), true), $json);
                            $mapped++;
                        }
                    }
                }
            }
        }
        $this->assertGreaterThan(200, $mapped);
    }

    public function testKeepsIsWhetherTheUpdatedEntryIsTheEntry(): void
    {
        $base = ['MeterID' => '0300', 'Interface' => '05', 'Manufacturer' => 'BMT', 'Type' => 'Water',
            'LastSeen' => 1000, 'System' => false, 'New' => true];
        $entries = [$base, ['Type' => ''] + $base, ['Manufacturer' => ''] + $base, ['MeterID' => '0301'] + $base,
            ['Interface' => ''] + $base, ['System' => true] + $base, ['LastSeen' => '1000'] + $base,
            array_diff_key($base, ['System' => 1]), ['New' => false] + $base, ['Type' => 'Unknown'] + $base,
            ['MeterID' => "03\x1f05", 'Interface' => ''] + $base, ['Manufacturer' => 'BM', 'Type' => 'TWater'] + $base,
            ['Manufacturer' => 'B:1', 'Type' => '2:W'] + $base, ['LastSeen' => -5] + $base];
        $seens = [];
        foreach (['', 'BMT', 'ABB', 'B:1'] as $manufacturer) {
            foreach (['', 'Water', 'Heat', '2:W'] as $type) {
                foreach ([-5, 940, 999, 1000, 1001, 1059, 1060, 1200] as $lastSeen) {
                    foreach ([false, true] as $system) {
                        $seens[] = ['MeterID' => '0300', 'Interface' => '05', 'Manufacturer' => $manufacturer,
                            'Type' => $type, 'LastSeen' => $lastSeen, 'System' => $system, 'New' => true];
                    }
                }
            }
        }
        $seens[] = ['MeterID' => '03', 'Interface' => "\x1f05", 'Manufacturer' => '', 'Type' => '', 'LastSeen' => 1000,
            'System' => false, 'New' => true];
        $kept = $noted = 0;
        foreach ($entries as $entry) {
            foreach ($seens as $seen) {
                $keeps = MeterList::updated($entry, $seen) === $entry;
                $this->assertSame($keeps, MeterList::keeps($entry, $seen), json_encode([$entry, $seen]));
                // The gateway's note of the entry says no more: false where keeps() reads the entry in full.
                $note = MeterList::note($entry, $seen['MeterID'], $seen['Interface']);
                $this->assertSame($note !== '' && $keeps, MeterList::keepsNoted($note, $seen), json_encode([$entry, $seen]));
                $noted += $note !== '' ? 1 : 0;
                $kept += $keeps ? 1 : 0;
            }
        }
        $this->assertGreaterThan(20, $kept);
        $this->assertGreaterThan(count($seens) * 4, $noted);
    }

    public function testTemplatesOfAPatternMatchAsNewOnes(): void
    {
        foreach (['SmartLog/{SmartLogID}/#', 'a/+/{SmartLogID}x', 'logger-{SmartLogID}', '{SmartLogID}/report'] as $pattern) {
            foreach (['SmartLog/SL-1/0300', 'SmartLog/SL-1', 'a/b/SL-1x', 'logger-7', 'SL-2/report', 'x/y'] as $topic) {
                $this->assertSame((new TopicTemplate($pattern))->match($topic), TopicTemplate::of($pattern)->match($topic));
            }
            $this->assertSame(TopicTemplate::of($pattern), TopicTemplate::of($pattern));
        }
        $this->expectException(\InvalidArgumentException::class);
        TopicTemplate::of('no/placeholder');
    }

    public function testPacketParseIsParseFully(): void
    {
        $variable = ['Ident' => '"V"', 'Name' => '"V"', 'Type' => '2', 'Value' => '1.5', 'Profile' => '"SM_W"', 'Suffix' => '" W"',
            'Digits' => '1'];
        $variants = ['Ident' => [null, '5'], 'Name' => [null], 'Type' => ['0', '1', '3', '4', '"2"', null],
            'Value' => ['2', '1.0', '"x"', 'true', 'null', '1e300', '3.5'], 'Profile' => [null, '""', '7', 'null'],
            'Suffix' => [null, '3', '""'], 'Digits' => [null, '"1"', '0']];
        $texts = [];
        foreach ($variants as $key => $values) {
            foreach ($values as $value) {
                $v = array_merge($variable, [$key => $value]);
                $fields = [];
                foreach ($v as $k => $x) {
                    if ($x !== null) {
                        $fields[] = '"' . $k . '":' . $x;
                    }
                }
                $texts[] = '{' . implode(',', $fields) . '}';
            }
        }
        // Every Type with every kind of Value (parse() returns a packet of values of their Type's PHP
        // type as decoded, without its checks: each pair must give what the checks give).
        foreach (['0', '1', '2', '3', '4', '-1', '"1"', 'null', '1.0', 'true'] as $type) {
            foreach (['true', 'false', '0', '2', '-7', '1.0', '-0.0', '1.5', '1e300', '"x"', '""', '"1"', 'null', '[]', '{}'] as $value) {
                $texts[] = '{"Ident":"T","Name":"T","Type":' . $type . ',"Value":' . $value . ',"Profile":"SM_T","Suffix":"","Digits":0}';
                $texts[] = '{"Ident":"T","Name":"T","Type":' . $type . ',"Value":' . $value . ',"Profile":""}';
            }
        }
        $plain = '{"Ident":"W","Name":"W","Type":1,"Value":3,"Profile":""}';
        $packets = [];
        foreach ($texts as $text) {
            $packets[] = '{"DataID":"{0054126B-A04D-49B1-A85F-B24A239BC6F1}","MeterID":"M1","Interface":"05","System":false,'
                . '"SmartLogID":"SL-1","Manufacturer":"BMT","Medium":"Water","Timestamp":5,"Variables":[' . $plain . ',' . $text . ']}';
        }
        foreach (['"MeterID":5,', '"Medium":null,', '', '"Interface":"x","Interface":1,'] as $head) {
            $packets[] = '{' . $head . '"MeterID":"M1","Variables":[' . $plain . ']}';
        }
        $packets = array_merge($packets, ['[]', '{}', '{"MeterID":"M1"}', '{"Variables":{"a":1}}', '{"Variables":[5]}', 'x']);
        $result = static function (callable $parse, string $json): string {
            try {
                return var_export($parse($json), true);
            } catch (\UnexpectedValueException $e) {
                return 'refused: ' . $e->getMessage();
            }
        };
        $refused = 0;
        foreach ($packets as $json) {
            $full = $result([MeterPacket::class, 'parseFully'], $json);
            $this->assertSame($full, $result([MeterPacket::class, 'parse'], $json), $json);
            $refused += strncmp($full, 'refused', 7) === 0 ? 1 : 0;
        }
        $this->assertGreaterThan(5, $refused);
        $this->assertLessThan(count($packets) - 5, $refused);
    }

    public function testTheUsualMeterIdIsReadAsWithEveryCheck(): void
    {
        $ids = ['30030042', 'x', ' 1', "\t1", '1 ', '', '   ', "\0U123", "\0x", str_repeat('a', 64), str_repeat('a', 65),
            str_repeat('ä', 40), str_repeat('ä', 70), 5, 1.5, null, true, [], "\n", 'SL-000123'];
        $read = \Closure::bind(static function ($id, bool $fully): array {
            $out = '';
            $error = $fully ? self::readMeterIdFully($id, $out) : self::readMeterId($id, $out);
            return [$error, $out];
        }, null, ReportParser::class);
        foreach ($ids as $id) {
            $this->assertSame($read($id, true), $read($id, false), var_export($id, true));
        }
    }
}

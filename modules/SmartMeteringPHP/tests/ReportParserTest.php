<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/ReportParser.php';
require_once __DIR__ . '/../libs/VariableMapper.php';

use PHPUnit\Framework\TestCase;
use SmartMetering\ReportError;
use SmartMetering\ReportIssue;
use SmartMetering\ReportParser;
use SmartMetering\VariableMapper;

/** The report parser against the C++ edition's expectations (tests/cpp/smartmetering_common). */
final class ReportParserTest extends TestCase
{
    private const GOOD_RECORD = '{"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":"0.001","entry":[{"T_MUC":1741947202,"VAL":"43964"}]}';

    private static function example(int $n): string
    {
        return file_get_contents(__DIR__ . '/../../../fixtures/examples/example' . $n . '.json');
    }

    private static function withMeters(string $meters): string
    {
        return '{"muc":{"MUC_ID":"SL-1","VERSION":"1f6","TIMESTAMP":1741947300,"meter":[' . $meters . ']}}';
    }

    private static function withRecord(string $record): string
    {
        return self::withMeters('{"METER_ID":"M1","INTERFACE":"05","data":[' . $record . ']}');
    }

    private static function fatal(string $json): string
    {
        try {
            ReportParser::parse($json);
        } catch (ReportError $e) {
            return $e->getMessage();
        }
        return '(no error)';
    }

    public function fatalCases(): array
    {
        return [
            ['{"muc":{"meter":[1,,2]}}', "not JSON: unexpected ',' at line 1 column 20"],
            ["{\n  \"muc\": nope\n}", "not JSON: unexpected 'n' at line 2 column 10"],
            ['', 'not JSON: empty text at line 1 column 1'],
            ['   ', 'not JSON: empty text at line 1 column 4'],
            ['{"muc":{"meter":[]}} x', "not JSON: unexpected 'x' after the end of the JSON value at line 1 column 22"],
            ['{"muc":{"meter":[', 'not JSON: unexpected end of text at line 1 column 18'],
            ['{"muc":{"MUC_ID":"abc', 'not JSON: unterminated string at line 1 column 22'],
            ['{"muc":{"meter":[{"METER_ID":\'A\'}]}}', "not JSON: unexpected ''' at line 1 column 30"],
            ["{\"muc\":{\"MUC_ID\":\"a\x01\"}}", 'not JSON: control character byte 0x01 inside a string at line 1 column 20'],
            ['[1]', 'root: not an object (array)'],
            ['"text"', 'root: not an object (string)'],
            [' 42', 'root: not an object (number)'],
            ['{"muc":18446744073709551616}', 'muc: not an object (number)'],          // beyond 64 bits: still a number
            ['{"muc":-9223372036854775809}', 'muc: not an object (number)'],
            ["{\"muc\":{\"MUC_ID\":\"a\xff,\"b\" x}}", 'not JSON: invalid UTF-8 byte 0xFF inside a string at line 1 column 20'],
            ['{"muc":{"MUC_ID":"\\udc00", x}}', 'not JSON: unpaired surrogate in a \\u escape at line 1 column 19'],
            ['null', 'root: not an object (null)'],
            ['true', 'root: not an object (boolean)'],
            ['{}', 'root: missing "muc"'],
            ['{"muc":null}', 'root: missing "muc"'],
            ['{"muc":[]}', 'muc: not an object (array)'],
            ['{"muc":{}}', 'muc: missing "meter"'],
            ['{"muc":{"MUC_ID":"A"}}', 'muc: missing "meter"'],
            ['{"muc":{"meter":{}}}', 'muc: "meter" is not an array (object)'],
            ['{"muc":{"meter":"x"}}', 'muc: "meter" is not an array (string)'],
        ];
    }

    /** @dataProvider fatalCases */
    public function testFatalFaultsNameTheProblem(string $json, string $message): void
    {
        $this->assertSame($message, self::fatal($json));
    }

    public function testNanAndAbsurdNestingAreRefused(): void
    {
        $this->assertStringStartsWith("not JSON: unexpected 'N' at line 1 column",
            self::fatal(self::withRecord('{"DESCRIPTION":"x","entry":[{"VAL":NaN}]}')));
        $this->assertStringStartsWith('not JSON: ', self::fatal(str_repeat('[', 100000) . str_repeat(']', 100000)));
        $this->assertStringStartsWith('not JSON: ', self::fatal("{\"muc\":{\"meter\":[]}}\0x"));
    }

    public function recordCases(): array
    {
        $e = 'meter[0].data[0].entry[0]: ';
        $d = 'meter[0].data[0]: ';
        return [
            ['7', $d . 'not an object (number)'],
            ['{"UNIT":"Wh","entry":[{"VAL":"1"}]}', $d . 'missing "DESCRIPTION"'],
            ['{"DESCRIPTION":null,"entry":[{"VAL":"1"}]}', $d . 'missing "DESCRIPTION"'],
            ['{"DESCRIPTION":"x"}', $d . 'missing "entry"'],
            ['{"DESCRIPTION":"x","entry":{}}', $d . '"entry" is not an array (object)'],
            ['{"DESCRIPTION":"x","entry":[]}', $d . '"entry" is empty'],
            ['{"DESCRIPTION":"x","entry":[{"T_MUC":1}]}', $e . 'missing "VAL"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":null}]}', $e . 'missing "VAL"'],
            ['{"DESCRIPTION":["x"],"entry":[{"VAL":"1"}]}', $d . '"DESCRIPTION" has the wrong type (array)'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":true}]}', $e . '"VAL" has the wrong type (boolean)'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":"1","T":"today"}]}', $e . '"T" is not a number: "today"'],
            ['{"DESCRIPTION":"x","SCALE":"abc","entry":[{"VAL":"1"}]}', $d . '"SCALE" is not a number: "abc"'],
            ['{"DESCRIPTION":"x","SCALE":"NaN","entry":[{"VAL":"1"}]}', $d . '"SCALE" is not a finite number: "NaN"'],
            ['{"DESCRIPTION":"x","SCALE":"0","entry":[{"VAL":"1"}]}', $d . '"SCALE" is not greater than 0: "0"'],
            ['{"DESCRIPTION":"x","SCALE":-1,"entry":[{"VAL":"1"}]}', $d . '"SCALE" is not greater than 0: "-1"'],
            ['{"DESCRIPTION":"x","SCALE":"1e999","entry":[{"VAL":"1"}]}', $d . '"SCALE" is out of range: "1e999"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":"-Infinity"}]}', $e . '"VAL" is not a finite number: "-Infinity"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":1e999}]}', $e . '"VAL" is out of range: "1e999"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":-2E+400}]}', $e . '"VAL" is out of range: "-2E+400"'],
            ['{"DESCRIPTION":"x","SCALE":"1e10","entry":[{"VAL":"1e300"}]}', $e . '"VAL" x "SCALE" is out of range: "1e300" x "1e10"'],
            ['{"DESCRIPTION":"t","UNIT":"UTC","entry":[{"VAL":"1e19"}]}', $e . '"VAL" is out of range: "1e19"'],
            ['{"DESCRIPTION":"x","STORAGE":"-1","entry":[{"VAL":"1"}]}', $d . '"STORAGE" is out of range: "-1"'],
            ['{"DESCRIPTION":"x","TARIFF":4294967296,"entry":[{"VAL":"1"}]}', $d . '"TARIFF" is out of range: "4294967296"'],
            ['{"DESCRIPTION":"x","SUBUNIT":"1.5","entry":[{"VAL":"1"}]}', $d . '"SUBUNIT" is not a whole number: "1.5"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":"1","T_MUC":1e12}]}', $e . '"T_MUC" is out of range: "1e+12"'],
            ['{"DESCRIPTION":"x","entry":[{"VAL":"1","T":-5}]}', $e . '"T" is out of range: "-5"'],
        ];
    }

    /** @dataProvider recordCases */
    public function testABadRecordIsSkippedAndTheRestKept(string $record, string $issue): void
    {
        $report = ReportParser::parse(self::withRecord($record . ',' . self::GOOD_RECORD));
        $this->assertCount(1, $report->meters);
        $this->assertCount(1, $report->meters[0]->data);
        $this->assertSame(1, $report->meters[0]->data[0]->index);
        $this->assertCount(1, $report->issues);
        $this->assertSame($issue, $report->issues[0]->text());
        $this->assertSame(ReportIssue::SKIPPED_RECORD, $report->issues[0]->effect);
    }

    public function meterCases(): array
    {
        return [
            ['{"INTERFACE":"05","data":[]}', 'meter[0]: missing "METER_ID"'],
            ['{"METER_ID":""}', 'meter[0]: "METER_ID" is empty'],
            ['{"METER_ID":"   "}', 'meter[0]: "METER_ID" is empty'],
            ['{"METER_ID":true}', 'meter[0]: "METER_ID" has the wrong type (boolean)'],
            ['{"METER_ID":"' . str_repeat('7', 65) . '"}', 'meter[0]: "METER_ID" is longer than 64 characters: "' . str_repeat('7', 40) . '..."'],
            ['5', 'meter[0]: not an object (number)'],
            ['{"METER_ID":"A","data":"x"}', 'meter[0]: "data" is not an array (string)'],
        ];
    }

    /** @dataProvider meterCases */
    public function testABadMeterIsSkippedAndTheRestKept(string $meter, string $issue): void
    {
        $report = ReportParser::parse(self::withMeters($meter . ',{"METER_ID":"OK","data":[' . self::GOOD_RECORD . ']}'));
        $this->assertCount(1, $report->meters);
        $this->assertSame('OK', $report->meters[0]->meterId);
        $this->assertCount(1, $report->issues);
        $this->assertSame($issue, $report->issues[0]->text());
        $this->assertSame(ReportIssue::SKIPPED_METER, $report->issues[0]->effect);
    }

    public function testBadMeterAttributesAreDroppedNotTheMeter(): void
    {
        $report = ReportParser::parse(self::withMeters('{"METER_ID":"A","INTERFACE":"05","USER":["x"],"RSSI":"999","MANUFACTURER":true,"data":[' . self::GOOD_RECORD . ']}'));
        $texts = array_map(static fn ($i) => $i->text(), $report->issues);
        // Sorted key order, as in the C++ edition.
        $this->assertSame(['meter[0]: "MANUFACTURER" has the wrong type (boolean)', 'meter[0]: "RSSI" is out of range: "999"',
            'meter[0]: "USER" has the wrong type (array)'], $texts);
        $this->assertCount(1, $report->meters[0]->data);
        $this->assertSame('05', $report->meters[0]->interface);
    }

    public function testExample1ElectricityMeter(): void
    {
        $report = ReportParser::parse(self::example(1));
        $this->assertSame([], $report->issues);
        $this->assertSame('SL-000123', $report->mucId);
        $this->assertSame(1741947300, $report->timestamp);
        $m = $report->meters[0];
        $this->assertSame(['19032401', '02', 'BMT', 'Electricity', '57', '00'], [$m->meterId, $m->interface, $m->manufacturer, $m->medium, $m->accessNumber, $m->status]);
        $this->assertFalse($m->isSystem);
        $vars = VariableMapper::mapMeter($m);
        $this->assertSame(['Ident' => 'Energy', 'Name' => 'Energy', 'Type' => 2, 'Value' => 12345670.0, 'Profile' => 'SM_Wh', 'Suffix' => ' Wh', 'Digits' => 0], $vars[0]);
        $this->assertSame(842.3, $vars[1]['Value']);
        $this->assertSame(['SM_W', 1], [$vars[1]['Profile'], $vars[1]['Digits']]);
        $this->assertSame(231.2, $vars[2]['Value']);
        $this->assertSame(['Fabrication', 2, 19032401.0, ''], [$vars[3]['Ident'], $vars[3]['Type'], $vars[3]['Value'], $vars[3]['Profile']]);
        $this->assertArrayNotHasKey('Digits', $vars[3]);
    }

    public function testExample2To4(): void
    {
        $vars = VariableMapper::mapMeter(ReportParser::parse(self::example(2))->meters[0]);
        $this->assertSame(['External_temperature', 20.1, 'SM_Degree_C', ' °C'], [$vars[0]['Ident'], $vars[0]['Value'], $vars[0]['Profile'], $vars[0]['Suffix']]);
        $this->assertSame(['Relative_humidity', 65.7, 'SM_Percent'], [$vars[1]['Ident'], $vars[1]['Value'], $vars[1]['Profile']]);
        $this->assertSame(['Error_flags__Device_type_specific_', 'Error flags (Device type specific)', 1, 0, ''],
            [$vars[2]['Ident'], $vars[2]['Name'], $vars[2]['Type'], $vars[2]['Value'], $vars[2]['Profile']]);

        $smoke = ReportParser::parse(self::example(3))->meters[0];
        $this->assertSame(-83, $smoke->rssi);
        $vars = VariableMapper::mapMeter($smoke);
        $this->assertSame(['Time_point', 1, 1741946940, '~UnixTimestamp'], [$vars[1]['Ident'], $vars[1]['Type'], $vars[1]['Value'], $vars[1]['Profile']]);

        $system = ReportParser::parse(self::example(4));
        $this->assertTrue($system->meters[0]->isSystem);
        $this->assertSame($system->meters[0], $system->systemMeter());
        $vars = VariableMapper::mapMeter($system->meters[0]);
        $this->assertSame(['IP_address', 3, '192.168.1.50', ''], [$vars[2]['Ident'], $vars[2]['Type'], $vars[2]['Value'], $vars[2]['Profile']]);
    }

    public function testExample5WholeReport(): void
    {
        $report = ReportParser::parse(self::example(5));
        $this->assertSame([], $report->issues);
        $this->assertSame(['19032401', '03006175', '03007136', '16531026', '00000263', 'SL-000123'],
            array_map(static fn ($m) => $m->meterId, $report->meters));
        $this->assertSame($report->meters[5], $report->systemMeter());
        $water = $report->findMeter('03006175');
        $this->assertSame(-64, $water->rssi);
        $vars = VariableMapper::mapMeter($water);
        $this->assertSame(['Volume', 'Volume_S1', 'Volume (Storage 1)', 43.964, 43.09, 3],
            [$vars[0]['Ident'], $vars[1]['Ident'], $vars[1]['Name'], $vars[0]['Value'], $vars[1]['Value'], $vars[0]['Digits']]);
    }

    public function testNewestEntryWinsByTmucThenTThenPosition(): void
    {
        $record = '{"DESCRIPTION":"x","entry":[{"T_MUC":5,"VAL":"a"},{"T_MUC":7,"T":1,"VAL":"b"},{"T_MUC":7,"T":1,"VAL":"c"},{"VAL":"d"}]}';
        $this->assertSame('c', ReportParser::parse(self::withRecord($record))->meters[0]->data[0]->entry->valText);
    }

    public function testRepeatedIdentsGetTheFirstFreeNumber(): void
    {
        $record = static fn ($d) => '{"DESCRIPTION":"' . $d . '","entry":[{"VAL":"1"}]}';
        $meter = ReportParser::parse(self::withRecord(implode(',', [$record('Volume'), $record('Volume'), $record('Volume 2')])))->meters[0];
        $this->assertSame(['Volume', 'Volume_2', 'Volume_2_2'], array_column(VariableMapper::mapMeter($meter), 'Ident'));
    }

    public function testNumberLiteralsReadAsTheCppEditionReadsThem(): void
    {
        $id = static fn ($literal) => ReportParser::parse('{"muc":{"MUC_ID":' . $literal . ',"meter":[]}}')->mucId;
        $this->assertSame('18446744073709551615', $id('18446744073709551615')); // uint64
        $this->assertSame('18446744073709551616', $id('18446744073709551616')); // beyond 64 bits: a float (2^64)
        $this->assertSame('-9223372036854775808', $id('-9223372036854775809'));
        $this->assertSame('-9007199254740993', $id('-9007199254740993'));       // int64: exact
        $this->assertSame('0', $id('1e-400'));                                  // underflow: zero
        $this->assertSame('1e999', $id('1e999'));                               // refused literal: read as text
        $this->assertSame('1e+20', $id('1e20'));
    }
}

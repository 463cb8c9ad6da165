<?php

declare(strict_types=1);

require_once __DIR__ . '/../libs/NumberText.php';
require_once __DIR__ . '/../libs/UnitTable.php';
require_once __DIR__ . '/../libs/MediumTable.php';
require_once __DIR__ . '/../libs/ManufacturerCode.php';
require_once __DIR__ . '/../libs/TopicTemplate.php';
require_once __DIR__ . '/../libs/MeterPacket.php';
require_once __DIR__ . '/../libs/Text.php';

use PHPUnit\Framework\TestCase;
use SmartMetering\ManufacturerCode;
use SmartMetering\MediumTable;
use SmartMetering\MeterPacket;
use SmartMetering\NumberText;
use SmartMetering\Text;
use SmartMetering\TopicTemplate;
use SmartMetering\UnitTable;

/** Number text, reference tables and topic template against the C++ edition's expectations. */
final class TablesTest extends TestCase
{
    public function testNumbersAreWrittenAsTheShortestExactText(): void
    {
        $cases = [[0.1, '0.1'], [12345670.0, '12345670'], [1e300, '1e+300'], [1e-7, '1e-07'], [0.0001, '1e-04'],
            [842.3, '842.3'], [-2.5, '-2.5'], [-0.0, '-0'], [1e15, '1e+15'], [123456.0, '123456'], [5e-324, '5e-324']];
        foreach ($cases as [$value, $text]) {
            $this->assertSame($text, NumberText::format($value));
        }
    }

    public function testNumberReading(): void
    {
        $this->assertSame(['status' => 'ok', 'value' => 12.0, 'integer' => 12], NumberText::parse(' 12 '));
        $this->assertSame(NumberText::NOT_FINITE, NumberText::parse('-Inf')['status']);
        $this->assertSame(NumberText::NOT_A_NUMBER, NumberText::parse('1,5')['status']);
        $this->assertSame(NumberText::NOT_A_NUMBER, NumberText::parse('0x10')['status']);
        $this->assertSame(NumberText::OUT_OF_RANGE, NumberText::parse('1e-400')['status']);
        $this->assertSame(0.5, NumberText::parse('.5')['value']);
        $this->assertNull(NumberText::parse('18446744073709551615')['integer']);
        $this->assertSame(PHP_INT_MIN, NumberText::parse('-9223372036854775808')['integer']);
        $this->assertSame(842.3, NumberText::applyScale(8423, 0.1));
        $this->assertSame([3, 1, 2, 0, 7], array_map([NumberText::class, 'decimalsOfScale'], [0.001, 0.1, 0.25, 10.0, 1e-7]));
        $this->assertSame([3, -3, 0], [NumberText::roundToInt(2.5), NumberText::roundToInt(-2.5), NumberText::roundToInt(0.49999999999999994)]);
    }

    public function testUnits(): void
    {
        $this->assertSame(['suffix' => ' m³', 'key' => 'm3', 'kind' => UnitTable::MEASURE, 'known' => true], UnitTable::lookup('m^3'));
        $this->assertSame('SM_m3_h', UnitTable::profileName('m^3/h'));
        $this->assertSame('SM_Degree_C', UnitTable::profileName('deg C'));
        $this->assertSame('SM_Percent_RH', UnitTable::profileName('%RH'));
        $this->assertSame('', UnitTable::profileName('None'));
        $this->assertSame('', UnitTable::profileName('UTC'));
        $this->assertSame(' kVArh', UnitTable::lookup('kVArh')['suffix']);
        $this->assertSame(['Degree_F', 'Unit', 'x', 'a_b_c'], array_map([UnitTable::class, 'profileKey'], ['°F', '^', '__x__', 'a b/c']));
    }

    public function testMediaAndManufacturers(): void
    {
        $this->assertSame('Room sensor', MediumTable::text(0x1B));
        $this->assertSame('Unknown', MediumTable::text(0x7F));
        $this->assertSame(0x06, MediumTable::code('warm WATER'));
        $this->assertNull(MediumTable::code('Lava'));
        $this->assertSame(0x09B4, ManufacturerCode::encode('BMT'));
        $this->assertSame('ZZZ', ManufacturerCode::decode(0x6B5A));
        $this->assertSame([0x0421, null, null], [ManufacturerCode::encode('AAA'), ManufacturerCode::encode('bmt'), ManufacturerCode::decode(0x8421)]);
        $this->assertSame('BMETERS', ManufacturerCode::name('BMT'));
    }

    public function testTopicTemplate(): void
    {
        $t = new TopicTemplate();
        $this->assertSame('.*"Topic":"SmartLog/SL-1(?:/(?:[^"\\\\]|\\\\.)*)?".*', $t->receiveFilter('SL-1'));
        foreach (['SmartLog/SL-1', 'SmartLog/SL-1/report', 'SmartLog/SL-1/03006175', 'SmartLog/SL-1/System'] as $topic) {
            $this->assertSame('SL-1', $t->match($topic)['SmartLogID'], $topic);
            $this->assertSame(1, preg_match('/' . str_replace('/', '\/', $t->receiveFilter('SL-1')) . '/', '{"Topic":"' . $topic . '"}'));
        }
        $this->assertSame(0, preg_match('/' . str_replace('/', '\/', $t->receiveFilter('SL-1')) . '/', '{"Topic":"SmartLog/SL-10/x"}'));
        $this->assertSame(['SmartLogID' => 'SL-000123', 'Rest' => 'a/b', 'WholeReport' => false], $t->match('SmartLog/SL-000123/a/b'));
        $this->assertTrue($t->match('SmartLog/SL-000123/report')['WholeReport']);
        $this->assertNull($t->match('smartlog/SL-000123/x'));
        $this->assertNull($t->match('SmartLog'));
        $this->assertSame('SL.1+x', $t->match('SmartLog/SL.1+x/System')['SmartLogID']);
        $this->assertSame('SmartLog/SL-1/#', $t->subscription('SL-1'));
        foreach (['SmartLog/#/x', 'SmartLog/a+b/{SmartLogID}', 'SmartLog/x', 'a/{SmartLogID}/{SmartLogID}'] as $bad) {
            try {
                new TopicTemplate($bad);
                $this->fail('accepted ' . $bad);
            } catch (InvalidArgumentException $e) {
                $this->assertStringContainsString($bad, $e->getMessage());
            }
        }
    }

    public function testPacketFilterMatchesThePacketText(): void
    {
        $packet = Text::json(['DataID' => 'x', 'MeterID' => "a\"b/\x01.", 'Interface' => '05']);
        $filter = MeterPacket::receiveFilter("a\"b/\x01.", '05');
        $this->assertSame(1, preg_match('/' . str_replace('/', '\/', $filter) . '/', $packet));
        $this->assertSame(0, preg_match('/' . str_replace('/', '\/', MeterPacket::receiveFilter('a"b/x.', '')) . '/', $packet));
    }

    public function testUtf8DecodeMapsCodePointsToBytes(): void
    {
        $this->assertSame("m\xb3 \xff?", Text::utf8Decode("m³ ÿ€"));
        $this->assertSame('plain', Text::utf8Decode('plain'));
        $this->assertSame('?x', Text::utf8Decode("\xc3x"));
        // The all-ASCII test looks at every byte: a line end last, DEL, or one high byte anywhere.
        $this->assertSame("a\n", Text::utf8Decode("a\n"));
        $this->assertSame("\x00\x7f", Text::utf8Decode("\x00\x7f"));
        $this->assertSame('', Text::utf8Decode(''));
        $ascii = str_repeat('{"VAL":"12"}', 200);
        $this->assertSame($ascii, Text::utf8Decode($ascii));
        $this->assertSame($ascii . "\n\xe9", Text::utf8Decode($ascii . "\n\u{e9}"));
        $this->assertSame("\xe9\n" . $ascii, Text::utf8Decode("\u{e9}\n" . $ascii));
    }
}

<?php

declare(strict_types=1);

// The PHP edition of Smart Metering (modules/SmartMeteringPHP) under PHPUnit, written as a module
// author writes a suite for the official stubs. tests/phpunit/test_smartmetering_stubs.py copies
// the library next to this file's tests/ folder, links tests/stubs to symemu's stubs and copies
// the design examples (fixtures/examples) to tests/examples.
include_once __DIR__ . '/stubs/GlobalStubs.php';
include_once __DIR__ . '/stubs/KernelStubs.php';
include_once __DIR__ . '/stubs/ModuleStubs.php';
include_once __DIR__ . '/stubs/MessageStubs.php';

use PHPUnit\Framework\TestCase;

class SmartMeteringStubsTest extends TestCase
{
    private const SMART_LOG = '{18FD30FB-84D6-4CDE-A3F0-5FE94BF4D3AE}';
    private const SMART_METER = '{5E03067E-965F-40F7-BB77-CCA01A88EDD6}';
    private const SYSTEM = '{4F9DB833-6E24-4093-963E-8612BD851C60}';
    private const MQTT_SERVER = '{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}';
    private const MQTT_TO_CHILDREN = '{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}';

    private $smartLog;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        parent::setUp();

        $this->smartLog = IPS_CreateInstance(self::SMART_LOG);
        IPS_SetProperty($this->smartLog, 'SmartLogID', 'SL-000123');
        IPS_SetProperty($this->smartLog, 'AutoCreateMeters', true);
        IPS_ApplyChanges($this->smartLog);
    }

    public function testSmartLogHangsUnderTheMqttServer(): void
    {
        $parent = IPS_GetInstance($this->smartLog)['ConnectionID'];
        $this->assertSame(self::MQTT_SERVER, IPS_GetInstance($parent)['ModuleInfo']['ModuleID']);
        $this->assertSame(102, IPS_GetInstance($this->smartLog)['InstanceStatus']);
        $this->assertSame([], IPS_GetInstanceListByModuleID(self::SMART_METER));
    }

    public function testEachExampleCreatesItsMeterWithItsValues(): void
    {
        $this->receive('SmartLog/SL-000123/19032401', 1);
        $electricity = $this->meter(self::SMART_METER, '19032401');
        $this->assertSame(12345670.0, $this->value($electricity, 'Energy'));
        $this->assertSame(842.3, $this->value($electricity, 'Power'));
        $this->assertSame(231.2, $this->value($electricity, 'Volts'));

        $this->receive('SmartLog/SL-000123/00000263', 2);
        $room = $this->meter(self::SMART_METER, '00000263');
        $this->assertSame(20.1, $this->value($room, 'External_temperature'));
        $this->assertSame(65.7, $this->value($room, 'Relative_humidity'));

        $this->receive('SmartLog/SL-000123/16531026', 3);
        $smoke = $this->meter(self::SMART_METER, '16531026');
        $this->assertSame(2920.0, $this->value($smoke, 'Remaining_battery_life_time'));

        $this->receive('SmartLog/SL-000123/System', 4);
        $system = $this->meter(self::SYSTEM, 'SL-000123');
        $this->assertSame('192.168.1.50', $this->value($system, 'IP_address'));
        $this->assertSame(-67.0, $this->value($system, 'RSSI'));

        $this->assertCount(3, IPS_GetInstanceListByModuleID(self::SMART_METER));
        $this->assertNotSame('', $this->value($this->smartLog, 'LastMessageTime'));
    }

    public function testWholeReportCreatesEveryMeter(): void
    {
        $this->receive('SmartLog/SL-000123', 5);
        $ids = array_map(static fn ($id) => IPS_GetProperty($id, 'SmartMeterID'), IPS_GetInstanceListByModuleID(self::SMART_METER));
        sort($ids);
        $this->assertContains('03006175', $ids);
        $this->assertContains('03007136', $ids);
        $this->assertSame(43.964, $this->value($this->meter(self::SMART_METER, '03006175'), 'Volume'));
        $this->assertSame(6.735, $this->value($this->meter(self::SMART_METER, '03007136'), 'Volume'));
    }

    public function testAnotherLoggersTopicIsFilteredOut(): void
    {
        $filter = IPS\InstanceManager::getInstanceInterface($this->smartLog)->GetReceiveDataFilter();
        // The filter is a regular expression over the packet's JSON text as the MQTT Server
        // writes it (slashes unescaped).
        $this->assertMatchesRegularExpression('~' . $filter . '~', json_encode(['Topic' => 'SmartLog/SL-000123/19032401'], JSON_UNESCAPED_SLASHES));
        $this->assertDoesNotMatchRegularExpression('~' . $filter . '~', json_encode(['Topic' => 'SmartLog/SL-000999/19032401'], JSON_UNESCAPED_SLASHES));
    }

    public function testBrokenPayloadCreatesNothing(): void
    {
        $this->push('SmartLog/SL-000123/19032401', '{"muc":');
        $this->assertSame([], IPS_GetInstanceListByModuleID(self::SMART_METER));
        $this->assertSame('', $this->value($this->smartLog, 'LastMessageTime'));
    }

    // The MQTT Server's packet to its children: one code point per payload byte.
    private function push(string $topic, string $payload): void
    {
        IPS\InstanceManager::getInstanceInterface($this->smartLog)->ReceiveData(json_encode([
            'DataID'           => self::MQTT_TO_CHILDREN,
            'PacketType'       => 3,
            'QualityOfService' => 0,
            'Retain'           => false,
            'Topic'            => $topic,
            'Payload'          => mb_convert_encoding($payload, 'UTF-8', 'ISO-8859-1'),
        ]));
    }

    private function receive(string $topic, int $example): void
    {
        $this->push($topic, file_get_contents(__DIR__ . '/examples/example' . $example . '.json'));
    }

    private function meter(string $moduleID, string $meterID): int
    {
        foreach (IPS_GetInstanceListByModuleID($moduleID) as $id) {
            if (IPS_GetProperty($id, 'SmartMeterID') === $meterID) {
                return $id;
            }
        }
        $this->fail("no instance of $moduleID for meter $meterID");
    }

    private function value(int $instanceID, string $ident)
    {
        $variable = @IPS_GetObjectIDByIdent($ident, $instanceID);
        $this->assertNotFalse($variable, "no variable $ident below $instanceID");
        return GetValue($variable);
    }
}

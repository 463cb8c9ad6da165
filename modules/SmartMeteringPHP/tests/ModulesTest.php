<?php

declare(strict_types=1);

require_once __DIR__ . '/harness/FakeKernel.php';
require_once __DIR__ . '/harness/Clock.php';

use PHPUnit\Framework\TestCase;
use SmartMetering\Guids;

/**
 * The module code (module.php files and traits) on the in-memory FakeKernel: the examples over
 * MQTT give the C++ edition's variables (fixtures/examples_mqtt.expected.json), and the gateway's
 * refusals, the configurator and the device options behave as the C++ edition's README says.
 */
final class ModulesTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../..';
    private int $server;

    protected function setUp(): void
    {
        FakeKernel::reset();
        FakeKernel::registerModule(['id' => FakeMqttServer::ID, 'name' => 'MQTT Server', 'type' => 2,
            'implemented' => ['{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}']], FakeMqttServer::class);
        FakeKernel::loadLibrary(__DIR__ . '/..');
        $this->server = FakeKernel::createInstance(FakeMqttServer::ID);
        FakeKernel::$objects[$this->server]['name'] = 'MQTT Server';
    }

    private static function example(int $n): string
    {
        return file_get_contents(self::ROOT . '/fixtures/examples/example' . $n . '.json');
    }

    private function publishAt(int $t, string $topic, string $payload): void
    {
        FakeKernel::$clock = 1741947300 + $t;
        FakeMqttServer::publish($this->server, $topic, $payload);
    }

    private static function instanceByName(string $name): int
    {
        foreach (FakeKernel::$objects as $id => $o) {
            if ($o['name'] === $name && isset(FakeKernel::$instances[$id])) {
                return $id;
            }
        }
        return 0;
    }

    public function testExamplesOverMqttGiveTheCppEditionsTree(): void
    {
        FakeKernel::createInstance(Guids::DISCOVERY);
        $this->publishAt(2, 'SmartLog/SL-000123/19032401', self::example(1));
        $this->publishAt(3, 'SmartLog/SL-000123/00000263', self::example(2));
        $this->publishAt(4, 'SmartLog/SL-000123/16531026', self::example(3));
        $this->publishAt(5, 'SmartLog/SL-000123/System', self::example(4));
        $configurator = self::instanceByName('Configurator SL-000123');
        $this->assertNotSame(0, $configurator);
        $this->assertSame(0, SM_CreateAll($configurator)); // AutoCreateMeters made them already
        $this->publishAt(902, 'SmartLog/SL-000123', self::example(5));
        $this->assertSame(0, SM_CreateAll($configurator));

        $expected = json_decode(file_get_contents(self::ROOT . '/fixtures/examples_mqtt.expected.json'), true);
        $tree = FakeKernel::tree();
        $expectedPaths = array_values(array_filter(array_keys($expected), static fn ($p) => str_starts_with($p, 'SmartMetering')));
        $paths = array_values(array_filter(array_keys($tree), static fn ($p) => str_starts_with($p, 'SmartMetering')));
        sort($expectedPaths);
        sort($paths);
        $this->assertSame($expectedPaths, $paths);
        foreach ($expectedPaths as $path) {
            $want = $expected[$path];
            $have = $tree[$path];
            if ($want['type'] === 'variable') {
                $this->assertSame([$want['ident'], $want['variableType'], $want['value'], $want['profile']],
                    [$have['ident'], $have['variableType'], $have['value'], $have['profile']], $path);
            } elseif ($want['type'] === 'instance') {
                ksort($have['properties']);
                $this->assertSame([$want['module'], $want['status'], $want['properties']],
                    [$have['module'], $have['status'], $have['properties']], $path);
            }
        }
        $this->assertSame(1, FakeKernel::$profiles['SM_W']['digits']);
        $this->assertSame(' m³', FakeKernel::$profiles['SM_m3']['suffix']);
    }

    private function smartLog(bool $autoCreate = false): int
    {
        $gateway = FakeKernel::createInstance(Guids::SMART_LOG);
        IPS_SetConfiguration($gateway, json_encode(['SmartLogID' => 'SL-1', 'AutoCreateMeters' => $autoCreate]));
        IPS_ApplyChanges($gateway);
        return $gateway;
    }

    private static function report(string $meters, string $mucId = 'SL-1'): string
    {
        return '{"muc":{"MUC_ID":"' . $mucId . '","TIMESTAMP":1741947300,"meter":[' . $meters . ']}}';
    }

    public function testRefusedAndForeignReportsChangeNothing(): void
    {
        $gateway = $this->smartLog();
        $this->assertSame(102, FakeKernel::$instances[$gateway]['status']);
        $this->publishAt(1, 'SmartLog/SL-1/x', '{"muc":');
        $this->publishAt(2, 'SmartLog/SL-1/x', self::report('{"METER_ID":"A","data":[]}', 'SL-2'));
        $this->assertSame('[]', FakeKernel::$instances[$gateway]['attributes']['Meters']);
        $this->assertSame('', FakeKernel::$variables[FakeKernel::children($gateway)[0]]['value']);
        $this->assertSame([[$gateway, 'Report refused: not JSON: unexpected end of text at line 1 column 8', KL_ERROR]], FakeKernel::$log);
        // Another logger's topic does not even reach this instance.
        $this->publishAt(3, 'SmartLog/SL-10/x', self::report('{"METER_ID":"A","data":[]}', ''));
        $this->assertSame('[]', FakeKernel::$instances[$gateway]['attributes']['Meters']);
        $this->publishAt(4, 'SmartLog/SL-1/x', self::report('{"METER_ID":"A","MEDIUM":"Gas","data":[]},{"METER_ID":""}'));
        $meters = json_decode(FakeKernel::$instances[$gateway]['attributes']['Meters'], true);
        $this->assertSame([['MeterID' => 'A', 'Interface' => '', 'Manufacturer' => '', 'Type' => 'Gas', 'LastSeen' => 1741947304,
            'System' => false, 'New' => true]], $meters);
        $this->assertSame('2025-03-14 10:15:04', FakeKernel::$variables[FakeKernel::children($gateway)[0]]['value']);
        $this->assertSame('Report part skipped: meter[1]: "METER_ID" is empty', FakeKernel::$log[1][1]);
    }

    /** The gateway skips reading its list when a message changes no entry; the list stays what decoding gives. */
    public function testTheMeterListStaysExactWhenItIsNotRead(): void
    {
        $gateway = $this->smartLog();
        $configurator = FakeKernel::createInstance(Guids::CONFIGURATOR);
        IPS_ConnectInstance($configurator, $gateway);
        $list = static fn () => json_decode(FakeKernel::$instances[$gateway]['attributes']['Meters'], true);
        $this->publishAt(1, 'SmartLog/SL-1/A', self::report('{"METER_ID":"A","MANUFACTURER":"BMT","data":[]}'));
        $this->publishAt(1, 'SmartLog/SL-1/B', self::report('{"METER_ID":"B","data":[]}'));
        $this->assertTrue(SM_MarkAllAsSeen($configurator));
        // Same second, nothing new: the entry stays, "New" stays false.
        $this->publishAt(1, 'SmartLog/SL-1/A', self::report('{"METER_ID":"A","data":[]}'));
        $this->assertSame([['A', 'BMT', 1741947301, false], ['B', '', 1741947301, false]],
            array_map(static fn ($m) => [$m['MeterID'], $m['Manufacturer'], $m['LastSeen'], $m['New']], $list()));
        // Same second, another manufacturer: the entry changes. A later second within
        // MeterList::LAST_SEEN_STEP leaves LastSeen; a report a step later moves it.
        $this->publishAt(1, 'SmartLog/SL-1/A', self::report('{"METER_ID":"A","MANUFACTURER":"ABC","data":[]}'));
        $this->publishAt(2, 'SmartLog/SL-1/B', self::report('{"METER_ID":"B","data":[]}'));
        $this->assertSame([['A', 'ABC', 1741947301, false], ['B', '', 1741947301, false]],
            array_map(static fn ($m) => [$m['MeterID'], $m['Manufacturer'], $m['LastSeen'], $m['New']], $list()));
        $this->publishAt(61, 'SmartLog/SL-1/B', self::report('{"METER_ID":"B","data":[]}'));
        $this->assertSame([['A', 'ABC', 1741947301, false], ['B', '', 1741947361, false]],
            array_map(static fn ($m) => [$m['MeterID'], $m['Manufacturer'], $m['LastSeen'], $m['New']], $list()));
        // An unreadable list is reset by the next reader; then every meter is added again.
        FakeKernel::$instances[$gateway]['attributes']['Meters'] = '{broken';
        $this->assertSame([], json_decode(FakeKernel::call($gateway, 'ForwardData', '{"Function":"GetMeters"}'), true)['Meters']);
        $this->publishAt(2, 'SmartLog/SL-1/A', self::report('{"METER_ID":"A","data":[]}'));
        $this->publishAt(2, 'SmartLog/SL-1/B', self::report('{"METER_ID":"B","data":[]}'));
        $this->assertSame(['A', 'B'], array_column($list(), 'MeterID'));
        $this->assertSame([true, true], array_column($list(), 'New'));
    }

    public function testConfiguratorRowsCreateAndMarkSeen(): void
    {
        $gateway = $this->smartLog();
        $configurator = FakeKernel::createInstance(Guids::CONFIGURATOR);
        IPS_ConnectInstance($configurator, $gateway);
        $this->publishAt(1, 'SmartLog/SL-1', self::report('{"METER_ID":"7","INTERFACE":"02","MANUFACTURER":"BMT","data":[{"DESCRIPTION":"Energy","UNIT":"kWh","SCALE":"0.01","entry":[{"VAL":"1234"}]}]},'
            . '{"METER_ID":"7","INTERFACE":"05","MEDIUM":"Water","data":[]},{"METER_ID":"SL-1","MEDIUM":"Bus/System","data":[]}'));
        $rows = json_decode(SM_GetRows($configurator), true);
        $this->assertSame(['7', '7', 'SL-1'], array_column($rows, 'MeterId'));
        $this->assertSame(['Unknown', 'Water', 'System'], array_column($rows, 'Type'));
        $this->assertSame(['moduleID' => Guids::SMART_METER, 'configuration' => ['SmartMeterID' => '7', 'Interface' => '02'],
            'location' => ['SmartMetering', 'SmartLog SL-1', 'Unknown'], 'name' => '7 (Unknown)'], $rows[0]['create']);
        $this->assertSame(Guids::SYSTEM, $rows[2]['create']['moduleID']);
        $this->assertSame('yes', $rows[0]['New']);

        // One ID on two interfaces: each call creates the next missing one, then returns the first.
        $meter = SM_CreateMeter($configurator, '7');
        $second = SM_CreateMeter($configurator, '7');
        $this->assertNotSame($meter, $second);
        $this->assertSame('05', FakeKernel::$instances[$second]['properties']['Interface']);
        $this->assertSame($meter, SM_CreateMeter($configurator, '7'));
        $this->assertSame(['SmartMeterID' => '7', 'Interface' => '02', 'AutoCreateVariables' => true], FakeKernel::$instances[$meter]['properties']);
        // Connecting asked the gateway for the last record: the value is there at once.
        $energy = FakeKernel::children($meter)[0];
        $this->assertSame([12.34, 'SM_kWh', 'Energy'], [FakeKernel::$variables[$energy]['value'], FakeKernel::$variables[$energy]['profile'], FakeKernel::$objects[$energy]['name']]);
        $this->assertSame(1, SM_CreateAll($configurator)); // the System
        $this->assertSame(0, SM_CreateAll($configurator));
        $this->assertTrue(SM_MarkAllAsSeen($configurator));
        $this->assertSame(['', '', ''], array_column(json_decode(SM_GetRows($configurator), true), 'New'));
        try {
            SM_CreateMeter($configurator, 'never-seen');
            $this->fail('created a meter that was never seen');
        } catch (Exception $e) {
            $this->assertStringContainsString('Meter never-seen has not been seen', $e->getMessage());
        }
        $form = json_decode(FakeKernel::call($configurator, 'GetConfigurationForm'), true);
        $this->assertCount(3, $form['actions'][0]['values']);
    }

    public function testDevicesKeepOrSkipVariablesAsConfigured(): void
    {
        $gateway = $this->smartLog(true);
        $record = static fn ($val, $scale) => '{"METER_ID":"M","MEDIUM":"Water","data":[{"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":"' . $scale . '","entry":[{"VAL":"' . $val . '"}]}]}';
        $this->publishAt(1, 'SmartLog/SL-1/M', self::report($record('1', '1')));
        $meter = self::instanceByName('M (Water)');
        $this->assertNotSame(0, $meter);
        $this->publishAt(2, 'SmartLog/SL-1/M', self::report($record('1234', '0.001')));
        $this->assertSame(3, FakeKernel::$profiles['SM_m3']['digits']);          // raised
        $this->publishAt(3, 'SmartLog/SL-1/M', self::report($record('5', '1')));
        $this->assertSame(3, FakeKernel::$profiles['SM_m3']['digits']);          // never lowered
        $volume = FakeKernel::children($meter)[0];
        $this->assertSame(5.0, FakeKernel::$variables[$volume]['value']);
        // AutoCreateVariables off: a deleted variable stays deleted, the others are updated.
        IPS_SetProperty($meter, 'AutoCreateVariables', false);
        IPS_ApplyChanges($meter);
        unset(FakeKernel::$objects[$volume], FakeKernel::$variables[$volume]);
        $this->publishAt(4, 'SmartLog/SL-1/M', self::report($record('6', '1')));
        $this->assertSame([], FakeKernel::children($meter));
        // A device without an ID receives nothing and says so.
        $empty = FakeKernel::createInstance(Guids::SMART_METER);
        $this->assertSame(104, FakeKernel::$instances[$empty]['status']);
        $this->assertSame(Guids::RECEIVE_NOTHING, FakeKernel::$instances[$empty]['filter']);
    }

    public function testTheHttpsGatewayKeepsItsHookInWebHookControl(): void
    {
        FakeKernel::registerModule(['id' => FakeWebHookControl::ID, 'name' => 'WebHook Control', 'type' => 0], FakeWebHookControl::class);
        $control = FakeKernel::createInstance(FakeWebHookControl::ID);
        IPS_SetProperty($control, 'Hooks', '[{"TargetID":99,"Hook":"/hook/other"},"junk"]');
        IPS_ApplyChanges($control);
        $gateway = FakeKernel::createInstance(Guids::SMART_LOG_HTTPS);
        $this->assertSame(104, FakeKernel::$instances[$gateway]['status']);
        IPS_SetConfiguration($gateway, '{"SmartLogID":"SL-1"}');
        IPS_ApplyChanges($gateway);
        $this->assertSame('[{"Hook":"/hook/other","TargetID":99},{"Hook":"/hook/smartlog/SL-1","TargetID":' . $gateway . '}]',
            IPS_GetProperty($control, 'Hooks'));
        IPS_SetConfiguration($gateway, '{"SmartLogID":"SL-2"}');
        IPS_ApplyChanges($gateway);
        $this->assertSame('[{"Hook":"/hook/other","TargetID":99},{"Hook":"/hook/smartlog/SL-2","TargetID":' . $gateway . '}]',
            IPS_GetProperty($control, 'Hooks'));
        $form = json_decode(FakeKernel::call($gateway, 'GetConfigurationForm'), true);
        $this->assertSame('Report directory: /hook/smartlog/SL-2', $form['actions'][1]['caption']);
        $this->assertSame('Report address: https://127.0.0.1:43778 (only the loopback address is bound: a logger on the network cannot reach it)',
            $form['actions'][0]['caption']);
        FakeKernel::call($gateway, 'Destroy');
        $this->assertSame('[{"Hook":"/hook/other","TargetID":99}]', IPS_GetProperty($control, 'Hooks'));
    }

    public function testAVariableTheUserMovedKeepsBeingUpdatedThere(): void
    {
        $this->smartLog(true);
        $record = static fn ($val) => '{"METER_ID":"M","MEDIUM":"Water","data":[{"DESCRIPTION":"Volume","UNIT":"m^3","entry":[{"VAL":' . $val . '}]}]}';
        $this->publishAt(1, 'SmartLog/SL-1/M', self::report($record('"1"')));
        $meter = self::instanceByName('M (Water)');
        $volume = FakeKernel::children($meter)[0];
        $folder = IPS_CreateCategory();
        IPS_SetParent($volume, $folder);
        $this->publishAt(2, 'SmartLog/SL-1/M', self::report($record('"2"')));
        $this->assertSame([], FakeKernel::children($meter)); // no duplicate under the instance
        $this->assertSame(2.0, FakeKernel::$variables[$volume]['value']);
        // A value of another type replaces it where it is, with its name and position.
        IPS_SetName($volume, 'My volume');
        $this->publishAt(3, 'SmartLog/SL-1/M', self::report($record('"lots"')));
        $moved = FakeKernel::children($folder);
        $this->assertCount(1, $moved);
        $this->assertSame(['My volume', 'Volume'], [FakeKernel::$objects[$moved[0]]['name'], FakeKernel::$objects[$moved[0]]['ident']]);
        $this->assertSame('lots', FakeKernel::$variables[$moved[0]]['value']);
        $this->assertSame(['Volume' => $moved[0]], json_decode(FakeKernel::$instances[$meter]['attributes']['VariableLinks'], true));
        // Deleted by the user: with AutoCreateVariables it comes back under the instance.
        IPS_DeleteVariable($moved[0]);
        $this->publishAt(4, 'SmartLog/SL-1/M', self::report($record('"5"')));
        $this->assertCount(1, FakeKernel::children($meter));
    }

    /**
     * A device keeps the IDs of its registered variables and then only sets their values; what
     * could make registering or the profile check do something again (a variable deleted or moved
     * away, an ident changed, a profile created, deleted or given other digits) empties that list,
     * and the next report registers.
     */
    public function testADeviceRegistersAgainOnlyWhenSomethingChanged(): void
    {
        $this->smartLog(true);
        $record = static fn ($val) => '{"METER_ID":"M","MEDIUM":"Water","data":[{"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":"0.5","entry":[{"VAL":"' . $val . '"}]}]}';
        $this->publishAt(1, 'SmartLog/SL-1/M', self::report($record('1')));
        $meter = self::instanceByName('M (Water)');
        $registered = static fn (): string => FakeKernel::$instances[$meter]['buffers']['Registered'] ?? '';
        $volume = FakeKernel::children($meter)[0];
        $this->assertStringEndsWith("\x1e" . $volume, $registered());
        $this->publishAt(2, 'SmartLog/SL-1/M', self::report($record('2')));
        $this->assertSame(1.0, FakeKernel::$variables[$volume]['value']);

        IPS_SetIdent($volume, 'Renamed');
        $this->assertSame('', $registered());
        $this->publishAt(3, 'SmartLog/SL-1/M', self::report($record('3')));
        $this->assertCount(2, FakeKernel::children($meter)); // a new "Volume" next to "Renamed"
        $this->assertSame(1.0, FakeKernel::$variables[$volume]['value']);

        IPS_DeleteVariableProfile('SM_m3');
        $this->assertSame('', $registered());
        $this->publishAt(4, 'SmartLog/SL-1/M', self::report($record('4')));
        $this->assertArrayHasKey('SM_m3', FakeKernel::$profiles);
        $this->assertNotSame('', $registered());

        IPS_SetVariableProfileDigits('SM_m3', 0); // lowered by the user: raised again
        $this->assertSame('', $registered());
        $this->publishAt(5, 'SmartLog/SL-1/M', self::report($record('5')));
        $this->assertSame(1, FakeKernel::$profiles['SM_m3']['digits']);

        IPS_DeleteVariable((int) substr($registered(), strrpos($registered(), "\x1e") + 1));
        $this->assertSame('', $registered());
        $this->publishAt(6, 'SmartLog/SL-1/M', self::report($record('5')));
        $this->assertCount(2, FakeKernel::children($meter));
    }

    /**
     * A device reads its buffer "Registered" once per text (a static cache keyed by the text): each
     * text, read again, changed, read back after another one, empty or broken, reads as a device
     * that never read a buffer before (a new instance) reads it.
     */
    public function testTheBufferRegisteredReadsAsReadAfresh(): void
    {
        $read = static function (int $id, string $text): ?array {
            FakeKernel::$instances[$id]['buffers']['Registered'] = $text;
            $device = new SmartMeter($id); // a new object per call, as Symcon makes
            return \Closure::bind(fn () => $this->LoadRegistered(), $device, SmartMeter::class)();
        };
        $layout = static fn (string $ident, int $digits) => json_encode([$ident, 2, 'SM_W', $digits, 'B', 3, '', null]);
        $texts = ['["M1",""]' . "\x1e" . $layout('A', 1) . "\x1e" . '11,12', '["M1",""]' . "\x1e" . $layout('A', 1) . "\x1e" . '11,12',
            '["M1",""]' . "\x1e" . $layout('A', 2) . "\x1e" . '11,12', '["M1","05"]' . "\x1e" . $layout('A', 2) . "\x1e" . '11,12',
            '["M1",""]' . "\x1e" . $layout('A', 1) . "\x1e" . '11,12', '["M1",""]' . "\x1e" . $layout('A', 1) . "\x1e" . '11,13',
            '', '["M1",""]' . "\x1e" . $layout('A', 1), '["M1",""]' . "\x1e" . 'x' . "\x1e" . '11,12', 'x',
            '["M1",""]' . "\x1e" . $layout('A', 1) . "\x1e" . '11,12'];
        $device = FakeKernel::createInstance(Guids::SMART_METER);
        $reads = [];
        foreach ($texts as $text) {
            $fresh = $read(FakeKernel::createInstance(Guids::SMART_METER), $text);
            $reads[] = $read($device, $text);
            $this->assertSame($fresh, end($reads), var_export($text, true));
        }
        $this->assertSame(['M1', '', ['A', 2, 'SM_W', 1, 'B', 3, '', null], [11, 12]], $reads[0]);
        $this->assertNull($reads[6]);
    }

    /**
     * A device compares a packet's variables with the kept layout in place (HasLayout()) instead
     * of building the packet's layout (Layout()) and comparing arrays: the same answer for layouts
     * that differ in each item, in length, in order or in key form, and for variables without Digits.
     */
    public function testTheLayoutComparisonIsComparingTheBuiltLayout(): void
    {
        $call = static fn (string $method, array ...$args) => \Closure::bind(
            static fn () => SmartMeter::$method(...$args), null, SmartMeter::class)();
        $variables = [
            ['Ident' => 'Energy', 'Name' => 'Energy', 'Type' => 2, 'Value' => 1.5, 'Profile' => 'SM_Wh', 'Suffix' => ' Wh', 'Digits' => 1],
            ['Ident' => 'Power', 'Name' => 'Power', 'Type' => 1, 'Value' => 3, 'Profile' => ''],
            ['Ident' => 'State', 'Name' => 'State', 'Type' => 3, 'Value' => 'x', 'Profile' => '', 'Digits' => null],
        ];
        $built = $call('Layout', $variables);
        $layouts = [$built, [], array_slice($built, 0, 8), array_merge($built, ['X', 1, '', null]), array_reverse($built),
            array_combine(array_map('strval', array_keys($built)), $built), array_reverse($built, true)];
        foreach (array_keys($built) as $i) {
            foreach (['Energy', 2, 2.0, '2', 'SM_Wh', 1, null, '', false] as $other) {
                $changed = $built;
                $changed[$i] = $other;
                $layouts[] = $changed;
            }
        }
        $variableSets = [$variables, [], array_slice($variables, 0, 2), [$variables[1], $variables[0], $variables[2]]];
        foreach ($variableSets as $set) {
            foreach ($layouts as $layout) {
                $this->assertSame($call('Layout', $set) === $layout, $call('HasLayout', $set, $layout),
                    json_encode([$set, $layout]));
            }
        }
        $this->assertTrue($call('HasLayout', $variables, $built));
    }

    /**
     * The discovery reads a packet's topic from its text and decodes only packets of unknown
     * loggers: a known logger gets no second SmartLog, a deleted one is replaced, and a topic
     * the text holds escaped (here a quote in the ID) is still read (by decoding the packet).
     */
    public function testTheDiscoveryFollowsItsKnownLoggers(): void
    {
        FakeKernel::createInstance(Guids::DISCOVERY);
        $smartLogs = static fn (): array => IPS_GetInstanceListByModuleID(Guids::SMART_LOG);
        $this->publishAt(1, 'SmartLog/SL-7/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $first = self::instanceByName('SmartLog SL-7');
        $this->assertNotSame(0, $first);
        $this->publishAt(2, 'SmartLog/SL-7/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $this->assertSame([$first], $smartLogs());
        IPS_DeleteInstance($first);
        $this->publishAt(3, 'SmartLog/SL-7/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $second = self::instanceByName('SmartLog SL-7');
        $this->assertNotSame(0, $second);
        $this->assertNotSame($first, $second);
        $this->assertSame([$second], $smartLogs());
        $this->publishAt(4, 'SmartLog/SL-"8/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $this->assertNotSame(0, self::instanceByName('SmartLog SL-"8'));
        $this->publishAt(5, 'SmartLog/SL-"8/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $this->assertCount(2, $smartLogs());
    }

    /**
     * The discovery's receive filter leaves out the topics of loggers that have a SmartLog, so
     * their packets do not reach it; a SmartLog deleted or given another SmartLogID lets them in
     * again, and one made elsewhere is added when its logger's next packet arrives.
     */
    public function testTheDiscoveryFilterLeavesOutKnownLoggers(): void
    {
        $discovery = FakeKernel::createInstance(Guids::DISCOVERY);
        $passes = static function (string $topic) use ($discovery): bool {
            $filter = FakeKernel::$instances[$discovery]['filter'];
            return preg_match('/' . str_replace('/', '\/', $filter) . '/', json_encode(['Topic' => $topic],
                JSON_UNESCAPED_SLASHES)) === 1;
        };
        $this->assertTrue($passes('SmartLog/SL-7/M'));
        $this->publishAt(1, 'SmartLog/SL-7/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $first = self::instanceByName('SmartLog SL-7');
        $this->assertFalse($passes('SmartLog/SL-7/M'));
        $this->assertFalse($passes('SmartLog/SL-7'));
        $this->assertTrue($passes('SmartLog/SL-70/M'));
        $this->assertTrue($passes('SmartLog/SL-/M'));
        $this->assertTrue($passes('SmartLog/SL-8/M'));

        IPS_SetProperty($first, 'SmartLogID', 'SL-9');
        IPS_ApplyChanges($first);
        $this->assertTrue($passes('SmartLog/SL-7/M'));
        $this->assertFalse($passes('SmartLog/SL-9/M'));
        IPS_DeleteInstance($first);
        $this->assertTrue($passes('SmartLog/SL-9/M'));

        // A SmartLog made by a script: its logger's next packet still reaches the discovery, which
        // makes no second SmartLog and leaves that logger out from then on.
        $own = FakeKernel::createInstance(Guids::SMART_LOG);
        IPS_SetProperty($own, 'SmartLogID', 'SL-5');
        IPS_ApplyChanges($own);
        $this->publishAt(2, 'SmartLog/SL-5/M', self::report('{"METER_ID":"A","data":[]}', ''));
        $this->assertSame(0, self::instanceByName('SmartLog SL-5'));
        $this->assertFalse($passes('SmartLog/SL-5/M'));
    }

    public function testABadTopicTemplateSetsStatus202(): void
    {
        $gateway = $this->smartLog();
        IPS_SetProperty($gateway, 'TopicTemplate', 'SmartLog/#/x');
        IPS_ApplyChanges($gateway);
        $this->assertSame(202, FakeKernel::$instances[$gateway]['status']);
        $this->assertSame(Guids::RECEIVE_NOTHING, FakeKernel::$instances[$gateway]['filter']);
        $this->assertStringStartsWith('Invalid topic template: ', end(FakeKernel::$log)[1]);
    }
}

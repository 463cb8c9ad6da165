<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// The CoreStubs Archive Control as suites use it to feed logged values to a module.
class ArchiveTest extends TestCase
{
    private $archive;
    private $variable;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/CoreStubs/library.json');
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        parent::setUp();
        $this->archive = IPS_CreateInstance('{43192F0B-135B-4CE7-A0A7-1475603F3060}');
        $this->variable = IPS_CreateVariable(VARIABLETYPE_FLOAT);
    }

    public function testLoggedValuesComeBackNewestFirst(): void
    {
        AC_SetLoggingStatus($this->archive, $this->variable, true);
        AC_AddLoggedValues($this->archive, $this->variable, [
            ['TimeStamp' => 100, 'Value' => 1.5],
            ['TimeStamp' => 200, 'Value' => 2.5],
            ['TimeStamp' => 300, 'Value' => 3.5],
        ]);
        $values = AC_GetLoggedValues($this->archive, $this->variable, 150, 400, 0);
        $this->assertSame([3.5, 2.5], array_column($values, 'Value'));
        $this->assertCount(1, AC_GetLoggedValues($this->archive, $this->variable, 0, 400, 1));
    }

    public function testAddingRequiresLogging(): void
    {
        $this->expectExceptionMessage('requires active logging');
        AC_AddLoggedValues($this->archive, $this->variable, [['TimeStamp' => 1, 'Value' => 1.0]]);
    }

    public function testValuesBeforeTheNewestAreRefused(): void
    {
        AC_SetLoggingStatus($this->archive, $this->variable, true);
        AC_AddLoggedValues($this->archive, $this->variable, [['TimeStamp' => 500, 'Value' => 1.0]]);
        $this->expectExceptionMessage('before the newest');
        AC_AddLoggedValues($this->archive, $this->variable, [['TimeStamp' => 400, 'Value' => 1.0]]);
    }

    public function testAggregatedValues(): void
    {
        AC_StubsAddAggregatedValues($this->archive, $this->variable, 1, [
            ['TimeStamp' => 0, 'Duration' => 86400, 'Avg' => 1.0],
            ['TimeStamp' => 86400, 'Duration' => 86400, 'Avg' => 2.0],
        ]);
        $rows = AC_GetAggregatedValues($this->archive, $this->variable, 1, 0, 86399, 0);
        $this->assertSame([1.0], array_column($rows, 'Avg'));
    }

    public function testArchiveSettingsAreKeptPerVariable(): void
    {
        // What a counter module sets up in ApplyChanges.
        AC_SetLoggingStatus($this->archive, $this->variable, true);
        AC_SetAggregationType($this->archive, $this->variable, 1);
        AC_SetGraphStatus($this->archive, $this->variable, true);
        AC_SetCounterIgnoreZeros($this->archive, $this->variable, true);
        IPS_ApplyChanges($this->archive);
        $this->assertSame(1, AC_GetAggregationType($this->archive, $this->variable));
        $this->assertTrue(AC_GetGraphStatus($this->archive, $this->variable));
        $this->assertTrue(AC_GetCounterIgnoreZeros($this->archive, $this->variable));
        $other = IPS_CreateVariable(VARIABLETYPE_FLOAT);
        $this->assertSame(0, AC_GetAggregationType($this->archive, $other));
        $this->assertFalse(AC_GetGraphStatus($this->archive, $other));
        $this->assertTrue(AC_ReAggregateVariable($this->archive, $this->variable));
    }

    public function testDeleteChangeAndListVariableData(): void
    {
        AC_SetLoggingStatus($this->archive, $this->variable, true);
        AC_AddLoggedValues($this->archive, $this->variable, [
            ['TimeStamp' => 100, 'Value' => 1.0], ['TimeStamp' => 200, 'Value' => 2.0], ['TimeStamp' => 300, 'Value' => 3.0],
        ]);
        $this->assertSame(1, AC_DeleteVariableData($this->archive, $this->variable, 150, 250));
        $this->assertSame([3.0, 1.0], array_column(AC_GetLoggedValues($this->archive, $this->variable, 0, 1000, 0), 'Value'));

        $renamed = IPS_CreateVariable(VARIABLETYPE_FLOAT);
        AC_ChangeVariableID($this->archive, $this->variable, $renamed);
        $this->assertSame([], AC_GetLoggedValues($this->archive, $this->variable, 0, 1000, 0));
        $this->assertTrue(AC_GetLoggingStatus($this->archive, $renamed));
        $list = AC_GetAggregationVariables($this->archive, false);
        $this->assertSame([$renamed], array_column($list, 'VariableID'));
        $this->assertSame([2, 100, 300], [$list[0]['RecordCount'], $list[0]['FirstTime'], $list[0]['LastTime']]);

        $this->assertSame(2, AC_DeleteVariableData($this->archive, $renamed, 0, 0));
        $this->assertSame([], AC_GetLoggedValues($this->archive, $renamed, 0, 1000, 0));
    }
}

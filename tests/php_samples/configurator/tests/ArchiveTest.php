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
}

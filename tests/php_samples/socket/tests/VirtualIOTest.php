<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// The IOStubs stand-ins keep what children send across calls (in a buffer, not a member).
class VirtualIOTest extends TestCase
{
    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/IOStubs/library.json');
        parent::setUp();
    }

    public function testTextFromChildrenIsQueued(): void
    {
        $io = IPS_CreateInstance('{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}');
        $this->assertSame('', IPS_GetProperty($io, 'Host'));
        $json = json_encode(['DataID' => '{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}', 'Buffer' => mb_convert_encoding("a\xFFb", 'UTF-8', 'ISO-8859-1')]);
        IPS\InstanceManager::getInstanceInterface($io)->ForwardData($json);
        IPS\InstanceManager::getInstanceInterface($io)->ForwardData($json);
        $this->assertTrue(CSCK_HasText($io));
        $this->assertSame("a\xFFb", CSCK_PopText($io));
        $this->assertSame("a\xFFb", IPS\InstanceManager::getInstanceInterface($io)->PeekText());
        CSCK_PopText($io);
        $this->assertFalse(CSCK_HasText($io));
    }

    public function testUnknownDataIdIsRefused(): void
    {
        $io = IPS_CreateInstance('{6179ED6A-FC31-413C-BB8E-1204150CF376}');
        $this->expectExceptionMessage('Unsupported DataID');
        IPS\InstanceManager::getInstanceInterface($io)->ForwardData(json_encode(['DataID' => '{00000000-0000-0000-0000-000000000000}']));
    }
}

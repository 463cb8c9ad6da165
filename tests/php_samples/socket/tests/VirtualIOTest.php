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

    public function testEveryIOStubLoadsWithItsOfficialGuid(): void
    {
        foreach (['{6179ED6A-FC31-413C-BB8E-1204150CF376}', '{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}',
            '{2FADB4B7-FDAB-3C64-3E2C-068A4809849A}', '{4CB91589-CE01-4700-906F-26320EFCF6C4}',
            '{82347F20-F541-41E1-AC5B-A636FD3AE2D8}', '{BAB408E0-0A0F-48C3-B14E-9FB2FA81F66A}',
            '{6DC3D946-0D31-450F-A8C6-C42DB8D7D4F1}', '{A5F663AB-C400-4FE5-B207-4D67CC030564}'] as $guid) {
            $id = IPS_CreateInstance($guid);
            $this->assertSame(IS_ACTIVE, IPS_GetInstance($id)['InstanceStatus'], $guid);
        }
    }

    public function testModbusRequestsAreQueuedAsJson(): void
    {
        $gateway = IPS_CreateInstance('{A5F663AB-C400-4FE5-B207-4D67CC030564}');
        $request = json_encode(['DataID' => '{E310B701-4AE7-458E-B618-EC13A1A6F6A8}', 'Function' => 3, 'Address' => 40001, 'Quantity' => 2, 'Data' => '']);
        IPS\InstanceManager::getInstanceInterface($gateway)->ForwardData($request);
        $this->assertSame($request, MBGT_PopText($gateway));
        $this->assertSame(1, IPS_GetProperty($gateway, 'DeviceID'));
    }
}

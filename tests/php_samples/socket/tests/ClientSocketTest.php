<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// IOStubs' Client Socket is symemu's real core module, with the official stubs' test helpers.
class ClientSocketTest extends TestCase
{
    private $device;
    private $socket;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/IOStubs/library.json');
        parent::setUp();

        $this->device = IPS_CreateInstance('{5E3A0003-0002-4000-8000-000000000001}');
        $this->socket = IPS_GetInstance($this->device)['ConnectionID'];
    }

    public function testTheParentIsTheRealClientSocketAndActive(): void
    {
        $this->assertSame('{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}', IPS_GetInstance($this->socket)['ModuleInfo']['ModuleID']);
        $this->assertSame('Client Socket', IPS_GetModule('{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}')['ModuleName']);
        $this->assertSame(IS_ACTIVE, IPS_GetInstance($this->socket)['InstanceStatus']);
        // Open with a host nothing listens on: still active, nothing connects with the network off.
        IPS_SetProperty($this->socket, 'Open', true);
        IPS_SetProperty($this->socket, 'Host', '127.0.0.1');
        IPS_SetProperty($this->socket, 'Port', 1);
        IPS_ApplyChanges($this->socket);
        $this->assertSame(IS_ACTIVE, IPS_GetInstance($this->socket)['InstanceStatus']);
    }

    public function testPushedTextReachesTheDeviceAndItsAnswerIsQueued(): void
    {
        $this->assertFalse(CSCK_HasText($this->socket));
        CSCK_PushText($this->socket, "ping\xFF");
        $this->assertSame("ping\xFF", GetValue(IPS_GetObjectIDByIdent('Last', $this->device)));
        $this->assertTrue(CSCK_HasText($this->socket));
        $this->assertSame("PING\xFF", CSCK_PeekText($this->socket));
        $this->assertSame("PING\xFF", CSCK_PopText($this->socket));
        $this->assertFalse(CSCK_HasText($this->socket));
    }

    public function testPopOnAnEmptyQueueSaysSo(): void
    {
        $this->expectExceptionMessage('There is not data available');
        CSCK_PopText($this->socket);
    }

    public function testUnknownDataIdIsRefused(): void
    {
        $this->expectExceptionMessage('unsupported DataID');
        IPS\InstanceManager::getInstanceInterface($this->socket)->ForwardData(json_encode(['DataID' => '{00000000-0000-0000-0000-000000000000}', 'Buffer' => 'x']));
    }
}

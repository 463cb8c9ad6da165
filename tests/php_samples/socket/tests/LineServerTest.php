<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

class LineServerTest extends TestCase
{
    private $instance;
    private $socket;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/IOStubs/library.json');
        parent::setUp();

        $this->instance = IPS_CreateInstance('{5E3A0003-0001-4000-8000-000000000001}');
        $this->socket = IPS_GetInstance($this->instance)['ConnectionID'];
    }

    public function testSocketIsActiveFromTheStart(): void
    {
        // As with the official stubs' sockets: with the network off nothing can fail to listen.
        $this->assertSame(IS_ACTIVE, IPS_GetInstance($this->socket)['InstanceStatus']);
        $this->assertSame('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}', IPS_GetInstance($this->socket)['ModuleInfo']['ModuleID']);
    }

    public function testPingIsAnswered(): void
    {
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $io->PushConnect('10.0.0.2', 4000);
        $io->PushPacket("PING\n", '10.0.0.2', 4000);
        $this->assertTrue($io->HasPacket());
        $this->assertEquals(['Type' => 0, 'Buffer' => "PONG\n", 'ClientIP' => '10.0.0.2', 'ClientPort' => 4000], $io->PopPacket());
        $this->assertFalse($io->HasPacket());
    }

    public function testLinesSplitAcrossPacketsAreJoined(): void
    {
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $io->PushConnect('10.0.0.2', 4000);
        $io->PushPacket('SE', '10.0.0.2', 4000);
        $this->assertFalse($io->HasPacket());
        $io->PushPacket("T 42\nPI", '10.0.0.2', 4000);
        $this->assertSame(42, GetValue(IPS_GetObjectIDByIdent('Value', $this->instance)));
        $this->assertSame("OK\n", $io->PopPacket()['Buffer']);
        $io->PushPacket("NG\n", '10.0.0.2', 4000);
        $this->assertSame("PONG\n", $io->PeekPacket()['Buffer']);
        $this->assertSame("PONG\n", $io->PopPacket()['Buffer']);
    }

    public function testClientsAreCounted(): void
    {
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $io->PushConnect('10.0.0.2', 4000);
        $io->PushConnect('10.0.0.3', 4001);
        $clients = IPS_GetObjectIDByIdent('Clients', $this->instance);
        $this->assertSame(2, GetValue($clients));
        $io->PushDisconnect('10.0.0.2', 4000);
        $this->assertSame(1, GetValue($clients));
    }

    public function testBinaryBytesKeepTheirValue(): void
    {
        SLS_Send($this->instance, "\x00\xFF\x80", '10.0.0.9', 1);
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $this->assertSame("\x00\xFF\x80", $io->PopPacket()['Buffer']);
    }

    public function testPopWithoutPacketFails(): void
    {
        $this->expectException(Exception::class);
        IPS\InstanceManager::getInstanceInterface($this->socket)->PopPacket();
    }
}

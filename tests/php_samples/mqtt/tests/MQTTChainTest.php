<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/GlobalStubs.php';
include_once __DIR__ . '/stubs/KernelStubs.php';
include_once __DIR__ . '/stubs/ModuleStubs.php';
include_once __DIR__ . '/stubs/MessageStubs.php';

use PHPUnit\Framework\TestCase;

// Device -> splitter -> MQTT Server -> Server Socket, with an MQTT client played through the
// Server Socket's test helpers (PushConnect/PushPacket/PopPacket).
class MQTTChainTest extends TestCase
{
    private const DEVICE = '{5E3A0002-0002-4000-8000-000000000001}';
    private const CLIENT_IP = '127.0.0.1';
    private const CLIENT_PORT = 50001;

    private $device;
    private $splitter;
    private $socket;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        parent::setUp();

        $this->device = IPS_CreateInstance(self::DEVICE);
        $this->splitter = IPS_GetInstance($this->device)['ConnectionID'];
        $server = IPS_GetInstance($this->splitter)['ConnectionID'];
        $this->socket = IPS_GetInstance($server)['ConnectionID'];
        // As in Symcon, the Server Socket that ConnectParent created stays closed until opened.
        IPS_SetProperty($this->socket, 'Open', true);
        IPS_ApplyChanges($this->socket);
    }

    public function testParentsAreCreatedAsInSymcon(): void
    {
        $this->assertSame('{5E3A0002-0001-4000-8000-000000000001}', IPS_GetInstance($this->splitter)['ModuleInfo']['ModuleID']);
        $this->assertSame('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}', IPS_GetInstance($this->socket)['ModuleInfo']['ModuleID']);
    }

    public function testReceiveFilterIsVisibleAsInTheStubs(): void
    {
        $this->assertSame('.*"Topic":"lamp\/state".*', IPS\InstanceManager::getInstanceInterface($this->device)->GetReceiveDataFilter());
    }

    public function testPublishedStateReachesTheDevice(): void
    {
        $io = $this->connectClient();
        $io->PushPacket(self::publish('sample/lamp/state', 'ON'), self::CLIENT_IP, self::CLIENT_PORT);
        $this->assertTrue(GetValue(IPS_GetObjectIDByIdent('Power', $this->device)));

        $io->PushPacket(self::publish('sample/lamp/state', 'OFF'), self::CLIENT_IP, self::CLIENT_PORT);
        $this->assertFalse(GetValue(IPS_GetObjectIDByIdent('Power', $this->device)));
    }

    public function testOtherTopicsAreFilteredOut(): void
    {
        $io = $this->connectClient();
        $io->PushPacket(self::publish('other/lamp/state', 'ON'), self::CLIENT_IP, self::CLIENT_PORT);
        $this->assertFalse(GetValue(IPS_GetObjectIDByIdent('Power', $this->device)));
    }

    public function testSwitchPowerPublishesToSubscribers(): void
    {
        $io = $this->connectClient();
        // SUBSCRIBE packet id 1 to sample/#, QoS 0; the broker answers SUBACK.
        $io->PushPacket("\x82" . chr(2 + 2 + 8 + 1) . "\x00\x01" . self::string('sample/#') . "\x00", self::CLIENT_IP, self::CLIENT_PORT);
        $this->assertSame("\x90\x03\x00\x01\x00", $io->PopPacket()['Buffer']);

        SMQD_SwitchPower($this->device, true);

        $packet = $io->PopPacket();
        $this->assertSame(self::CLIENT_IP, $packet['ClientIP']);
        $this->assertSame(self::CLIENT_PORT, $packet['ClientPort']);
        $this->assertSame(self::publish('sample/lamp/set', 'ON'), $packet['Buffer']);
        $this->assertFalse($io->HasPacket());
    }

    public function testRequestActionPublishes(): void
    {
        $io = $this->connectClient();
        $io->PushPacket("\x82" . chr(2 + 2 + 8 + 1) . "\x00\x01" . self::string('sample/#') . "\x00", self::CLIENT_IP, self::CLIENT_PORT);
        $io->PopPacket();
        RequestAction(IPS_GetObjectIDByIdent('Power', $this->device), false);
        $this->assertSame(self::publish('sample/lamp/set', 'OFF'), $io->PopPacket()['Buffer']);
    }

    private function connectClient()
    {
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $io->PushConnect(self::CLIENT_IP, self::CLIENT_PORT);
        // CONNECT, MQTT 3.1.1, clean session, keep alive 60 s, client id "test".
        $variable = self::string('MQTT') . "\x04\x02\x00\x3C";
        $payload = self::string('test');
        $io->PushPacket("\x10" . chr(strlen($variable . $payload)) . $variable . $payload, self::CLIENT_IP, self::CLIENT_PORT);
        $this->assertSame("\x20\x02\x00\x00", $io->PopPacket()['Buffer'], 'CONNACK');
        return $io;
    }

    private static function string(string $text): string
    {
        return pack('n', strlen($text)) . $text;
    }

    private static function publish(string $topic, string $payload): string
    {
        $body = self::string($topic) . $payload;
        return "\x30" . chr(strlen($body)) . $body;
    }
}

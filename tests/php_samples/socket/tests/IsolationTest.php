<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// The parent process's pid. With the global state preserved, PHPUnit copies the parent's constants
// into the child, so the child can tell that it runs in a process of its own.
if (!defined('SAMPLE_PARENT_PID')) {
    define('SAMPLE_PARENT_PID', getmypid());
}

// @runInSeparateProcess as suites use it with the official stubs: each such test runs in a new
// php-cli process with a kernel of its own (docs/phpunit-stubs.md).
class IsolationTest extends TestCase
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

    /**
     * @runInSeparateProcess
     */
    public function testPingIsAnsweredInAChildProcess(): void
    {
        $this->assertNotSame(SAMPLE_PARENT_PID, getmypid());
        $io = IPS\InstanceManager::getInstanceInterface($this->socket);
        $io->PushConnect('10.0.0.2', 4000);
        $io->PushPacket("SET 7\nPING\n", '10.0.0.2', 4000);
        $this->assertSame(7, GetValue(IPS_GetObjectIDByIdent('Value', $this->instance)));
        $this->assertSame("OK\n", $io->PopPacket()['Buffer']);
        $this->assertSame("PONG\n", $io->PopPacket()['Buffer']);
    }

    /**
     * @runInSeparateProcess
     * @preserveGlobalState disabled
     */
    public function testTheChildKernelIsFreshWithoutTheParentsState(): void
    {
        // Only what setUp created: the line server and the Server Socket it required.
        $this->assertCount(1, IPS_GetInstanceListByModuleID('{5E3A0003-0001-4000-8000-000000000001}'));
        $this->assertCount(1, IPS_GetInstanceListByModuleID('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}'));
        $this->assertSame(0, GetValue(IPS_GetObjectIDByIdent('Value', $this->instance)));
        SLS_Send($this->instance, "hello\n", '10.0.0.9', 1);
        $this->assertSame("hello\n", IPS\InstanceManager::getInstanceInterface($this->socket)->PopPacket()['Buffer']);
    }

    /**
     * @runInSeparateProcess
     */
    public function testAnExpectedExceptionInTheChildIsSeen(): void
    {
        $this->expectException(Exception::class);
        IPS\InstanceManager::getInstanceInterface($this->socket)->PopPacket();
    }

    public function testTheParentKernelIsUntouchedByTheChildren(): void
    {
        if (!$this->isInIsolation()) { // unless the whole run isolates (--process-isolation)
            $this->assertSame(SAMPLE_PARENT_PID, getmypid());
        }
        $this->assertSame(0, GetValue(IPS_GetObjectIDByIdent('Value', $this->instance)));
        $this->assertCount(1, IPS_GetInstanceListByModuleID('{5E3A0003-0001-4000-8000-000000000001}'));
    }
}

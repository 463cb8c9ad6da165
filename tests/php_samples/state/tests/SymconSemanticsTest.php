<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// Where symemu behaves like Symcon rather than like the official stubs, and the switch back.
class SymconSemanticsTest extends TestCase
{
    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        parent::setUp();
    }

    public function testEveryCallGetsAFreshObjectAsInSymcon(): void
    {
        IPS\Kernel::keepModuleObjects(false);
        $id = IPS_CreateInstance('{5E3A0005-0001-4000-8000-000000000001}');
        $this->assertSame(1, SMC_Increment($id));
        $this->assertSame(1, SMC_Increment($id));
        $this->assertNotSame(IPS\InstanceManager::getInstanceInterface($id), IPS\InstanceManager::getInstanceInterface($id));
    }

    public function testSingleObjectSwitchKeepsMembersAsTheStubsDo(): void
    {
        IPS\Kernel::keepModuleObjects(true);
        $id = IPS_CreateInstance('{5E3A0005-0001-4000-8000-000000000001}');
        $interface = IPS\InstanceManager::getInstanceInterface($id);
        $this->assertSame(1, SMC_Increment($id));
        $this->assertSame(2, $interface->Increment());
        $this->assertSame(3, SMC_Increment($id));
        $this->assertSame($interface, IPS\InstanceManager::getInstanceInterface($id));
    }

    public function testExceptionsOfModuleFunctionsReachTheTestUnchanged(): void
    {
        $id = IPS_CreateInstance('{5E3A0005-0001-4000-8000-000000000001}');
        $this->expectException(SampleCounterException::class);
        $this->expectExceptionMessage('on purpose');
        SMC_Fail($id, 'on purpose');
    }

    public function testGetTimeIsTheClockTheTimersRead(): void
    {
        $id = IPS_CreateInstance('{5E3A0005-0002-4000-8000-000000000001}');
        $start = (int) IPS\Kernel::now();
        SCC_SetNow($id, $start + 150);
        $this->assertSame(2, GetValue(IPS_GetObjectIDByIdent('Ticks', $id)));
        $this->assertSame($start + 150, GetValue(IPS_GetObjectIDByIdent('LastTick', $id)));
        $this->assertSame((float) ($start + 150), IPS\Kernel::now());
        IPS\Kernel::advance(60);
        $this->assertSame(3, GetValue(IPS_GetObjectIDByIdent('Ticks', $id)));
    }

    public function testTimeReadsTheKernelClock(): void
    {
        $before = time();
        IPS\Kernel::advance(3600);
        $this->assertSame($before + 3600, time());
        $this->assertSame(date('Y-m-d H', $before + 3600), date('Y-m-d H'));
    }

    public function testVisualizationUpdatesAreListedByGetMessages(): void
    {
        $id = IPS_CreateInstance('{5E3A0005-0001-4000-8000-000000000001}');
        SMC_Show($id, 7);
        $messages = IPS\InstanceManager::getInstanceInterface($id)->getMessages();
        $this->assertCount(1, $messages);
        $this->assertSame(['7'], $messages[0]['Data']);
    }

    public function testKernelVersionFollowsIPS_VERSION(): void
    {
        $expected = defined('IPS_VERSION') ? (string) IPS_VERSION : '8.1';
        $this->assertSame($expected, IPS_GetKernelVersion());
    }
}

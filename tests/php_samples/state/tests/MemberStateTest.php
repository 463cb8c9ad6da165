<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

// Written against the official stubs, where one module object lives per instance: passes there,
// fails on symemu as the module would fail in Symcon, passes with SYMEMU_KEEP_OBJECTS=1.
class MemberStateTest extends TestCase
{
    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        parent::setUp();
    }

    public function testCounterKeepsCountInMember(): void
    {
        $id = IPS_CreateInstance('{5E3A0005-0001-4000-8000-000000000001}');
        SMC_Increment($id);
        $this->assertSame(2, SMC_Increment($id));
        $this->assertSame(2, IPS\InstanceManager::getInstanceInterface($id)->count);
    }
}

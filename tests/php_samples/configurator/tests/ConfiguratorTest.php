<?php

declare(strict_types=1);

include_once __DIR__ . '/stubs/autoload.php';

use PHPUnit\Framework\TestCase;

class ConfiguratorTest extends TestCase
{
    private $configurator;

    protected function setUp(): void
    {
        IPS\Kernel::reset();
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        IPS\ModuleLoader::loadLibrary(__DIR__ . '/stubs/CoreStubs/library.json');
        parent::setUp();

        $this->configurator = IPS_CreateInstance('{5E3A0004-0001-4000-8000-000000000001}');
        IPS_SetProperty($this->configurator, 'Names', "kitchen\nbath");
        IPS_ApplyChanges($this->configurator);
    }

    public function testUncreatedDevicesOfferCreation(): void
    {
        $values = json_decode(IPS_GetConfigurationForm($this->configurator), true)['actions'][0]['values'];
        $this->assertCount(2, $values);
        $this->assertSame(['name' => 'kitchen', 'instanceID' => 0, 'create' => [
            'moduleID' => '{5E3A0004-0002-4000-8000-000000000001}', 'configuration' => ['Name' => 'kitchen']]], $values[0]);
    }

    public function testCreatedDeviceIsListedWithItsInstance(): void
    {
        $device = IPS_CreateInstance('{5E3A0004-0002-4000-8000-000000000001}');
        IPS_SetConfiguration($device, json_encode(['Name' => 'bath']));
        IPS_ApplyChanges($device);

        $rows = SCFG_DeviceRows($this->configurator);
        $this->assertSame(0, $rows[0]['instanceID']);
        $this->assertSame($device, $rows[1]['instanceID']);
    }

    public function testCaptionIsTranslated(): void
    {
        $form = json_decode(IPS_GetConfigurationForm($this->configurator), true);
        $this->assertSame('Geräte', $form['actions'][0]['caption']);
    }

    public function testModuleObjectIsTheModuleClass(): void
    {
        $interface = IPS\InstanceManager::getInstanceInterface($this->configurator);
        $this->assertInstanceOf(SampleConfigurator::class, $interface);
        $this->assertInstanceOf(IPSModule::class, $interface);
        $this->assertCount(2, $interface->DeviceRows());
        $method = new ReflectionMethod($interface, 'DeviceRows');
        $this->assertTrue($method->isPublic());
    }

    public function testSystemProfilesExistAndCanBeReplaced(): void
    {
        $this->assertTrue(IPS\ProfileManager::variableProfileExists('~Temperature'));
        IPS\ProfileManager::createVariableProfile('~Temperature', VARIABLETYPE_FLOAT);
        IPS\ProfileManager::setVariableProfileText('~Temperature', '', ' K');
        IPS\ProfileManager::setVariableProfileDigits('~Temperature', 2);
        $device = IPS_CreateInstance('{5E3A0004-0002-4000-8000-000000000001}');
        $variable = IPS_GetObjectIDByIdent('Temperature', $device);
        SetValue($variable, 3.5);
        $this->assertSame('3.50 K', GetValueFormatted($variable));
    }

    public function testProfileAssociations(): void
    {
        IPS\ProfileManager::createVariableProfile('Sample.Mode', VARIABLETYPE_INTEGER);
        IPS\ProfileManager::setVariableProfileAssociation('Sample.Mode', 2, 'High', '', -1);
        IPS\ProfileManager::setVariableProfileAssociation('Sample.Mode', 1, 'Low', '', -1);
        $profile = IPS\ProfileManager::getVariableProfile('Sample.Mode');
        $this->assertSame(['Low', 'High'], array_column($profile['Associations'], 'Name'));
        IPS\ProfileManager::setVariableProfileAssociation('Sample.Mode', 1, '', '', -1);
        $this->assertSame(['High'], array_column(IPS_GetVariableProfile('Sample.Mode')['Associations'], 'Name'));
    }

    public function testActionsAreLoaded(): void
    {
        IPS\ActionPool::loadActions(__DIR__ . '/actions');
        $actions = json_decode(IPS\ActionPool::getActions(), true);
        $this->assertSame('{5E3A0004-00AC-4000-8000-000000000001}', $actions[0]['id']);
        $this->assertSame('42', IPS\ActionPool::runActionWait($actions[0]['id'], ['VALUE' => 42]));
    }
}

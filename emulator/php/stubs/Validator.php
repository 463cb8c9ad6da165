<?php

declare(strict_types=1);

// TestCaseSymconValidation: the checks a library and its modules must pass to load in Symcon
// (library.json, module.json, form.json, locale.json, typed parameters of exported functions),
// with the official stubs' class and method names. The module class is loaded through symemu's
// module API, so a module.php that would not load in the emulator fails here too.
require_once __DIR__ . '/autoload.php';

use PHPUnit\Framework\TestCase;

class TestCaseSymconValidation extends TestCase
{
    // The callbacks Symcon calls itself; they need no typed parameters.
    private const FRAMEWORK_METHODS = ['__construct', '__destruct', '__call', '__callStatic', '__get', '__set',
        '__isset', '__sleep', '__wakeup', '__toString', '__invoke', '__set_state', '__clone', '__debuginfo', 'Create',
        'Destroy', 'ApplyChanges', 'ReceiveData', 'ForwardData', 'RequestAction', 'MessageSink',
        'GetConfigurationForm', 'GetConfigurationForParent', 'Translate'];

    public function testNop(): void
    {
        $this->assertTrue(true);
    }

    protected function validateLibrary($folder): void
    {
        $library = $this->readJson($folder . '/library.json');

        $this->assertKeyOfType($library, 'id', 'string');
        $this->assertTrue($this->isGuid($library['id']), 'library.json: id is not a GUID');
        foreach (['author', 'name', 'url', 'version'] as $key) {
            $this->assertKeyOfType($library, $key, 'string');
        }
        $this->assertTrue($this->isUrl($library['url']), 'library.json: url must start with http:// or https://');
        $this->assertKeyOfType($library, 'build', 'int');
        $this->assertKeyOfType($library, 'date', 'int');

        // Seven keys, and optionally "compatibility" with a string version and an int date.
        if (array_key_exists('compatibility', $library)) {
            $this->assertCount(8, $library, 'library.json: unexpected keys');
            $this->assertIsArray($library['compatibility']);
            if (isset($library['compatibility']['version'])) {
                $this->assertIsString($library['compatibility']['version']);
            }
            if (isset($library['compatibility']['date'])) {
                $this->assertIsInt($library['compatibility']['date']);
            }
        } else {
            $this->assertCount(7, $library, 'library.json: unexpected keys');
        }
    }

    protected function validateModule($folder): void
    {
        $module = $this->readJson($folder . '/module.json');

        $this->assertKeyOfType($module, 'id', 'string');
        $this->assertTrue($this->isGuid($module['id']), 'module.json: id is not a GUID');
        $this->assertKeyOfType($module, 'name', 'string');
        $this->assertMatchesRegularExpression('/^[A-Za-z0-9](?:[A-Za-z0-9 _]*[A-Za-z0-9])?$/', $module['name'], 'module.json: name');
        $this->assertKeyOfType($module, 'type', 'int');
        $this->assertGreaterThanOrEqual(0, $module['type']);
        $this->assertLessThanOrEqual(5, $module['type']);
        $this->assertKeyOfType($module, 'vendor', 'string');
        $this->assertKeyOfType($module, 'aliases', 'array');
        $this->assertKeyOfType($module, 'url', 'string');
        $this->assertTrue($this->isUrl($module['url']), 'module.json: url must start with http:// or https://');
        foreach (['parentRequirements', 'childRequirements', 'implemented'] as $key) {
            $this->assertKeyOfType($module, $key, 'array');
            foreach ($module[$key] as $guid) {
                $this->assertIsString($guid);
                $this->assertTrue($this->isGuid($guid), "module.json: $key has a value that is not a GUID");
            }
        }
        $this->assertKeyOfType($module, 'prefix', 'string');
        $this->assertMatchesRegularExpression('/^[A-Z0-9]+$/', $module['prefix'], 'module.json: prefix');

        foreach (['form.json', 'locale.json'] as $optional) {
            if (file_exists($folder . '/' . $optional)) {
                $this->assertNotNull(json_decode(file_get_contents($folder . '/' . $optional)), "$optional is not valid JSON");
            }
        }

        // Exported functions (PREFIX_Name) need typed parameters.
        include_once $folder . '/module.php';
        $class = new \ReflectionClass(str_replace(' ', '', $module['name']));
        foreach ($class->getMethods(\ReflectionMethod::IS_PUBLIC) as $method) {
            // symemu's own IPSModule and IPSModuleStrict are the emulator's, not the module's.
            $declaring = $method->getDeclaringClass()->getName();
            if (in_array($method->getName(), self::FRAMEWORK_METHODS, true) || $declaring === 'IPSModule' || $declaring === 'IPSModuleStrict') {
                continue;
            }
            foreach ($method->getParameters() as $parameter) {
                $this->assertTrue($parameter->hasType(), sprintf('%s::%s: parameter $%s has no type', $class->getName(), $method->getName(), $parameter->getName()));
            }
        }
    }

    private function readJson(string $file): array
    {
        $this->assertFileExists($file);
        $data = json_decode(file_get_contents($file), true);
        $this->assertIsArray($data, "$file is not a JSON object");
        return $data;
    }

    private function assertKeyOfType(array $data, string $key, string $type): void
    {
        $this->assertArrayHasKey($key, $data);
        switch ($type) {
            case 'string':
                $this->assertIsString($data[$key], "$key must be a string");
                break;
            case 'int':
                $this->assertIsInt($data[$key], "$key must be an integer");
                break;
            default:
                $this->assertIsArray($data[$key], "$key must be an array");
        }
    }

    private function isGuid($text): bool
    {
        return is_string($text) && preg_match('/^\{?[A-Z0-9]{8}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{12}\}?$/', $text) === 1;
    }

    private function isUrl($text): bool
    {
        return is_string($text) && preg_match('#^https?://#', $text) === 1;
    }
}

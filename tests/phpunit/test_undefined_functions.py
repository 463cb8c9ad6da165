"""A function symemu does not offer fails with an error that names it, in php-cli with the stubs
as in the emulator (issue 11 point 3; the emulator's side: tests/php/test_php_faults.py)."""
from test_php_samples import one_module_library, passed, run_phpunit

MODULE = """<?php
class Missing extends IPSModule
{
    public function CallMissing(): void
    {
        IPS_NoSuchFunction(1);
    }

    public function MakeScript(): void
    {
        $this->RegisterScript('Ident', 'Name', '<?php');
    }
}
"""

SUITE = """<?php
include_once __DIR__ . '/stubs/autoload.php';
use PHPUnit\\Framework\\TestCase;
class MissingTest extends TestCase
{
    private $id;

    protected function setUp(): void
    {
        IPS\\Kernel::reset();
        IPS\\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        $this->id = IPS_CreateInstance('{5E3A0009-0001-4000-8000-000000000001}');
    }

    public function testAGlobalFunctionTheKernelLacksIsNamed(): void
    {
        $this->expectException(Error::class);
        $this->expectExceptionMessage('Call to undefined function IPS_CreateScript()');
        IPS_CreateScript(0);
    }

    public function testAModuleCallingAMissingFunctionNamesIt(): void
    {
        $this->expectException(Error::class);
        $this->expectExceptionMessage('Call to undefined function IPS_NoSuchFunction()');
        TST_CallMissing($this->id);
    }

    public function testThroughTheKernelTheFaultNamesTheFunctionToo(): void
    {
        try {
            IPS_RunScriptText('TST_CallMissing(' . $this->id . ');');
            $this->fail('no error');
        } catch (Throwable $e) {
            $this->assertStringContainsString('IPS_NoSuchFunction', $e->getMessage());
        }
        $this->assertNotEmpty(array_filter(IPS\\LogServer::getLogMessages((string) $this->id),
            static fn ($m) => str_contains($m['Message'], 'IPS_NoSuchFunction')));
    }

    public function testAModuleMethodNotOfferedSaysSo(): void
    {
        $this->expectExceptionMessage('RegisterScript is not offered by symemu yet');
        TST_MakeScript($this->id);
    }

    public function testAnExportedFunctionOfAnotherPrefixIsNamed(): void
    {
        $this->expectException(Error::class);
        $this->expectExceptionMessage('Call to undefined function TST_NoSuchMethod()');
        TST_NoSuchMethod($this->id);
    }
}
"""


def test_functions_symemu_does_not_offer_are_named(tmp_path):
    library, tests = one_module_library(tmp_path, "Missing", MODULE)
    (tests / "MissingTest.php").write_text(SUITE)
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(passed(results)) == 5, results

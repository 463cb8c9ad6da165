"""@runInSeparateProcess, @preserveGlobalState disabled and processIsolation="true" with symemu's
stubs: PHPUnit starts a new php-cli per test, which loads the extension again (the stubs pass it
on through PHP_INI_SCAN_DIR) and boots a fresh kernel (docs/phpunit-stubs.md)."""
from test_php_samples import EXTENSION, copy_library, failed, one_module_library, passed, run_phpunit

ISOLATED = ["IsolationTest::testAnExpectedExceptionInTheChildIsSeen",
            "IsolationTest::testPingIsAnsweredInAChildProcess",
            "IsolationTest::testTheChildKernelIsFreshWithoutTheParentsState",
            "IsolationTest::testTheParentKernelIsUntouchedByTheChildren"]


def isolation_results(results):
    return sorted(k for k in results if k.startswith("IsolationTest::"))


def test_run_in_separate_process_tests_pass_in_a_child(tmp_path):
    library = copy_library("socket", tmp_path)
    proc, results = run_phpunit(library, options=["--filter", "IsolationTest"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert passed(results) == ISOLATED, proc.stdout


def test_a_failing_assertion_in_a_child_is_reported_as_failure(tmp_path):
    library = copy_library("socket", tmp_path)
    test = library / "tests" / "IsolationTest.php"
    test.write_text(test.read_text().replace("$this->assertSame(7, GetValue", "$this->assertSame(8, GetValue"))
    proc, results = run_phpunit(library, options=["--filter", "IsolationTest"])
    assert proc.returncode != 0
    assert failed(results) == ["IsolationTest::testPingIsAnsweredInAChildProcess"]
    assert "Failed asserting that 7 is identical to 8" in results["IsolationTest::testPingIsAnsweredInAChildProcess"]


def test_whole_suites_pass_with_process_isolation(tmp_path):
    for name, count in [("mqtt", 10), ("socket", 21), ("configurator", 17)]:
        library = copy_library(name, tmp_path)
        proc, results = run_phpunit(library, options=["--process-isolation"])
        assert proc.returncode == 0, name + proc.stdout + proc.stderr
        assert failed(results) == [] and len(passed(results)) == count, (name, results)


def test_member_state_still_fails_in_isolation_and_the_switch_still_helps(tmp_path):
    library = copy_library("state", tmp_path)
    proc, results = run_phpunit(library, options=["--process-isolation"])
    assert failed(results) == ["MemberStateTest::testCounterKeepsCountInMember"], proc.stdout
    proc, results = run_phpunit(library, env={"SYMEMU_KEEP_OBJECTS": "1"}, options=["--process-isolation"])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_process_isolation_from_phpunit_xml_with_the_stubs_as_bootstrap(tmp_path):
    library = copy_library("socket", tmp_path)
    (library / "phpunit.xml").write_text(
        '<phpunit bootstrap="tests/stubs/autoload.php" processIsolation="true">'
        '<php><const name="PHPUNIT_TESTSUITE" value="true"/><const name="IPS_VERSION" value="7.1"/></php>'
        '</phpunit>\n')
    (library / "tests" / "VersionTest.php").write_text("""<?php
use PHPUnit\\Framework\\TestCase;
class VersionTest extends TestCase
{
    public function testTheChildSeesTheSuitesConstants(): void
    {
        IPS\\Kernel::reset();
        $this->assertTrue($this->isInIsolation());
        $this->assertTrue(PHPUNIT_TESTSUITE);
        $this->assertSame('7.1', IPS_GetKernelVersion());
    }
}
""")
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert failed(results) == [] and len(passed(results)) == 22, results


def test_extension_from_an_ini_file_is_not_loaded_twice_in_children(tmp_path):
    scan = tmp_path / "conf.d"
    scan.mkdir()
    (scan / "20-symemu.ini").write_text(f'extension="{EXTENSION}"\n')
    library = copy_library("socket", tmp_path)
    proc, results = run_phpunit(library, env={"PHP_INI_SCAN_DIR": f":{scan}"}, extension=False,
                                options=["--filter", "IsolationTest"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "already loaded" not in proc.stdout + proc.stderr
    assert passed(results) == ISOLATED


def test_a_kernel_error_in_a_child_reaches_the_test_not_stderr(tmp_path):
    """In a child every line on stderr fails the test; a module fault the test expects must not."""
    library, tests = one_module_library(tmp_path, "Faulty Device", """<?php
class FaultyDevice extends IPSModule
{
    public function Explode(): void
    {
        throw new Exception('exploded on purpose');
    }
}
""")
    (tests / "FaultTest.php").write_text("""<?php
include_once __DIR__ . '/stubs/autoload.php';
class FaultTest extends PHPUnit\\Framework\\TestCase
{
    /**
     * @runInSeparateProcess
     */
    public function testTheFaultIsAnExceptionAndInTheLog(): void
    {
        IPS\\Kernel::reset();
        IPS\\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        $id = IPS_CreateInstance('{5E3A0009-0001-4000-8000-000000000001}');
        try {
            IPS_RunScriptText('TST_Explode(' . $id . ');');
            $this->fail('no exception');
        } catch (Throwable $e) {
            $this->assertStringContainsString('exploded on purpose', $e->getMessage());
        }
    }
}
""")
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert passed(results) == ["FaultTest::testTheFaultIsAnExceptionAndInTheLog"]

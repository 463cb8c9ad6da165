"""PHPUnit suites of our PHP sample libraries, run as a module author runs them: the library's
tests/stubs is a symlink to <build>/php/stubs and Debian's phpunit 9.6 runs under php-cli with
the symemu extension (docs/phpunit-stubs.md)."""
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("SYMEMU_BUILD", REPO / "build"))
EXTENSION = BUILD / "php" / "symemu.so"
STUBS = BUILD / "php" / "stubs"
SAMPLES = REPO / "tests" / "php_samples"
PHPUNIT = shutil.which("phpunit") or "/usr/bin/phpunit"


def copy_library(name, tmp_path):
    """The sample library in a folder of its own, with tests/stubs linked as the recipe says."""
    target = tmp_path / name
    shutil.copytree(SAMPLES / name, target, ignore=shutil.ignore_patterns("stubs"))
    (target / "tests" / "stubs").symlink_to(STUBS)
    return target


def run_phpunit(library, env=None, extension=True, options=()):
    report = library / "junit.xml"
    cmd = ["php"]
    if extension:
        cmd += ["-d", f"extension={EXTENSION}"]
    cmd += [PHPUNIT, "--log-junit", str(report), *options, "tests"]
    proc = subprocess.run(cmd, cwd=library, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    results = {}
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            key = f"{case.get('class')}::{case.get('name')}"
            results[key] = None if problem is None else (problem.text or "")
    return proc, results


def passed(results):
    return sorted(k for k, v in results.items() if v is None)


def failed(results):
    return sorted(k for k, v in results.items() if v is not None)


@pytest.mark.parametrize("name, minimum", [("mqtt", 9), ("socket", 16), ("configurator", 17)])
def test_sample_suite_passes(tmp_path, name, minimum):
    library = copy_library(name, tmp_path)
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert failed(results) == []
    assert len(passed(results)) >= minimum, results


def test_member_state_fails_as_in_symcon(tmp_path):
    library = copy_library("state", tmp_path)
    proc, results = run_phpunit(library)
    assert proc.returncode != 0
    assert failed(results) == ["MemberStateTest::testCounterKeepsCountInMember"], proc.stdout
    assert "Failed asserting that 1 is identical to 2" in results["MemberStateTest::testCounterKeepsCountInMember"]
    assert "SymconSemanticsTest::testGetTimeIsTheClockTheTimersRead" in passed(results)


def test_member_state_passes_with_single_object_switch(tmp_path):
    library = copy_library("state", tmp_path)
    # A suite's constants as phpunit.xml sets them: IPS_VERSION is the reported kernel version.
    (library / "phpunit.xml").write_text(
        '<phpunit><php><const name="PHPUNIT_TESTSUITE" value="true"/>'
        '<const name="IPS_VERSION" value="7.1"/></php></phpunit>\n')
    proc, results = run_phpunit(library, env={"SYMEMU_KEEP_OBJECTS": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert failed(results) == []
    assert "SymconSemanticsTest::testKernelVersionFollowsIPS_VERSION" in passed(results)


def test_without_the_extension_the_stubs_say_what_is_missing(tmp_path):
    library = copy_library("socket", tmp_path)
    proc, _ = run_phpunit(library, extension=False)
    assert proc.returncode != 0
    assert "the symemu extension is not loaded" in proc.stderr


def one_module_library(tmp_path, name, module_php, parents="[]", implemented="[]"):
    """A library with one module (GUIDs {5E3A0009-...}) and a tests folder linked to the stubs."""
    library = tmp_path / "lib"
    module = library / name
    module.mkdir(parents=True)
    (library / "library.json").write_text(
        '{"id": "{5E3A0009-0000-4000-8000-000000000001}", "author": "t", "name": "T", "url": "https://x",'
        ' "version": "1", "build": 1, "date": 1}')
    (module / "module.json").write_text(
        '{"id": "{5E3A0009-0001-4000-8000-000000000001}", "name": "%s", "type": 3, "vendor": "t",'
        ' "aliases": [], "url": "https://x", "parentRequirements": %s, "childRequirements": [],'
        ' "implemented": %s, "prefix": "TST"}' % (name, parents, implemented))
    (module / "module.php").write_text(module_php)
    tests = library / "tests"
    tests.mkdir()
    (tests / "stubs").symlink_to(STUBS)
    return library, tests


def test_broken_library_is_reported_with_file_and_line(tmp_path):
    library, tests = one_module_library(
        tmp_path, "Broken Module", "<?php\nclass BrokenModule extends IPSModule {\n  public function ( {}\n}\n")
    (tests / "BrokenTest.php").write_text("""<?php
include_once __DIR__ . '/stubs/autoload.php';
class BrokenTest extends PHPUnit\\Framework\\TestCase
{
    public function testLoadFails(): void
    {
        IPS\\Kernel::reset();
        try {
            IPS\\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
            $this->fail('no exception');
        } catch (Exception $e) {
            $this->assertStringContainsString('module.php:3', $e->getMessage());
        }
        // The kernel goes on: a library that loads still works afterwards.
        $this->assertContains('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}', IPS_GetModuleList());
    }
}
""")
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert passed(results) == ["BrokenTest::testLoadFails"]


def test_fatal_error_in_a_kernel_callback_stays_inside_the_call(tmp_path):
    library, tests = one_module_library(tmp_path, "Fatal Device", """<?php
class FatalDevice extends IPSModule
{
    public function Create()
    {
        parent::Create();
        $this->RequireParent('{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}');
        $this->RegisterVariableString('Last', 'Last');
    }

    public function ReceiveData($JSONString)
    {
        $text = json_decode($JSONString, true)['Buffer'];
        if ($text === 'die') {
            trigger_error('fatal on purpose', E_USER_ERROR);
        }
        $this->SetValue('Last', $text);
        return '';
    }
}
""", parents='["{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}"]', implemented='["{7A1272A4-CBDB-46EF-BFC6-DCF4A53D2FC7}"]')
    (tests / "FatalTest.php").write_text("""<?php
include_once __DIR__ . '/stubs/autoload.php';
class FatalTest extends PHPUnit\\Framework\\TestCase
{
    public function testNextPacketStillWorks(): void
    {
        IPS\\Kernel::reset();
        IPS\\ModuleLoader::loadLibrary(__DIR__ . '/../library.json');
        $id = IPS_CreateInstance('{5E3A0009-0001-4000-8000-000000000001}');
        $io = IPS\\InstanceManager::getInstanceInterface(IPS_GetInstance($id)['ConnectionID']);
        $io->PushPacket('die', '10.0.0.1', 1);
        $this->assertSame('', GetValue(IPS_GetObjectIDByIdent('Last', $id)));
        $io->PushPacket('alive', '10.0.0.1', 1);
        $this->assertSame('alive', GetValue(IPS_GetObjectIDByIdent('Last', $id)));
    }
}
""")
    proc, results = run_phpunit(library)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert passed(results) == ["FatalTest::testNextPacketStillWorks"]
    assert "fatal on purpose" in proc.stderr  # the kernel log names the fault

"""`cmake --install` gives a self-contained symemu: the binary finds its libraries' data files
relative to itself (share/symemu/libraries), never in the source tree."""
import os
import shutil
import subprocess

from symemu_process import BUILD, ROOT, binary

FIXTURES = ROOT / "fixtures"


def run(args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kw)


def test_installed_symemu_replays_a_fixture_from_its_own_data(tmp_path):
    binary()  # the build exists
    prefix = tmp_path / "prefix"
    r = run(["cmake", "--install", BUILD, "--prefix", prefix])
    assert r.returncode == 0, r.stderr
    assert (prefix / "bin" / "symemu").exists()
    assert (prefix / "share/symemu/libraries/SmartMetering/library.json").exists()
    assert (prefix / "share/symemu/libraries/core/mqtt/module.json").exists()
    assert not (prefix / "share/symemu/libraries/SmartMetering/SmartLog/smart_log.cpp").exists()
    assert (prefix / "share/symemu/console/index.html").exists()  # the web console (docs/console.md)

    # Run from elsewhere, with the source tree's folders out of reach of the search.
    r = run([prefix / "bin/symemu", "replay", FIXTURES / "examples_mqtt.jsonl", "--auto-create",
             "--expect", FIXTURES / "examples_mqtt.expected.json"], cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k not in ("SYMEMU_DATA_DIR", "SYMEMU_LIBRARY_PATH")})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "the final snapshot matches" in r.stdout
    assert str(ROOT).encode() not in (prefix / "bin/symemu").read_bytes()


def test_a_binary_without_its_data_says_where_it_looked_and_how_to_fix_it(tmp_path):
    lonely = tmp_path / "bin" / "symemu"
    lonely.parent.mkdir()
    shutil.copy(binary(), lonely)
    env = {k: v for k, v in os.environ.items() if k != "SYMEMU_DATA_DIR"}
    r = run([lonely, "replay", FIXTURES / "examples_mqtt.jsonl"], cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert "cannot find symemu's libraries (share/symemu/libraries)" in r.stderr
    assert "SYMEMU_DATA_DIR" in r.stderr

    # SYMEMU_DATA_DIR points it at the build's data.
    r = run([lonely, "replay", FIXTURES / "examples_mqtt.jsonl", "--auto-create", "--expect",
             FIXTURES / "examples_mqtt.expected.json"], cwd=tmp_path,
            env=dict(env, SYMEMU_DATA_DIR=str(BUILD / "share/symemu")))
    assert r.returncode == 0, r.stdout + r.stderr

    r = run([lonely, "replay", FIXTURES / "examples_mqtt.jsonl"], cwd=tmp_path,
            env=dict(env, SYMEMU_DATA_DIR=str(tmp_path / "nowhere")))
    assert r.returncode == 1
    assert "SYMEMU_DATA_DIR: no libraries folder at" in r.stderr


INSTALLED_CHECK = """<?php
include_once __DIR__ . '/stubs/autoload.php';
use PHPUnit\\Framework\\TestCase;
// Which prelude and which symemu.so the run uses: the installed ones (the test marked the prelude).
class InstalledTest extends TestCase
{
    public function testTheInstalledPreludeAndExtensionRun(): void
    {
        $this->assertSame(getenv('EXPECT_PRELUDE'), SYMEMU_TEST_PRELUDE);
        $this->assertSame(getenv('EXPECT_EXTENSION'), symemu_test('extensionFile', []));
        $this->assertSame(realpath(getenv('EXPECT_STUBS')), SYMEMU_STUBS);
    }

    /**
     * @runInSeparateProcess
     * @preserveGlobalState disabled
     */
    public function testAChildProcessLoadsTheInstalledExtensionToo(): void
    {
        $this->assertSame(getenv('EXPECT_PRELUDE'), SYMEMU_TEST_PRELUDE);
        $this->assertSame(getenv('EXPECT_EXTENSION'), symemu_test('extensionFile', []));
    }
}
"""


def test_installed_php_extension_and_stubs_run_a_phpunit_suite(tmp_path):
    """<prefix>/lib/symemu/php/{symemu.so,stubs} find the prelude and the core library in
    <prefix>/share/symemu, as a module author uses them (docs/phpunit-stubs.md)."""
    import xml.etree.ElementTree as ET

    binary()
    prefix = tmp_path / "prefix"
    r = run(["cmake", "--install", BUILD, "--prefix", prefix])
    assert r.returncode == 0, r.stderr
    extension = prefix / "lib/symemu/php/symemu.so"
    stubs = prefix / "lib/symemu/php/stubs"
    prelude = prefix / "share/symemu/php/prelude/prelude.php"
    for needed in (extension, stubs / "autoload.php", stubs / "Validator.php", stubs / "ini/symemu.ini",
                   stubs / "IOStubs/library.json", stubs / "CoreStubs/library.json", prelude,
                   prefix / "share/symemu/libraries/core/server_socket/module.json"):
        assert needed.exists(), needed
    assert not stubs.is_symlink()  # a copy, not a link into the source tree
    assert str(ROOT).encode() not in extension.read_bytes()
    prelude.write_text(prelude.read_text() + "\nif (!defined('SYMEMU_TEST_PRELUDE')) define('SYMEMU_TEST_PRELUDE', __FILE__);\n")

    library = tmp_path / "socket"
    shutil.copytree(ROOT / "tests/php_samples/socket", library, ignore=shutil.ignore_patterns("stubs"))
    (library / "tests/stubs").symlink_to(stubs)
    (library / "tests/InstalledTest.php").write_text(INSTALLED_CHECK)
    env = {k: v for k, v in os.environ.items() if k not in ("SYMEMU_DATA_DIR", "PHP_INI_SCAN_DIR")}
    env.update(EXPECT_PRELUDE=str(prelude), EXPECT_EXTENSION=str(extension), EXPECT_STUBS=str(stubs))
    phpunit = shutil.which("phpunit") or "/usr/bin/phpunit"
    report = library / "junit.xml"
    r = run(["php", "-d", f"extension={extension}", phpunit, "--log-junit", report, "tests"], cwd=library, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    cases = list(ET.parse(report).getroot().iter("testcase"))
    names = {f"{c.get('class')}::{c.get('name')}" for c in cases}
    assert "InstalledTest::testAChildProcessLoadsTheInstalledExtensionToo" in names
    assert "IsolationTest::testPingIsAnsweredInAChildProcess" in names
    assert len(cases) >= 18 and all(c.find("failure") is None and c.find("error") is None for c in cases)

    # symemu.so away from its data: the run stops with where it looked and how to fix it.
    lonely = tmp_path / "lonely/symemu.so"
    lonely.parent.mkdir()
    shutil.copy(extension, lonely)
    r = run(["php", "-d", f"extension={lonely}", phpunit, "tests"], cwd=library, env=env)
    assert r.returncode != 0
    assert "cannot find symemu's libraries (share/symemu/libraries) above " + str(lonely) in r.stdout + r.stderr
    assert "SYMEMU_DATA_DIR" in r.stdout + r.stderr
    # SYMEMU_DATA_DIR points it at the installed data.
    r = run(["php", "-d", f"extension={lonely}", phpunit, "--filter", "LineServerTest", "tests"], cwd=library,
            env=dict(env, SYMEMU_DATA_DIR=str(prefix / "share/symemu")))
    assert r.returncode == 0, r.stdout + r.stderr

"""The PHP edition of Smart Metering (modules/SmartMeteringPHP) under PHPUnit on symemu's stubs:
the suite tests/phpunit/smartmetering is laid out as a module author keeps it (the library with
its tests/ folder, tests/stubs a symlink to <build>/php/stubs) and run by Debian's phpunit."""
import shutil

from test_php_samples import REPO, STUBS, failed, passed, run_phpunit

SUITE = REPO / "tests" / "phpunit" / "smartmetering"


def smartmetering_library(tmp_path):
    library = tmp_path / "SmartMeteringPHP"
    shutil.copytree(REPO / "modules" / "SmartMeteringPHP", library, ignore=shutil.ignore_patterns("tests"))
    tests = library / "tests"
    shutil.copytree(SUITE, tests)
    shutil.copytree(REPO / "fixtures" / "examples", tests / "examples")
    (tests / "stubs").symlink_to(STUBS)
    return library


def test_smartmetering_suite_passes(tmp_path):
    proc, results = run_phpunit(smartmetering_library(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert failed(results) == []
    assert len(passed(results)) == 5, results


def test_smartmetering_suite_fails_when_the_examples_do_not_reach_the_meters(tmp_path):
    """The suite can fail: with another logger's ID in the examples no meter appears."""
    library = smartmetering_library(tmp_path)
    for example in (library / "tests" / "examples").glob("*.json"):
        example.write_text(example.read_text().replace("SL-000123", "SL-000999"))
    proc, results = run_phpunit(library)
    assert proc.returncode != 0
    assert "SmartMeteringStubsTest::testEachExampleCreatesItsMeterWithItsValues" in failed(results)
    assert "SmartMeteringStubsTest::testSmartLogHangsUnderTheMqttServer" in passed(results)

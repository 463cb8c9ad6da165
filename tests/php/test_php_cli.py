"""The `symemu` command with PHP libraries: validate checks PHP, replay/serve take --library."""
import os
import pathlib
import subprocess

import pytest

from php_helpers import lib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SYMEMU = pathlib.Path(os.environ.get("SYMEMU_BUILD", ROOT / "build")) / "bin" / "symemu"

pytestmark = pytest.mark.skipif(not SYMEMU.exists(), reason="symemu binary not built")


def run(*args):
    return subprocess.run([str(SYMEMU), *args], capture_output=True, text=True, timeout=60)


def test_validate_accepts_a_good_php_library():
    r = run("validate", lib("basic"))
    assert r.returncode == 0, r.stdout
    assert "1 module, 0 problems" in r.stdout


@pytest.mark.parametrize("name, where, what", [
    ("broken_syntax", "Broken Module/module.php:7:", 'Parse error: syntax error, unexpected variable "$this"'),
    ("broken_noclass", "Broken Module/module.php:1:", "class BrokenModule is not defined"),
    ("broken_wrongbase", "Broken Module/module.php:2:", "does not extend IPSModule or IPSModuleStrict"),
])
def test_validate_names_file_and_line_of_php_problems(name, where, what):
    r = run("validate", lib(name))
    assert r.returncode == 1
    assert where in r.stdout and what in r.stdout, r.stdout


def test_replay_loads_php_libraries_and_reports_broken_ones():
    r = run("replay", str(ROOT / "fixtures/examples_mqtt.jsonl"), "--auto-create", "--library", lib("flow"),
            "--library", lib("broken_noclass"), "--expect", str(ROOT / "fixtures/examples_mqtt.expected.json"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "broken_noclass skipped" in r.stderr and "class BrokenModule is not defined" in r.stderr
    assert "the final snapshot matches" in r.stdout


def test_library_option_is_for_the_in_process_replay_only():
    r = run("replay", str(ROOT / "fixtures/examples_mqtt.jsonl"), "--library", lib("flow"),
            "--target", "mqtt://127.0.0.1:1")
    assert r.returncode != 0
    assert "--library" in r.stderr

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

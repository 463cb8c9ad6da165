"""The PHP edition of the Smart Metering library gives the C++ edition's object tree.

In process: every Smart Metering fixture replayed with `--library modules/SmartMeteringPHP` must
match the expected snapshot the C++ edition wrote. Over the network: the fixtures' MQTT events sent
with mosquitto_pub and their HTTPS events sent with curl to `symemu serve`, once with the C++
edition and once with `--library modules/SmartMeteringPHP`, must leave the same tree.

These tests need the PHP host (`symemu ... --library DIR`); without it they are skipped.
"""
import base64
import json
import shutil
import subprocess

import pytest

from replay_helpers import FIXTURES, replay, snapshot_of_db, without_listeners, without_receive_times
from symemu_process import ROOT, SymemuServer, binary

PHP_LIB = ROOT / "modules" / "SmartMeteringPHP"

# fixture -> replay options, as in test_replay_fixtures.py (echo_basic needs no Smart Metering).
FIXTURE_RUNS = {
    "examples_mqtt": ["--auto-create"],
    "examples_https": ["--password", "logger-secret"],
    "faults": ["--auto-create", "--password", "logger-secret"],
    "day_in_the_life": ["--auto-create", "--password", "day-secret"],
}


def _php_host_available():
    try:
        r = subprocess.run([binary("symemu"), "replay", "--help"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return False
    return "--library" in r.stdout + r.stderr


pytestmark = pytest.mark.skipif(not _php_host_available(), reason="symemu has no PHP host (--library) in this build")


def _last_message_times(snapshot):
    return {p: snapshot[p].pop("value") for p in snapshot if snapshot[p].get("ident") == "LastMessageTime"}


@pytest.mark.parametrize("name", sorted(FIXTURE_RUNS))
def test_fixture_replayed_with_the_php_edition_gives_the_cpp_editions_snapshot(name, tmp_path):
    fixture = FIXTURES / f"{name}.jsonl"
    out = tmp_path / "snapshot.json"
    r = replay(fixture, "--library", PHP_LIB, *FIXTURE_RUNS[name], "--no-times", "--write-snapshot", out,
               "--junit", tmp_path / "junit.xml", binary_name="symemu", timeout=900)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    assert " 0 errors" in r.stdout
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text())
    actual = json.loads(out.read_text())
    expected_times, actual_times = _last_message_times(expected), _last_message_times(actual)
    differing = sorted(p for p in set(expected) | set(actual) if expected.get(p) != actual.get(p))
    assert not differing, [(p, expected.get(p), actual.get(p)) for p in differing[:5]]
    if actual_times != expected_times and not any(v.startswith("2025-") for v in actual_times.values()):
        pytest.xfail(f"PHP's time() is the wall clock, not the kernel's manual clock ({actual_times})")
    assert actual_times == expected_times


def test_the_php_code_is_what_runs(tmp_path):
    """A copy of the library whose SmartMeter names its variables differently: the tree shows it,
    so --library really replaced the built-in C++ edition."""
    lib = tmp_path / "SmartMeteringPHP"
    shutil.copytree(PHP_LIB, lib, ignore=shutil.ignore_patterns("tests"))
    trait = lib / "libs" / "MeterDeviceTrait.php"
    text = trait.read_text()
    patched = text.replace("return $this->RegisterVariableFloat($ident, $name,",
                           "return $this->RegisterVariableFloat($ident, 'PHP ' . $name,")
    assert patched != text
    trait.write_text(patched)
    out = tmp_path / "snapshot.json"
    r = replay(FIXTURES / "examples_mqtt.jsonl", "--library", lib, "--auto-create", "--no-times", "--write-snapshot", out,
               binary_name="symemu")
    assert r.returncode == 0, r.stdout + r.stderr
    snapshot = json.loads(out.read_text())
    assert any(path.endswith("19032401 (Electricity)/PHP Energy") for path in snapshot)
    assert not any(path.endswith("19032401 (Electricity)/Energy") for path in snapshot)


# ---- over the network, with real clients -------------------------------------------------------

def _events(name):
    with open(FIXTURES / f"{name}.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines][1:]


def _prepared_db(tmp_path, name, library, password):
    """A database holding what the fixture's create_instance actions make (they have no network form;
    the gateways get AutoCreateMeters, since create_all has none either)."""
    header = {"symemu_fixture": 1, "start": 1741947300}
    setup = tmp_path / "setup.jsonl"
    actions = [dict(e, t=0, properties=dict(e["properties"], AutoCreateMeters=True)) for e in _events(name)
               if e["type"] == "action" and e["action"] == "create_instance"]
    setup.write_text("\n".join(json.dumps(e) for e in [header, *actions]) + "\n")
    db = tmp_path / "served.db"
    r = replay(setup, "--db", db, "--seed", "1", "--auto-create", "--password", password, *library, binary_name="symemu")
    assert r.returncode == 0, r.stdout + r.stderr
    return db


def _send(server, event, password):
    if event["type"] == "mqtt":
        payload = base64.b64decode(event["payload_base64"]) if "payload_base64" in event else event["payload"].encode()
        args = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(server.mqtt_port), "-i", event["client_id"],
                "-t", event["topic"], "-q", str(event.get("qos", 0)), "-s"]
        if event.get("retain"):
            args.append("-r")
        r = subprocess.run(args, input=payload, capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr
    elif event["type"] == "http":
        args = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", server.certificate,
                "-X", event.get("method", "POST")]
        for key, value in event.get("headers", {}).items():
            args += ["-H", f"{key}: {value}"]
        if "user" in event:
            args += ["-u", f"{event['user']}:{password}"]
        if "body" in event:
            args += ["--data-binary", "@-"]
        args.append(f"https://localhost:{server.https_port}{event['path']}")
        r = subprocess.run(args, input=event.get("body", "").encode(), capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr
        return int(r.stdout)
    return None


def _served_tree(tmp_path, name, library, password):
    db = _prepared_db(tmp_path, name, library, password)
    statuses = []
    with SymemuServer(db, binary_name="symemu", extra_args=("--seed", "1", "--auto-create", *library)) as server:
        for event in _events(name):
            if event["type"] in ("mqtt", "http"):
                statuses.append(_send(server, event, password))
    return without_receive_times(without_listeners(snapshot_of_db(db, binary_name="symemu"))), statuses


@pytest.mark.parametrize("name", ["examples_mqtt", "examples_https", "faults"])
def test_mosquitto_pub_and_curl_give_the_same_tree_with_both_editions(name, tmp_path):
    for tool in ("mosquitto_pub", "curl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    password = "logger-secret"
    (tmp_path / "cpp").mkdir()
    (tmp_path / "php").mkdir()
    cpp_tree, cpp_statuses = _served_tree(tmp_path / "cpp", name, [], password)
    php_tree, php_statuses = _served_tree(tmp_path / "php", name, ["--library", str(PHP_LIB)], password)
    assert php_statuses == cpp_statuses
    assert any(obj.get("module") in ("SmartMeter", "System") for obj in php_tree.values())
    assert php_tree == cpp_tree

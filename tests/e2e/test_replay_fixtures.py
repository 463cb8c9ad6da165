"""The checked-in fixtures replay to their expected snapshots, in-process and (for MQTT) against
a running `symemu serve`."""
import json
import subprocess

import pytest

from replay_helpers import FIXTURES, in_process_snapshot, replay, snapshot_of_db, without_listeners, \
    without_receive_times
from symemu_process import ROOT, SymemuServer

# fixture -> (binary, replay options); each has <name>.expected.json beside it.
FIXTURE_RUNS = {
    "echo_basic": ("symemu_testserve", []),
    "examples_mqtt": ("symemu", ["--auto-create"]),
    "examples_https": ("symemu", ["--password", "logger-secret"]),
    "faults": ("symemu", ["--auto-create", "--password", "logger-secret"]),
    "day_in_the_life": ("symemu", ["--auto-create", "--password", "day-secret"]),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_RUNS))
def test_fixture_replays_to_its_expected_snapshot(name, tmp_path):
    binary_name, options = FIXTURE_RUNS[name]
    fixture = FIXTURES / f"{name}.jsonl"
    junit = tmp_path / "junit.xml"
    r = replay(fixture, *options, "--expect", FIXTURES / f"{name}.expected.json", "--junit", junit,
               binary_name=binary_name)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 errors" in r.stdout and " 0 skipped" in r.stdout
    assert "the final snapshot matches" in r.stdout


def test_examples_fixtures_create_the_meters_of_the_design_examples():
    snapshot = json.loads((FIXTURES / "examples_mqtt.expected.json").read_text())
    meters = {path.rsplit("/", 1)[1] for path, obj in snapshot.items() if obj.get("module") in ("SmartMeter", "System")}
    assert meters == {"19032401 (Electricity)", "00000263 (Room sensor)", "16531026 (Smoke detector)",
                      "SL-000123 (System)", "03006175 (Water)", "03007136 (Warm water)"}
    https = json.loads((FIXTURES / "examples_https.expected.json").read_text())
    water = [obj for path, obj in https.items() if path.endswith("03006175 (Water)/Volume")]
    assert [w["value"] for w in water] == [43.971]  # the second POST moved the meter on


def test_faults_refused_reports_leave_the_good_values():
    snapshot = json.loads((FIXTURES / "faults.expected.json").read_text())
    power = [obj for path, obj in snapshot.items() if path.endswith("19032401 (Electricity)/Power")]
    assert [p["value"] for p in power] == [842.3]
    assert not any("SL-000999" in path or "SL-999999" in path for path in snapshot)


def test_day_in_the_life_has_60_meters_and_3_loggers():
    snapshot = json.loads((FIXTURES / "day_in_the_life.expected.json").read_text())
    modules = [obj.get("module") for obj in snapshot.values()]
    assert modules.count("SmartMeter") == 60
    assert modules.count("System") == 3
    assert modules.count("SmartLog") == 2 and modules.count("SmartLogHTTPS") == 1


def test_examples_mqtt_against_serve_gives_the_in_process_snapshot(tmp_path):
    fixture = FIXTURES / "examples_mqtt.jsonl"
    expected = without_receive_times(without_listeners(
        in_process_snapshot(fixture, tmp_path, "--auto-create", binary_name="symemu")))
    db = tmp_path / "served.db"
    server = SymemuServer(db, binary_name="symemu", extra_args=("--seed", "1", "--auto-create")).start()
    try:
        r = replay(fixture, "--target", f"mqtt://127.0.0.1:{server.mqtt_port}", binary_name="symemu")
        assert r.returncode == 0, r.stderr
        assert "7 events, 5 played, 2 skipped, 0 errors" in r.stdout  # create_all has no network form
    finally:
        assert server.stop() == 0
    served = without_receive_times(without_listeners(snapshot_of_db(db, binary_name="symemu")))
    assert served == expected


def test_the_day_fixture_is_what_its_generator_makes(tmp_path):
    out = tmp_path / "day.jsonl"
    r = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts/make_day_fixture"), str(out)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == (FIXTURES / "day_in_the_life.jsonl").read_bytes()

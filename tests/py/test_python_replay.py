"""Kernel.replay(): fixtures played into a kernel give the snapshots `symemu replay` gives."""
import json
from pathlib import Path

import pytest

import symemu

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# How tests/e2e replays them with the CLI (fixtures/*.jsonl headers say the same).
CASES = {
    "examples_mqtt": {"auto_create": True},
    "examples_https": {"password": "logger-secret"},
    "faults": {"auto_create": True, "password": "logger-secret"},
    "day_in_the_life": {"auto_create": True, "password": "day-secret"},
}


def fixture_start(name):
    with open(FIXTURES / f"{name}.jsonl", encoding="utf-8") as f:
        return json.loads(f.readline()).get("start")


@pytest.mark.parametrize("name", sorted(CASES))
def test_replay_matches_the_expected_snapshot(name):
    with symemu.Kernel(seed=1, clock_start=fixture_start(name)) as k:
        report = k.replay(FIXTURES / f"{name}.jsonl", **CASES[name])
        assert report["errors"] == []
        assert report["played"] == report["events"] > 0
        assert k.snapshot(times=False) == json.loads((FIXTURES / f"{name}.expected.json").read_text())


def test_replay_moves_the_manual_clock_to_each_event(kernel):
    report = kernel.replay(FIXTURES / "examples_https.jsonl", password="logger-secret")
    assert report["start"] == 1741947300  # the fixture's start is the kernel's own start here
    last_event = 902
    assert kernel.now() == report["start"] + last_event
    logger = kernel.get_instance_list_by_module_id("SmartLogHTTPS")[0]
    assert kernel.get_value(kernel.get_object_id_by_ident("LastMessageTime", logger)) == "2025-03-14 10:30:02"


def test_wrong_password_fails_the_http_events_with_their_line_numbers(kernel, tmp_path):
    fixture = tmp_path / "https.jsonl"
    fixture.write_text("\n".join([
        '{"symemu_fixture": 1}',
        '{"t": 0, "type": "action", "action": "create_instance", "module": "SmartLogHTTPS",'
        ' "properties": {"SmartLogID": "SL-1", "WebHookUsername": "logger", "WebHookPassword": "right"}}',
        '{"t": 1, "type": "http", "method": "POST", "path": "/hook/smartlog/SL-1", "user": "logger", "body": "{}"}',
    ]) + "\n")
    report = kernel.replay(fixture, password="wrong")
    [error] = report["errors"]
    assert (error["line"], error["label"]) == (3, "http POST /hook/smartlog/SL-1")
    assert error["message"].startswith("HTTP 401")
    assert error["text"] == f"{fixture}:3: http POST /hook/smartlog/SL-1: {error['message']}"


def test_bad_lines_and_failed_events_are_reported_and_the_rest_plays(kernel, tmp_path):
    fixture = tmp_path / "mixed.jsonl"
    fixture.write_text("\n".join([
        '{"symemu_fixture": 1, "description": "test"}',
        '{"t": 0, "type": "mqtt", "client_id": "c", "topic": "a/b", "qos": 1, "retain": false, "payload": "x"}',
        'not json at all',
        '{"t": 1, "type": "carrier-pigeon"}',
        '{"t": 2, "type": "action", "action": "create_all", "smartlog_id": "SL-404"}',
        '{"t": 3, "type": "action", "action": "advance", "seconds": 60}',
        '{"t": 4, "type": "http", "method": "GET", "path": "/hook/none", "headers": {}, "body": ""}',
    ]) + "\n")
    start = kernel.now()
    report = kernel.replay(fixture)
    assert report["events"] == 4 and report["played"] == 2
    assert [e["line"] for e in report["errors"]] == [3, 4, 5, 7]
    assert report["errors"][2]["message"] == "no SmartLog or SmartLogHTTPS instance has SmartLogID 'SL-404'"
    assert report["errors"][3]["message"].startswith("HTTP 404")
    assert kernel.now() == start + 3 + 60  # moved to t=3, advanced 60 s; t=4 already passed
    assert report["description"] == "test"
    assert "4 events, 2 played" in report["summary"]


def test_kernel_log_problems_are_collected(tmp_path):
    with symemu.Kernel(seed=1, clock_start=fixture_start("faults")) as k:
        report = k.replay(FIXTURES / "faults.jsonl", auto_create=True, password="logger-secret")
        assert report["log_problems"]
        assert all(": " in p for p in report["log_problems"])


def test_missing_fixture_raises(kernel, tmp_path):
    with pytest.raises(symemu.KernelError, match="cannot read fixture"):
        kernel.replay(tmp_path / "missing.jsonl")


def test_real_clock_plays_without_waiting_and_refuses_advance(tmp_path):
    fixture = tmp_path / "later.jsonl"
    fixture.write_text("\n".join([
        '{"symemu_fixture": 1}',
        '{"t": 3600, "type": "action", "action": "create_instance", "module": "SmartLog", "name": "Late",'
        ' "properties": {"SmartLogID": "SL-1"}}',
        '{"t": 3601, "type": "action", "action": "advance", "seconds": 5}',
    ]) + "\n")
    with symemu.Kernel(seed=1, clock="real") as k:
        report = k.replay(fixture)
        assert report["played"] == 1 and report["seconds"] < 30
        [error] = report["errors"]
        assert error["line"] == 3 and "manual clock" in error["message"]
        assert k.get_object_id_by_name("Late") is not None

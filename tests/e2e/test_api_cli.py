"""`symemu call` and `symemu watch` against a running `symemu serve`, and the README walk-through:
create the configurator, publish a report, see its rows, create all, read a value."""
import json
import subprocess
import time

import pytest

from api_support import CONFIGURATOR_ID, EXAMPLES, SMART_METER_ID, api_url, publish
from symemu_process import SymemuServer, binary


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with SymemuServer(tmp_path_factory.mktemp("cli") / "cli.db", binary_name="symemu") as s:
        yield s


def call(server, *words, secure=False):
    url = api_url(server, secure)
    extra = ["--cacert", server.certificate] if secure else []
    return subprocess.run([binary(), "call", "--url", url, *extra, *words], capture_output=True, text=True,
                          timeout=30)


def result(server, *words):
    out = call(server, *words)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_call_prints_results_as_json_and_errors_with_exit_1(server):
    root = result(server, "IPS_GetObject", "0")
    assert root["ObjectName"] == "IP-Symcon"
    out = call(server, "IPS_GetObject", "99999")
    assert out.returncode == 1 and out.stdout == ""
    assert "Object #99999 does not exist" in out.stderr and "-32603" in out.stderr
    out = call(server, "IPS_NoSuchThing")
    assert out.returncode == 1 and "undefined function" in out.stderr
    assert call(server, "IPS_GetKernelVersion", secure=True).stdout.strip() == '"8.1"'


def test_words_are_json_where_they_parse_and_strings_otherwise(server):
    cat = result(server, "IPS_CreateCategory")
    assert result(server, "IPS_SetName", str(cat), "Living room") is True
    assert result(server, "IPS_GetName", str(cat)) == "Living room"
    assert result(server, "IPS_SetName", str(cat), '"12"') is True  # a JSON string that looks like a number
    assert result(server, "IPS_GetName", str(cat)) == "12"
    out = call(server, "IPS_SetPosition", str(cat), "-5")  # negative numbers are values, not options
    assert out.returncode == 0, out.stderr


def test_call_reports_an_unreachable_emulator(tmp_path):
    out = subprocess.run([binary(), "call", "--url", "http://127.0.0.1:9/api/", "IPS_GetName", "0"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "cannot reach" in out.stderr


def test_watch_prints_one_message_per_line(server):
    var = result(server, "IPS_CreateVariable", "1")
    # Three messages: another instance's message (a timer's, say) may come between the updates.
    watch = subprocess.Popen([binary(), "watch", "--url", api_url(server), "--count", "3"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)  # let it connect
        deadline = time.time() + 10
        while watch.poll() is None and time.time() < deadline:
            result(server, "SetValueInteger", str(var), "42")
            time.sleep(0.2)
        out, err = watch.communicate(timeout=10)
    finally:
        if watch.poll() is None:
            watch.kill()
    assert watch.returncode == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 3
    frames = [json.loads(line) for line in lines]  # each line one whole message
    assert all({"Message", "SenderID", "Data"} <= frame.keys() for frame in frames)
    assert any(f["Message"] == 10603 and f["SenderID"] == var and f["Data"][0] == 42 for f in frames)


def test_readme_walk_through(tmp_path):
    """The README's walk-through, step by step."""
    with SymemuServer(tmp_path / "walk.db", binary_name="symemu") as server:
        configurator = result(server, "IPS_CreateInstance", CONFIGURATOR_ID)
        smartlog = result(server, "IPS_GetInstance", str(configurator))["ConnectionID"]
        assert result(server, "IPS_SetProperty", str(smartlog), "SmartLogID", "SL-000123") is True
        assert result(server, "IPS_ApplyChanges", str(smartlog)) is True
        publish(server.mqtt_port, "SmartLog/SL-000123", EXAMPLES / "example5.json")
        rows = json.loads(result(server, "SM_GetRows", str(configurator)))
        assert len(rows) == 6 and all(r["New"] == "yes" for r in rows)
        assert result(server, "SM_CreateAll", str(configurator)) == 6
        meters = result(server, "IPS_GetInstanceListByModuleID", SMART_METER_ID)
        water = next(m for m in meters if result(server, "IPS_GetName", str(m)) == "03006175 (Water)")
        volume = result(server, "IPS_GetObjectIDByIdent", "Volume", str(water))
        assert result(server, "GetValueFormatted", str(volume)) == "43.964 m\u00b3"
        assert result(server, "GetValue", str(volume)) == 43.964

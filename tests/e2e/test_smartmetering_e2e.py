"""The Smart Metering library end to end: logger traffic from mosquitto_pub and curl into
`symemu serve`, then the object tree read back with `symemu snapshot`."""
import json
import subprocess
from pathlib import Path

import pytest

from symemu_process import ROOT, SymemuServer, binary

EXAMPLES = ROOT / "fixtures" / "examples"
BASE = "SmartMetering/SmartLog SL-000123"


def snapshot(db):
    out = subprocess.run([binary(), "snapshot", "--db", str(db), "--no-times"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def publish_file(port, topic, path, qos="1"):
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-f", str(path), "-q", qos],
                   check=True, timeout=10)


def check_example_tree(snap):
    water = f"{BASE}/Water/03006175 (Water)"
    assert snap[water]["type"] == "instance" and snap[water]["module"] == "SmartMeter"
    assert snap[water]["properties"]["SmartMeterID"] == "03006175"
    assert snap[f"{water}/Volume"] == {"type": "variable", "ident": "Volume", "variableType": 2, "value": 43.964,
                                      "profile": "SM_m3"}
    assert snap[f"{water}/Volume (Storage 1)"]["ident"] == "Volume_S1"
    assert snap[f"{water}/Volume (Storage 1)"]["value"] == 43.09
    assert snap[f"{water}/Error flags (Device type specific)"]["variableType"] == 1
    energy = snap[f"{BASE}/Electricity/19032401 (Electricity)/Energy"]
    assert energy["value"] == 12345670.0 and energy["profile"] == "SM_Wh"  # VAL 1234567 x SCALE 10, unit kept
    room = f"{BASE}/Room sensor/00000263 (Room sensor)"
    assert snap[f"{room}/External temperature"]["value"] == 20.1
    assert snap[f"{room}/Relative humidity"]["profile"] == "SM_Percent"
    assert snap[f"{BASE}/System/SL-000123 (System)"]["module"] == "System"
    assert snap[f"{BASE}/Warm water/03007136 (Warm water)/Volume"]["value"] == 6.735
    last = [k for k in snap if k.endswith("/Last Message Time")]
    assert last and snap[last[0]]["value"] != ""


def test_per_meter_messages_and_whole_reports_over_mqtt(tmp_path):
    db = tmp_path / "mqtt.db"
    with SymemuServer(db, extra_args=("--auto-create",)) as server:
        for i in range(1, 5):
            publish_file(server.mqtt_port, f"SmartLog/SL-000123/meter{i}", EXAMPLES / f"example{i}.json")
        publish_file(server.mqtt_port, "SmartLog/SL-000123", EXAMPLES / "example5.json")
    snap = snapshot(db)
    check_example_tree(snap)
    rows = [k for k, v in snap.items() if v.get("module") == "SmartMeterConfigurator"]
    assert len(rows) == 1


def test_malformed_and_foreign_reports_leave_the_tree_intact(tmp_path):
    db = tmp_path / "bad.db"
    with SymemuServer(db, extra_args=("--auto-create",)) as server:
        publish_file(server.mqtt_port, "SmartLog/SL-000123", EXAMPLES / "example5.json")
        bad = tmp_path / "bad.json"
        bad.write_text('{"muc": {"MUC_ID": "SL-000123", "meter": [ {"METER_ID": ')  # truncated
        publish_file(server.mqtt_port, "SmartLog/SL-000123/03006175", bad)
        other = json.loads((EXAMPLES / "example1.json").read_text())
        other["muc"]["MUC_ID"] = "SL-999999"  # a report for another logger on this logger's topic
        foreign = tmp_path / "foreign.json"
        foreign.write_text(json.dumps(other))
        publish_file(server.mqtt_port, "SmartLog/SL-000123/19032401", foreign)
    snap = snapshot(db)
    check_example_tree(snap)
    assert not any("SL-999999" in k and "SL-000123" in k for k in snap)


@pytest.fixture
def https_db(tmp_path):
    """A database with a SmartLogHTTPS for SL-000123 (user logger / pw secret) and its configurator."""
    symemu = pytest.importorskip("symemu")
    db = tmp_path / "https.db"
    k = symemu.Kernel(db=str(db), seed=3)
    gw = k.create_instance("SmartLogHTTPS")
    k.set_configuration(gw, {"SmartLogID": "SL-000123", "WebHookUsername": "logger", "WebHookPassword": "secret",
                             "AutoCreateMeters": True})
    k.apply_changes(gw)
    k.close()
    return db


def curl_report(server, *auth):
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", server.certificate, *auth,
                        "-H", "Content-Type: application/json", "--data-binary", f"@{EXAMPLES / 'example5.json'}",
                        f"https://localhost:{server.https_port}/hook/smartlog/SL-000123"],
                       capture_output=True, text=True, timeout=20)
    return r.stdout


def test_https_reports_with_basic_auth(https_db):
    with SymemuServer(https_db) as server:
        assert curl_report(server) == "401"
        assert curl_report(server, "-u", "logger:wrong") == "401"
    refused = snapshot(https_db)
    assert not any(v.get("module") == "SmartMeter" for v in refused.values())  # nothing applied
    with SymemuServer(https_db) as server:
        assert curl_report(server, "-u", "logger:secret") == "200"
    check_example_tree(snapshot(https_db))

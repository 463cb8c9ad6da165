"""The PHP edition of the Smart Metering library behind real listeners: the fixtures' MQTT events
sent with mosquitto_pub and their HTTPS events with curl to symemu.serve(), once with the built-in
C++ edition and once with libraries=[modules/SmartMeteringPHP], leave the same tree and get the same
HTTP answers (php_edition/serve_and_send.py does one edition per process)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PHP_LIB = ROOT / "modules" / "SmartMeteringPHP"
SCRIPT = Path(__file__).parent / "php_edition" / "serve_and_send.py"
LISTENER_PROPERTIES = ("Port", "BindAddress", "HTTPPort", "HTTPSPort", "CertFile", "KeyFile", "CertDir")


def served_tree(name, *library):
    fixture = name if isinstance(name, Path) else FIXTURES / f"{name}.jsonl"
    r = subprocess.run([sys.executable, str(SCRIPT), str(fixture), "logger-secret", *library],
                       capture_output=True, text=True, timeout=300, env=dict(os.environ))
    if "unexpected keyword argument 'libraries'" in r.stderr:
        pytest.skip("this symemu has no PHP host (libraries=...)")
    assert r.returncode == 0, r.stderr[-3000:]
    result = json.loads(r.stdout)
    for obj in result["snapshot"].values():
        if obj.get("ident") == "LastMessageTime":
            obj.pop("value", None)  # the real clock
        if obj.get("module") in ("Server Socket", "WebHook Control"):
            for key in LISTENER_PROPERTIES:
                obj["properties"].pop(key, None)
    return result


@pytest.mark.parametrize("name", ["examples_mqtt", "examples_https", "faults"])
def test_mosquitto_pub_and_curl_give_the_same_tree_with_both_editions(name):
    for tool in ("mosquitto_pub", "curl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    cpp = served_tree(name)
    php = served_tree(name, str(PHP_LIB))
    assert (cpp["edition"], php["edition"]) == ("cpp", "php")
    assert php["statuses"] == cpp["statuses"]
    assert sum(obj.get("module") in ("SmartMeter", "System") for obj in php["snapshot"].values()) >= 2
    differing = sorted(p for p in set(cpp["snapshot"]) | set(php["snapshot"])
                       if cpp["snapshot"].get(p) != php["snapshot"].get(p))
    assert not differing, [(p, cpp["snapshot"].get(p), php["snapshot"].get(p)) for p in differing[:5]]


def test_a_report_without_muc_id_names_its_logger_by_the_transport_in_both_editions(tmp_path):
    """A payload without MUC_ID takes the logger ID of its transport: the topic for SmartLog, the
    instance's own SmartLogID for SmartLogHTTPS (GatewayTrait::TransportLoggerId); both editions
    apply such reports alike."""
    for tool in ("mosquitto_pub", "curl"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")

    def report(meter_id, value):
        return json.dumps({"MESSAGE_TYPE": "1", "muc": {"VERSION": "1f6", "TIMESTAMP": 1741947302, "meter": [
            {"METER_ID": meter_id, "INTERFACE": "02", "MANUFACTURER": "BMT", "MEDIUM": "Electricity", "data": [
                {"DESCRIPTION": "Energy", "UNIT": "Wh", "SCALE": "10", "entry": [{"VAL": value}]}]}]}})

    events = [
        {"symemu_fixture": 1, "start": 1741947300, "description": "reports without MUC_ID"},
        {"t": 0, "type": "action", "action": "create_instance", "module": "SmartLogHTTPS",
         "properties": {"SmartLogID": "SL-000777", "WebHookUsername": "logger", "WebHookPassword": "${PASSWORD}"}},
        {"t": 0, "type": "action", "action": "create_instance", "module": "SmartLog",
         "properties": {"SmartLogID": "SL-000778"}},
        {"t": 1, "type": "http", "method": "POST", "path": "/hook/smartlog/SL-000777",
         "headers": {"Content-Type": "application/json"}, "user": "logger", "body": report("77700001", "12")},
        {"t": 2, "type": "mqtt", "client_id": "SL-000778", "topic": "SmartLog/SL-000778/77800001", "qos": 1,
         "payload": report("77800001", "34")},
    ]
    fixture = tmp_path / "no_muc_id.jsonl"
    fixture.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    cpp = served_tree(fixture)
    php = served_tree(fixture, str(PHP_LIB))
    assert (cpp["edition"], php["edition"]) == ("cpp", "php")
    assert php["statuses"] == cpp["statuses"] == [200, None]
    meters = {obj["properties"].get("SmartMeterID") for obj in php["snapshot"].values() if obj.get("module") == "SmartMeter"}
    assert meters == {"77700001", "77800001"}
    differing = sorted(p for p in set(cpp["snapshot"]) | set(php["snapshot"])
                       if cpp["snapshot"].get(p) != php["snapshot"].get(p))
    assert not differing, [(p, cpp["snapshot"].get(p), php["snapshot"].get(p)) for p in differing[:5]]

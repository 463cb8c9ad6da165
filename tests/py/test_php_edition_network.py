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
    r = subprocess.run([sys.executable, str(SCRIPT), str(FIXTURES / f"{name}.jsonl"), "logger-secret", *library],
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

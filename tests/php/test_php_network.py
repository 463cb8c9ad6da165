"""PHP modules behind the real listeners: mosquitto_pub into a PHP device under the MQTT Server,
curl to a PHP hook under WebHook Control (symemu.serve: real sockets, real clock, kernel thread)."""
import json
import shutil
import subprocess
import time

import pytest

import symemu
from php_helpers import lib

pytestmark = pytest.mark.skipif(not (shutil.which("mosquitto_pub") and shutil.which("curl")),
                                reason="needs mosquitto-clients and curl")


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def served():
    with symemu.serve(seed=9, libraries=[lib("flow")], https_port=None) as s:
        yield s


def test_mosquitto_pub_reaches_a_php_device(served):
    k = served.kernel
    dev = k.create_instance("PHP MQTT Device", "Dev")
    k.set_property(dev, "Topic", "net/php")
    k.apply_changes(dev)
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(served.mqtt_port), "-q", "1", "-t", "net/php",
                    "-m", "héllo"], check=True, timeout=10)
    payload = k.get_object_id_by_ident("PayloadHex", dev)
    assert wait_for(lambda: k.get_value(payload) != "")
    assert k.get_value(payload) == "héllo".encode().hex()


def test_php_device_publishes_to_a_mosquitto_sub(served):
    k = served.kernel
    dev = k.create_instance("PHP MQTT Device", "Dev")
    sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(served.mqtt_port), "-t", "from/php",
                            "-C", "1", "-W", "10"], stdout=subprocess.PIPE)
    time.sleep(0.5)  # let the subscription arrive first
    k.call("PMQD_Publish", dev, "from/php", "4869")
    out, _ = sub.communicate(timeout=15)
    assert out.strip() == b"Hi"


def test_curl_to_a_php_hook(served):
    k = served.kernel
    w = k.create_instance("PHP Watcher", "Watcher")
    base = f"http://127.0.0.1:{served.http_port}/hook/watcher"
    r = subprocess.run(["curl", "-s", "-i", base], capture_output=True, text=True, timeout=10)
    assert " 401" in r.stdout.splitlines()[0]
    assert 'WWW-Authenticate: Basic realm="watcher"' in r.stdout
    r = subprocess.run(["curl", "-s", "-u", "me:secret", "-X", "POST", "--data-binary", "raw body",
                        "-D", "-", base + "/sub?a=1&b=x%20y"], capture_output=True, text=True, timeout=10)
    head, body = r.stdout.replace("\r\n", "\n").split("\n\n", 1)
    assert " 200" in head.splitlines()[0] and "X-Hook: /hook/watcher" in head
    assert json.loads(body) == {"hook": "/hook/watcher", "method": "POST", "user": "me", "get": {"a": "1", "b": "x y"},
                                "body": "raw body", "uri": "/hook/watcher/sub?a=1&b=x%20y"}
    assert k.instance_exists(w)

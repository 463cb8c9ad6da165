"""Issue 16 point 2: the install flow a user runs on a fresh system (SmartMeterConfigurator ->
SmartLog -> MQTT Server -> Server Socket, built by RequireParent/ConnectParent) leaves the
Server Socket open, so `symemu serve` on that database listens for MQTT and a real
mosquitto_pub reaches the SmartLog; a Server Socket configured but closed is named by serve."""
import json
import re
import signal
import subprocess
import time

import pytest

from symemu_process import ROOT, SymemuServer, binary

symemu = pytest.importorskip("symemu")

CONFIGURATOR = "{BD958F0D-F463-4101-939D-09A85B058652}"
SERVER_SOCKET = "{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}"
EXAMPLE1 = ROOT / "fixtures" / "examples" / "example1.json"


def install(db, open_socket=None):
    """The install flow in a fresh database; returns (configurator, smartlog, socket)."""
    with symemu.Kernel(str(db), seed=3) as k:
        configurator = k.create_instance(CONFIGURATOR)
        smartlog = k.get_instance(configurator)["ConnectionID"]
        server = k.get_instance(smartlog)["ConnectionID"]
        socket = k.get_instance(server)["ConnectionID"]
        k.set_property(smartlog, "SmartLogID", "SL-000123")
        k.apply_changes(smartlog)
        if open_socket is not None:
            k.set_property(socket, "Open", open_socket)
            k.apply_changes(socket)
        props = k.get_configuration(socket)
    return configurator, smartlog, socket, props


def test_the_install_flow_leaves_the_server_socket_open_and_serve_listens(tmp_path):
    db = tmp_path / "install.db"
    _, _, socket, props = install(db)
    assert props["Open"] is True and props["Port"] == 1883  # Symcon's guided setup
    with SymemuServer(db) as server:  # --mqtt-port 0 --bind 127.0.0.1 as every e2e test
        assert server.mqtt_port > 0
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(server.mqtt_port), "-q", "1",
                        "-t", "SmartLog/SL-000123/19032401", "-f", str(EXAMPLE1)], check=True, timeout=10)
    snap = json.loads(subprocess.run([binary(), "snapshot", "--db", str(db), "--no-times"], capture_output=True,
                                     text=True, check=True).stdout)
    logger = [v for k, v in snap.items() if k.endswith("/Last Message Time")]
    assert logger and logger[0]["value"], "the SmartLog got no report"


def test_serve_names_a_server_socket_that_is_configured_but_closed(tmp_path):
    db = tmp_path / "closed.db"
    _, _, socket, _ = install(db, open_socket=False)
    proc = subprocess.Popen([binary(), "serve", "--db", str(db), "--bind", "127.0.0.1", "--http-port", "0",
                             "--https-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.time() + 20
        while time.time() < deadline and not line.startswith("symemu: ready"):
            line = proc.stdout.readline()
            if proc.poll() is not None:
                break
        assert line.startswith("symemu: ready"), proc.stderr.read()
        assert "mqtt=" not in line
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    err = proc.stderr.read()
    assert re.search(rf"Server Socket #{socket} .*port 1883.* is configured but closed \(Open is false\)", err), err

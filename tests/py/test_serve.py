"""symemu.serve(): a real-clock kernel with real listeners, for tests with real clients.

THE key check lives here: a scenario written with mqtt_publish gives the same snapshot as the
same traffic sent by paho-mqtt to symemu.serve().
"""
import base64
import json
import os
import socket
import ssl
import time
import urllib.error
import urllib.request

import paho.mqtt.client as mqtt
import pytest

import symemu

SMARTLOG_ID = "SL-000123"
# Per-meter topics for examples 1-4 and the whole report (example 5), as a logger sends them.
TRAFFIC = [(1, "19032401"), (2, "00000263"), (3, "16531026"), (4, "System"), (5, None)]


def topic(meter):
    return f"SmartLog/{SMARTLOG_ID}" + (f"/{meter}" if meter else "")


def paho_publish(port, messages, client_id=SMARTLOG_ID, user=None, password=None):
    """Publishes (topic, payload) pairs with QoS 1 and waits for every PUBACK."""
    client = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv311)
    if user is not None:
        client.username_pw_set(user, password)
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        for t, payload in messages:
            info = client.publish(t, payload, qos=1)
            info.wait_for_publish(timeout=10)
            assert info.is_published()
    finally:
        client.disconnect()
        client.loop_stop()


def paho_connect_code(port, user, password):
    """The CONNACK return code the broker answers for these credentials."""
    result = []
    client = mqtt.Client(client_id="probe", protocol=mqtt.MQTTv311)
    client.username_pw_set(user, password)
    client.on_connect = lambda c, userdata, flags, rc: result.append(rc)
    client.connect("127.0.0.1", port)
    client.loop_start()
    deadline = time.monotonic() + 10
    while not result and time.monotonic() < deadline:
        time.sleep(0.01)
    client.disconnect()
    client.loop_stop()
    return result[0]


def comparable(snapshot):
    """A snapshot without what differs by design between a served and an in-process kernel: the
    listener settings (served: loopback, free ports) and the clock-stamped "Last Message Time"
    (real clock versus the manual clock's 2025-03-14)."""
    out = {}
    for path, entry in snapshot.items():
        entry = dict(entry)
        if entry.get("module") in ("Server Socket", "WebHook Control"):
            entry["properties"] = {k: v for k, v in entry["properties"].items()
                                   if k not in ("BindAddress", "Port", "HTTPPort", "HTTPSPort")}
        if entry.get("ident") == "LastMessageTime":
            entry.pop("value")
        out[path] = entry
    return out


def test_mqtt_publish_scenario_equals_paho_traffic_to_serve(example):
    # In process: the same setup serve() does (default chains, auto-create), then mqtt_publish.
    with symemu.Kernel(seed=7) as k:
        k.ensure_default_chains(auto_create=True)
        for n, meter in TRAFFIC:
            k.mqtt_publish(topic(meter), json.dumps(example(n)), qos=1, client_id=SMARTLOG_ID)
        in_process = k.snapshot(times=False)
        in_process_ids = sorted(k.get_object_list())

    # Over the network: paho-mqtt to a served kernel with the same seed.
    with symemu.serve(seed=7, auto_create=True) as s:
        paho_publish(s.mqtt_port, [(topic(meter), json.dumps(example(n))) for n, meter in TRAFFIC])
        served = s.kernel.snapshot(times=False)
        served_ids = sorted(s.kernel.get_object_list())

    assert len(in_process) > 20  # meters, their variables, the logger, the configurator
    assert "SmartMetering/SmartLog SL-000123/Water/03006175 (Water)/Volume" in in_process
    assert comparable(served) == comparable(in_process)
    assert served_ids == in_process_ids  # same seed, same steps: the same object IDs


def test_served_fixture_listens_on_free_loopback_ports(served):
    ports = (served.mqtt_port, served.http_port, served.https_port)
    assert all(p > 0 for p in ports) and len(set(ports)) == 3
    assert served.bind == "127.0.0.1"
    assert not served.kernel.manual_clock
    assert abs(served.kernel.now() - time.time()) < 5
    assert os.path.isfile(served.certificate)
    with socket.create_connection(("127.0.0.1", served.mqtt_port), timeout=5):
        pass
    assert set(served.instances) == {"mqtt_server", "server_socket", "webhook_control"}
    assert repr(served).startswith("<symemu.Served 127.0.0.1 mqtt=")


def test_close_stops_the_listeners_and_removes_the_temporary_database():
    s = symemu.serve(seed=1)
    port, folder = s.mqtt_port, os.path.dirname(s.database)
    assert os.path.isfile(s.database)
    s.close()
    s.close()  # idempotent
    assert s.closed and not os.path.exists(folder)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    with pytest.raises(symemu.KernelError, match="kernel is closed"):
        s.kernel.now()


def test_serve_on_a_database_file_keeps_it(tmp_path, example):
    db = tmp_path / "served.db"
    with symemu.serve(db=db, seed=1, auto_create=True) as s:
        paho_publish(s.mqtt_port, [(topic("19032401"), json.dumps(example(1)))])
    with symemu.Kernel(db) as k:
        assert k.get_object_id_by_path("SmartMetering/SmartLog SL-000123/Electricity/19032401 (Electricity)")
    with symemu.serve(db=db) as again:  # the stored chains are reused, on new free ports
        assert len(again.kernel.get_instance_list_by_module_id("MQTT Server")) == 1
        assert again.mqtt_port > 0


def post(url, body, auth=None, context=None):
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_https_report_over_tls_bad_then_good_credentials(served, example):
    k = served.kernel
    logger = k.create_instance("SmartLogHTTPS", "SmartLog HTTPS")
    k.set_configuration(logger, {"SmartLogID": SMARTLOG_ID, "WebHookUsername": "logger", "WebHookPassword": "secret"})
    k.apply_changes(logger)
    context = ssl.create_default_context(cafile=served.certificate)
    url = f"https://localhost:{served.https_port}/hook/smartlog/{SMARTLOG_ID}"  # the certificate names localhost
    body = json.dumps(example(5)).encode()

    assert post(url, body, ("logger", "wrong"), context) == (401, b"Unauthorized")
    assert k.get_attribute(logger, "Meters") in ("", "[]")
    assert post(url, body, ("logger", "secret"), context) == (200, b"OK")
    assert "03006175" in k.get_attribute(logger, "Meters")  # a 200 means it is applied


def test_http_request_through_a_served_kernel_matches_the_socket(served):
    over_socket = post(f"{served.http_url}/hook/nothing", b"")
    in_process = served.kernel.http_request("POST", "/hook/nothing")
    assert over_socket == (in_process.status, in_process.body) == (404, b"No hook for /hook/nothing")


def test_mqtt_credentials(example):
    with symemu.serve(seed=1, auto_create=True, mqtt_user="logger", mqtt_password="secret") as s:
        assert paho_connect_code(s.mqtt_port, "logger", "wrong") == 4  # bad user name or password
        assert paho_connect_code(s.mqtt_port, "logger", "secret") == 0
        paho_publish(s.mqtt_port, [(topic("19032401"), json.dumps(example(1)))], user="logger", password="secret")
        s.kernel.mqtt_publish(topic("00000263"), example(2), qos=1, client_id=SMARTLOG_ID)  # logs in by itself
        rows = s.kernel.configurator_rows(s.kernel.get_instance_list_by_module_id("SmartMeterConfigurator")[0])
        assert {r["MeterId"] for r in rows} == {"19032401", "00000263"}


def test_the_broker_drops_an_idle_client_after_its_keep_alive():
    with symemu.serve(seed=1, http_port=None, https_port=None) as s:
        assert s.http_port == 0 and s.https_port == 0
        connect = bytes([0x10, 14, 0, 4]) + b"MQTT" + bytes([4, 2, 0, 1, 0, 2]) + b"ka"  # keep alive 1 s
        with socket.create_connection(("127.0.0.1", s.mqtt_port), timeout=10) as c:
            c.sendall(connect)
            assert c.recv(4) == bytes([0x20, 2, 0, 0])  # CONNACK accepted
            started = time.monotonic()
            assert c.recv(1) == b""  # closed by the broker's tick timer, nothing sent by us
            assert 1.0 <= time.monotonic() - started < 5
        assert any("keep alive timeout" in e["Message"] for e in s.kernel.log())


def test_closed_listeners_and_bad_ports():
    with symemu.serve(mqtt_port=None, http_port=None, https_port=None) as s:
        assert (s.mqtt_port, s.http_port, s.https_port, s.certificate) == (0, 0, 0, "")
    with pytest.raises(TypeError, match="mqtt_port must be an int"):
        symemu.serve(mqtt_port="1883")
    with pytest.raises(ValueError, match="http_port must be 0..65535"):
        symemu.serve(http_port=70000)


def test_a_port_in_use_raises(served):
    with pytest.raises(symemu.KernelError, match="not listening"):
        symemu.serve(mqtt_port=served.mqtt_port)

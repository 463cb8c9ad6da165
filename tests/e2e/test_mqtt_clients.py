"""The MQTT Server over real sockets with real clients: mosquitto_pub/sub and paho-mqtt."""
import socket
import subprocess
import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes

from symemu_process import variable_value, wait_for


def sub(port, topic, count=1, extra=(), timeout=10):
    return subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-C", str(count),
                             "-W", str(timeout), "-v", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pub(port, topic, message, *extra):
    body = ["-n"] if message is None else ["-m", message]  # -n: an empty (null) message
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, *body, *extra],
                   check=True, timeout=10)


def test_mosquitto_pub_reaches_the_module_at_every_qos(echo_server):
    for qos in ("0", "1", "2"):
        pub(echo_server.mqtt_port, f"echo/qos{qos}", f"payload-{qos}", "-q", qos)
        assert wait_for(lambda: variable_value(echo_server.db, "LastPayload") == f"payload-{qos}")
    assert variable_value(echo_server.db, "Count") == 3


def test_module_publishes_reach_mosquitto_sub(echo_server):
    for version in ("mqttv311", "mqttv5"):
        s = sub(echo_server.mqtt_port, "reply/#", extra=("-V", version, "-q", "2"))
        time.sleep(0.3)
        pub(echo_server.mqtt_port, "echo/hello", f"hi {version}", "-q", "2", "-V", version)
        out, err = s.communicate(timeout=15)
        assert out.strip() == f"reply/echo/hello hi {version}", err


def test_retained_messages_are_delivered_and_cleared(echo_server):
    port = echo_server.mqtt_port
    pub(port, "state/lamp", "on", "-r", "-q", "1")
    s = sub(port, "state/#", extra=("--retained-only",), timeout=5)
    out, _ = s.communicate(timeout=10)
    assert out.strip() == "state/lamp on"
    pub(port, "state/lamp", None, "-r")  # empty payload clears the retained message
    s = sub(port, "state/#", extra=("--retained-only",), timeout=2)
    out, _ = s.communicate(timeout=10)
    assert out.strip() == ""


def test_last_will_is_published_when_a_client_vanishes(echo_server):
    port = echo_server.mqtt_port
    s = sub(port, "wills/#")
    time.sleep(0.3)
    victim = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-t", "x", "-i", "victim",
                               "--will-topic", "wills/victim", "--will-payload", "gone", "-k", "60"])
    time.sleep(0.5)
    victim.kill()  # no DISCONNECT: the broker must send the will
    out, err = s.communicate(timeout=15)
    assert out.strip() == "wills/victim gone", err


def test_username_and_password_are_checked(server_factory):
    server = server_factory("--mqtt-user", "logger", "--mqtt-password", "secret")
    port = server.mqtt_port
    ok = subprocess.run(["mosquitto_pub", "-p", str(port), "-t", "echo/auth", "-m", "in", "-u", "logger", "-P", "secret"],
                        capture_output=True, text=True, timeout=10)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(["mosquitto_pub", "-p", str(port), "-t", "echo/auth", "-m", "out", "-u", "logger", "-P", "wrong"],
                         capture_output=True, text=True, timeout=10)
    assert bad.returncode != 0
    assert "not authorised" in bad.stderr.lower() or "bad user name or password" in bad.stderr.lower()
    assert wait_for(lambda: variable_value(server.db, "LastPayload") == "in")
    time.sleep(0.3)
    assert variable_value(server.db, "LastPayload") == "in"
    assert server.stop() == 0


def _paho_roundtrip(port, protocol):
    got = []
    done = threading.Event()
    client = mqtt.Client(client_id=f"paho-{protocol}", protocol=protocol)

    def on_message(c, userdata, msg):
        props = getattr(msg, "properties", None)
        user = list(getattr(props, "UserProperty", []) or []) if props else []
        got.append((msg.topic, msg.payload, msg.qos, user))
        done.set()

    subscribed = threading.Event()
    client.on_message = on_message
    client.on_subscribe = lambda *a: subscribed.set()
    client.connect("127.0.0.1", port, keepalive=30)
    client.loop_start()
    try:
        client.subscribe("paho/#", qos=1)
        assert subscribed.wait(5)
        if protocol == mqtt.MQTTv5:
            props = Properties(PacketTypes.PUBLISH)
            props.UserProperty = [("origin", "test")]
            props.ContentType = "text/plain"
            client.publish("paho/x", b"\x00\xffbinary", qos=1, properties=props).wait_for_publish(5)
        else:
            client.publish("paho/x", b"\x00\xffbinary", qos=1).wait_for_publish(5)
        assert done.wait(5)
    finally:
        client.loop_stop()
        client.disconnect()
    return got[0]


def test_paho_mqtt_311_and_5_roundtrip_binary_payloads(echo_server):
    topic, payload, qos, _ = _paho_roundtrip(echo_server.mqtt_port, mqtt.MQTTv311)
    assert (topic, payload, qos) == ("paho/x", b"\x00\xffbinary", 1)
    topic, payload, qos, user = _paho_roundtrip(echo_server.mqtt_port, mqtt.MQTTv5)
    assert (topic, payload, qos) == ("paho/x", b"\x00\xffbinary", 1)
    assert user == [("origin", "test")]


def test_puback_comes_after_the_value_is_committed(echo_server):
    """On PUBACK the payload must already be in the SQLite file, read by another process."""
    seen_at_puback = []
    client = mqtt.Client(client_id="durability", protocol=mqtt.MQTTv311)

    def on_publish(c, userdata, mid):
        seen_at_puback.append(variable_value(echo_server.db, "LastPayload"))

    client.on_publish = on_publish
    client.connect("127.0.0.1", echo_server.mqtt_port)
    client.loop_start()
    try:
        for i in range(20):
            client.publish("echo/durable", f"value-{i}", qos=1).wait_for_publish(5)
            assert seen_at_puback[-1] == f"value-{i}"
    finally:
        client.loop_stop()
        client.disconnect()
    assert len(seen_at_puback) == 20


def test_a_malformed_packet_drops_only_that_client(echo_server):
    port = echo_server.mqtt_port
    good = mqtt.Client(client_id="good")
    good.connect("127.0.0.1", port)
    good.loop_start()
    try:
        bad = socket.create_connection(("127.0.0.1", port), timeout=5)
        bad.sendall(bytes([0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))  # remaining length over 4 bytes
        bad.settimeout(5)
        assert bad.recv(100) == b""  # the server closed it
        bad.close()
        good.publish("echo/still", "alive", qos=1).wait_for_publish(5)
        assert wait_for(lambda: variable_value(echo_server.db, "LastPayload") == "alive")
    finally:
        good.loop_stop()
        good.disconnect()

"""MQTT state across a restart of `serve` (issue 16 point 8): retained messages and persistent
sessions with their queued QoS 1/2 messages are in the database before PUBACK/PUBCOMP, so a
restart, even SIGKILL, loses nothing a client was promised. Real clients: mosquitto_pub/sub and
paho-mqtt 1.6."""
import queue
import signal
import subprocess

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties


def pub(port, topic, message, *extra):
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-m", message, *extra],
                   check=True, timeout=10)


def sub_once(port, topic, *extra, timeout=5):
    r = subprocess.run(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-C", "1", "-W",
                        str(timeout), "-v", *extra], capture_output=True, text=True, timeout=timeout + 5)
    return r.stdout.strip()


def persistent_subscriber(port, client_id, topic, qos, v5):
    """Connects without clean session (v5: session expiry 300 s), subscribes, disconnects."""
    acked = queue.Queue()
    if v5:
        c = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv5)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 300
        c.on_subscribe = lambda *a: acked.put(True)
        c.connect("127.0.0.1", port, clean_start=False, properties=props)
    else:
        c = mqtt.Client(client_id=client_id, clean_session=False, protocol=mqtt.MQTTv311)
        c.on_subscribe = lambda *a: acked.put(True)
        c.connect("127.0.0.1", port)
    c.loop_start()
    c.subscribe(topic, qos)
    acked.get(timeout=10)
    c.disconnect()
    c.loop_stop()


def reconnect_and_receive(port, client_id, v5, count):
    got, flags_seen = queue.Queue(), queue.Queue()
    if v5:
        c = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv5)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 300
        c.on_connect = lambda cl, u, flags, rc, p: flags_seen.put(flags)
        c.on_message = lambda cl, u, m: got.put((m.topic, m.payload))
        c.connect("127.0.0.1", port, clean_start=False, properties=props)
    else:
        c = mqtt.Client(client_id=client_id, clean_session=False, protocol=mqtt.MQTTv311)
        c.on_connect = lambda cl, u, flags, rc: flags_seen.put(flags)
        c.on_message = lambda cl, u, m: got.put((m.topic, m.payload))
        c.connect("127.0.0.1", port)
    c.loop_start()
    try:
        flags = flags_seen.get(timeout=10)
        messages = [got.get(timeout=10) for _ in range(count)]
    finally:
        c.disconnect()
        c.loop_stop()
    return flags["session present"], messages


@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
@pytest.mark.parametrize("v5", [False, True], ids=["v311", "v5"])
def test_queued_messages_and_retained_survive_a_restart(server_factory, tmp_path, how, v5):
    db = tmp_path / "restart.db"
    server = server_factory(db=db)
    persistent_subscriber(server.mqtt_port, "keeper", "keep/#", 2, v5)
    # mosquitto_pub returns once it has PUBACK / PUBCOMP: from then on the broker owes them.
    pub(server.mqtt_port, "keep/one", "first", "-q", "1")
    pub(server.mqtt_port, "keep/two", "second", "-q", "2", "-V", "mqttv5")
    pub(server.mqtt_port, "state/lamp", "on", "-q", "1", "-r")
    if how == "sigkill":
        server.kill()
    else:
        assert server.stop(signal.SIGTERM) == 0

    again = server_factory(db=db)
    assert sub_once(again.mqtt_port, "state/#", "--retained-only") == "state/lamp on"
    present, messages = reconnect_and_receive(again.mqtt_port, "keeper", v5, 2)
    assert present == 1
    assert messages == [("keep/one", b"first"), ("keep/two", b"second")]

    # Delivered and acknowledged: after one more restart nothing is sent twice.
    assert again.stop(signal.SIGTERM) == 0
    third = server_factory(db=db)
    got = subprocess.run(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(third.mqtt_port), "-t", "keep/#", "-i",
                          "keeper", "-c", "-q", "2", "-W", "2", "-v"] + (["-V", "mqttv5", "-x", "300"] if v5 else []),
                         capture_output=True, text=True, timeout=10)
    assert got.stdout.strip() == ""


def test_a_clean_session_leaves_nothing_behind(server_factory, tmp_path):
    db = tmp_path / "clean.db"
    server = server_factory(db=db)
    persistent_subscriber(server.mqtt_port, "keeper", "keep/#", 1, False)
    # A clean session with the same client id ends the stored one (mosquitto_sub is clean by default).
    subprocess.run(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(server.mqtt_port), "-i", "keeper", "-t", "x",
                    "-W", "1"], capture_output=True, timeout=10)
    pub(server.mqtt_port, "keep/one", "nobody is subscribed", "-q", "1")
    assert server.stop(signal.SIGTERM) == 0
    again = server_factory(db=db)
    present, messages = reconnect_and_receive(again.mqtt_port, "keeper", False, 0)
    assert present == 0

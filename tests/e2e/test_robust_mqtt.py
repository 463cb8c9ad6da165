"""Bad MQTT input over real sockets to `symemu_testserve serve`: each case is refused (the
connection is closed, with a v5 reason code where the protocol has one), while a good paho
client keeps working and the stored values change only through the good client."""
import socket
import threading

import paho.mqtt.client as mqtt
import pytest

from robust_support import (MQTT_SERVER, RawClient, configure_first, connect, packet, prepared_server,
                            publish, remaining_length, rss_kib, SANITIZED)
from symemu_process import variable_value

MAX_PACKET = 4096


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    db = tmp_path_factory.mktemp("robust_mqtt") / "mqtt.db"
    server = prepared_server(db, lambda k: configure_first(k, MQTT_SERVER, {"MaxPacketSize": MAX_PACKET}))
    good = mqtt.Client(client_id="good-client", protocol=mqtt.MQTTv311)
    good.connect("127.0.0.1", server.mqtt_port, keepalive=30)
    good.loop_start()
    state = {"server": server, "good": good, "count": 0}
    yield state
    good.loop_stop()
    good.disconnect()
    assert server.stop() == 0, server.stderr()


def good_publish(state, text):
    info = state["good"].publish("echo/good", text, qos=1)
    info.wait_for_publish(5)
    assert info.is_published(), "the good client got no PUBACK"
    state["count"] += 1
    db = state["server"].db
    assert variable_value(db, "LastPayload") == text  # committed before the PUBACK
    assert variable_value(db, "Count") == state["count"]


def v5_reason(packets):
    """Reason code of the CONNACK or DISCONNECT the server sent last, if any."""
    for ptype, _, body in reversed(packets):
        if ptype == 14:
            return body[0] if body else 0
        if ptype == 2 and len(body) >= 2:
            return body[1]
    return None


def session(port, version):
    c = RawClient(port)
    if version:
        c.send(connect(b"bad-%d" % version, version))
        assert c.connack()[1] == 0
    return c


CONNECTED_V4 = 4
CONNECTED_V5 = 5
NOT_CONNECTED = 0

# name, session before the bad bytes, bad bytes, expected v5 reason code (None: just closed)
CASES = [
    ("bad remaining length", CONNECTED_V4, bytes([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), None),
    ("bad remaining length v5", CONNECTED_V5, bytes([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), 0x81),
    ("reserved flag bits (PINGREQ)", CONNECTED_V4, packet(12, 1, b""), None),
    ("reserved flag bits (SUBSCRIBE)", CONNECTED_V5, packet(8, 0, b"\x00\x01\x00\x00\x06echo/#\x01"), 0x81),
    ("unknown packet type 0", CONNECTED_V5, b"\x00\x00", "refused"),
    ("unknown packet type 15 in 3.1.1", CONNECTED_V4, b"\xf0\x00", None),
    ("packet before CONNECT", NOT_CONNECTED, publish(b"echo/early", b"bad", qos=1), None),
    ("second CONNECT", CONNECTED_V4, connect(b"again"), None),
    ("second CONNECT v5", CONNECTED_V5, connect(b"again", 5), 0x82),
    ("invalid UTF-8 in topic", CONNECTED_V4, publish(b"echo/\xc3\x28", b"bad", qos=1), None),
    ("invalid UTF-8 in topic v5", CONNECTED_V5, publish(b"echo/\xed\xa0\x80", b"bad", qos=1, version=5), "refused"),
    ("wildcard in PUBLISH topic", CONNECTED_V5, publish(b"echo/#", b"bad", qos=1, version=5), 0x90),
    ("wildcard + in PUBLISH topic", CONNECTED_V4, publish(b"echo/+/x", b"bad", qos=1), None),
    ("oversized packet", CONNECTED_V5, publish(b"echo/big", b"x" * (MAX_PACKET + 10), qos=1, version=5), 0x95),
    ("QoS 3", CONNECTED_V4, packet(3, 0x06, b"\x00\x06echo/q\x00\x01bad"), None),
    ("QoS 3 v5", CONNECTED_V5, packet(3, 0x06, b"\x00\x06echo/q\x00\x01\x00bad"), 0x81),
    ("packet id 0", CONNECTED_V5, publish(b"echo/pid0", b"bad", qos=1, pid=0, version=5), 0x82),
    ("packet id 0 in 3.1.1", CONNECTED_V4, publish(b"echo/pid0", b"bad", qos=2, pid=0), None),
]


@pytest.mark.parametrize("name,state_before,data,reason", CASES, ids=[c[0] for c in CASES])
def test_bad_packet_is_refused_and_nothing_else_changes(broker, name, state_before, data, reason):
    good_publish(broker, f"before {name}")
    bad = session(broker["server"].mqtt_port, state_before)
    bad.send(data)
    packets = bad.packets_until_close()
    bad.close()
    assert not any(p[0] in (4, 5) for p in packets), f"{name}: the bad publish was acknowledged: {packets}"
    if state_before == NOT_CONNECTED:
        assert not any(p[0] == 2 for p in packets), "a client that skipped CONNECT got a CONNACK"
    if reason == "refused":
        code = v5_reason(packets)
        assert code is None or code >= 0x80, packets
    elif reason is not None:
        assert v5_reason(packets) == reason, f"{name}: {packets}"
    good_publish(broker, f"after {name}")


def test_invalid_utf8_client_id_is_refused(broker):
    for version in (4, 5):
        c = RawClient(broker["server"].mqtt_port)
        c.send(connect(b"\xff\xfeid", version))
        packets = c.packets_until_close()
        c.close()
        accepted = [p for p in packets if p[0] == 2 and len(p[2]) >= 2 and p[2][1] == 0]
        assert not accepted, f"v{version}: a client id that is not UTF-8 was accepted"
    good_publish(broker, "after bad client id")


def test_truncated_packet_is_never_applied(broker):
    good_publish(broker, "before truncated")
    c = session(broker["server"].mqtt_port, CONNECTED_V4)
    whole = publish(b"echo/truncated", b"never-applied", qos=1, pid=7)
    c.send(whole[:-4])
    good_publish(broker, "while a packet is half sent")  # a half packet blocks nobody
    c.sock.shutdown(socket.SHUT_WR)
    assert c.packets_until_close() == []
    c.close()
    good_publish(broker, "after truncated")


def test_remaining_length_longer_than_the_maximum_packet_size_is_refused_early(broker):
    """Only the header of a 100 MB packet is sent: the broker must refuse it from the header."""
    c = session(broker["server"].mqtt_port, CONNECTED_V5)
    c.send(bytes([0x30]) + remaining_length(100 * 1024 * 1024) + b"\x00\x04echo")
    packets = c.packets_until_close()
    c.close()
    assert v5_reason(packets) == 0x95, packets
    good_publish(broker, "after announced oversize")


@pytest.mark.parametrize("version", [4, 5])
def test_flood_of_unacknowledged_qos2_stays_bounded(broker, version):
    """Every packet id in flight at once: 65,535 QoS 2 PUBLISHes never released with PUBREL
    (the broker's Receive Maximum is 65,535, so the id space is the bound). The broker keeps
    answering, its memory stays bounded, and the good client keeps working meanwhile. The
    topic is outside echo/#: nothing may reach the stored values."""
    pid = broker["server"].proc.pid
    rss_before = rss_kib(pid)
    c = session(broker["server"].mqtt_port, version)
    data = b"".join(publish(b"flood/x", b"", qos=2, pid=i, version=version) for i in range(1, 65536))
    sender = threading.Thread(target=c.send, args=(data,))
    sender.start()
    pubrecs = 0
    while pubrecs < 65535:
        ptype, _, _ = c.read_packet()
        assert ptype == 5, f"expected PUBREC, got type {ptype}"
        pubrecs += 1
        if pubrecs == 30000:
            good_publish(broker, f"during QoS 2 flood v{version}")
    sender.join()
    c.send(publish(b"flood/x", b"", qos=2, pid=1, version=version))  # a resend of an open id
    assert c.read_packet()[0] == 5
    assert SANITIZED or rss_kib(pid) - rss_before < 200 * 1024, "the open QoS 2 state grew beyond 200 MB"
    c.close()
    good_publish(broker, f"after QoS 2 flood v{version}")

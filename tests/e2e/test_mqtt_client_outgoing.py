"""What symemu sends to an upstream broker through the MQTT Client: children's QoS 1 and 2
publishes (the Echo Device's reply) reach a real subscriber on Debian's mosquitto exactly once
with their QoS, after the PUBACK or PUBREC/PUBREL/PUBCOMP handshake (read from mosquitto's own
log); an unacknowledged one survives a SIGKILL and is resent with DUP; the will message is
published by the broker when symemu is killed and not after a clean stop."""
import re
import signal
import socket
import struct
import subprocess
import threading
import time

import paho.mqtt.client as paho
import pytest

from mosquitto_broker import Mosquitto
from symemu_process import committed_rows, wait_for
from test_mqtt_client_exactly_once import expect, read_packet
from test_mqtt_client_upstream import UpstreamServe

ECHO_ENV = {"SYMEMU_ECHO_UNDER_MQTT_CLIENT": "1"}


class Watcher:
    """A paho-mqtt subscriber (QoS 2) that keeps every message it receives."""

    def __init__(self, port, topic):
        self.messages, self.subscribed = [], threading.Event()
        self.client = paho.Client(client_id=f"watcher-{port}", clean_session=True)
        self.client.on_message = lambda c, u, m: self.messages.append((m.topic, m.payload.decode(), m.qos, m.retain))
        self.client.on_subscribe = lambda *a: self.subscribed.set()
        self.client.on_connect = lambda c, u, f, rc: c.subscribe(topic, qos=2)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert self.subscribed.wait(10), "the watcher did not get its SUBACK"

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def out_rows(db):
    return committed_rows(db, "SELECT key FROM module_state WHERE key LIKE 'out/%'")


@pytest.mark.parametrize("version", [4, 5])
@pytest.mark.parametrize("qos", [1, 2])
def test_a_childs_qos_publish_reaches_a_subscriber_once_with_its_handshake(tmp_path, qos, version):
    broker = Mosquitto(tmp_path / "mosquitto", log_all=True).start()
    watcher = None
    try:
        up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{broker.port}?readonly=0&client_id=echo-out&version={version}",
                           binary_name="symemu_testserve", env=dict(ECHO_ENV, SYMEMU_ECHO_REPLY_QOS=str(qos)))
        try:
            assert up.wait_log("subscribed to echo/# with QoS 2"), up.stderr()
            watcher = Watcher(broker.port, "reply/#")
            subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", "echo/hello", "-m",
                            f"hi q{qos}", "-q", "1"], check=True, timeout=10)
            assert wait_for(lambda: watcher.messages, timeout=10), up.stderr()
            # The handshake as mosquitto logs it, with the packet ID symemu chose.
            m = re.search(rf"Received PUBLISH from echo-out \(d0, q{qos}, r0, m(\d+), 'reply/echo/hello'",
                          broker.log_text())
            assert m, broker.log_text()[-2000:]
            mid = m.group(1)
            if qos == 1:
                assert broker.wait_log(f"Sending PUBACK to echo-out (m{mid}, rc0)")
            else:
                for line in (f"Sending PUBREC to echo-out (m{mid}, rc0)", f"Received PUBREL from echo-out (Mid: {mid})",
                             f"Sending PUBCOMP to echo-out (m{mid})"):
                    assert broker.wait_log(line), (line, broker.log_text()[-2000:])
            time.sleep(1.0)  # a duplicate would arrive in this time
            assert watcher.messages == [("reply/echo/hello", f"hi q{qos}", qos, False)]
        finally:
            assert up.stop() == 0, up.stderr()
        assert out_rows(up.db) == []  # acknowledged: nothing left to resend
    finally:
        if watcher:
            watcher.close()
        broker.stop()


def scripted_session(srv, session_present):
    """Accepts symemu's connection, answers CONNECT and SUBSCRIBE; returns (conn, connect flags)."""
    conn, _ = srv.accept()
    conn.settimeout(15)
    body = expect(conn, 1)
    flags = body[2 + struct.unpack("!H", body[:2])[0] + 1]  # after the protocol name and level
    conn.sendall(bytes([0x20, 0x02, 0x01 if session_present else 0x00, 0x00]))
    sub = expect(conn, 8)
    conn.sendall(bytes([0x90, 0x03]) + sub[:2] + b"\x02")
    return conn, flags


def publish_qos0(topic, payload):
    body = struct.pack("!H", len(topic)) + topic.encode() + payload.encode()
    return bytes([0x30, len(body)]) + body


def first_publish(conn):
    """The next PUBLISH (skipping PINGREQ): (flags, packet ID, topic, payload)."""
    while True:
        header = conn.recv(1, socket.MSG_PEEK)
        assert header, "the MQTT Client closed the connection"
        t, body = read_packet(conn)
        if t == 3:
            n = struct.unpack("!H", body[:2])[0]
            topic = body[2:2 + n].decode()
            return header[0] & 0x0F, struct.unpack("!H", body[2 + n:4 + n])[0], topic, body[4 + n:].decode()
        assert t == 12, f"unexpected packet type {t}"


def test_an_unacknowledged_qos1_publish_survives_sigkill_and_is_resent_with_dup(tmp_path):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.settimeout(15)
    url = f"mqtt://127.0.0.1:{srv.getsockname()[1]}?client_id=resend&clean=0&readonly=0"
    env = dict(ECHO_ENV, SYMEMU_ECHO_REPLY_QOS="1")
    up = UpstreamServe(tmp_path, url, name="resend", binary_name="symemu_testserve", env=env)
    conn, flags = scripted_session(srv, False)
    assert not flags & 0x02  # clean=0: a persistent session
    conn.sendall(publish_qos0("echo/keep", "kept"))
    qos_flags, pid, topic, payload = first_publish(conn)
    assert (qos_flags, topic, payload) == (0x02, "reply/echo/keep", "kept")  # QoS 1, no DUP yet
    assert wait_for(lambda: out_rows(up.db) == [(f"out/{pid}",)], timeout=10)  # kept before any PUBACK
    up.proc.send_signal(signal.SIGKILL)
    up.proc.wait()
    up.err.close()
    conn.close()

    again = UpstreamServe(tmp_path, url, name="resend", binary_name="symemu_testserve", env=env)
    try:
        conn, _ = scripted_session(srv, True)  # the broker still has the session
        qos_flags, pid2, topic, payload = first_publish(conn)
        assert (qos_flags, pid2, topic, payload) == (0x0A, pid, "reply/echo/keep", "kept")  # DUP, same ID
        conn.sendall(bytes([0x40, 0x02]) + struct.pack("!H", pid))  # PUBACK
        assert wait_for(lambda: out_rows(again.db) == [], timeout=10)
    finally:
        assert again.stop() == 0, again.stderr()
    # A clean stop ends with DISCONNECT (so a broker drops the will).
    t, _ = read_packet(conn)
    assert t == 14, f"packet type {t} instead of DISCONNECT"
    conn.close()
    srv.close()


@pytest.mark.parametrize("version", [4, 5])
@pytest.mark.parametrize("ending", ["sigkill", "clean stop"])
def test_the_will_is_published_when_symemu_dies_and_not_after_a_clean_stop(tmp_path, ending, version):
    broker = Mosquitto(tmp_path / "mosquitto", log_all=True).start()
    watcher = Watcher(broker.port, "status/#")
    try:
        url = (f"mqtt://127.0.0.1:{broker.port}?readonly=0&client_id=willing&topic=SmartLog/%23&version={version}"
               "&will_topic=status/symemu&will_payload=offline&will_qos=1")
        up = UpstreamServe(tmp_path, url, "--auto-create", name="will")
        assert up.wait_log("subscribed to SmartLog/#"), up.stderr()
        assert "Will message specified (7 bytes) (r0, q1)" in broker.log_text()  # mosquitto got the will
        if ending == "sigkill":
            up.proc.send_signal(signal.SIGKILL)
            up.proc.wait()
            up.err.close()
            assert wait_for(lambda: watcher.messages, timeout=10), broker.log_text()[-2000:]
            assert watcher.messages == [("status/symemu", "offline", 1, False)]
        else:
            assert up.stop() == 0, up.stderr()
            assert broker.wait_log("Received DISCONNECT from willing")
            time.sleep(1.0)
            assert watcher.messages == []
    finally:
        watcher.close()
        broker.stop()


@pytest.mark.parametrize("query,message", [
    ("will_topic=status/x", "will_topic needs readonly=0"),
    ("readonly=0&will_topic=status/%23", "will_topic must not contain + or #"),
    ("readonly=0&will_payload=x", "need will_topic"),
    ("readonly=0&will_topic=s&will_qos=3", "will_qos must be 0, 1 or 2"),
])
def test_bad_will_parameters_are_refused(tmp_path, query, message):
    from symemu_process import binary
    r = subprocess.run([binary(), "serve", "--db", str(tmp_path / "x.db"), "--upstream",
                        f"mqtt://127.0.0.1:1883?{query}"], capture_output=True, text=True, timeout=20)
    assert r.returncode != 0 and message in r.stderr, r.stderr

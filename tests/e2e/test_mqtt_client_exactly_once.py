"""QoS 2 exactly once through the MQTT Client, against a scripted broker on a plain socket: a
PUBLISH redelivered (DUP, same packet ID, before PUBREL) after a SIGKILL of symemu is
acknowledged but not applied again; after PUBREL the packet ID is free for a new message."""
import json
import signal
import socket
import struct

from symemu_process import ROOT, wait_for
from test_mqtt_client_durability import energy_values
from test_mqtt_client_upstream import UpstreamServe, settle

EXAMPLE = (ROOT / "fixtures" / "examples" / "example5.json").read_text()
LOGGER = "SL-200001"


def varint(n):
    out = bytearray()
    while True:
        b, n = n % 128, n // 128
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def publish_qos2(pid, value, dup=False):
    topic = f"SmartLog/{LOGGER}".encode()
    payload = EXAMPLE.replace("SL-000123", LOGGER).replace('"VAL":"1234567"', f'"VAL":"{value}"').encode()
    body = struct.pack("!H", len(topic)) + topic + struct.pack("!H", pid) + payload
    return bytes([0x34 | (0x08 if dup else 0)]) + varint(len(body)) + body


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        assert chunk, "the MQTT Client closed the connection"
        data += chunk
    return data


def read_packet(conn):
    header = read_exact(conn, 1)[0]
    length, shift = 0, 0
    while True:
        b = read_exact(conn, 1)[0]
        length |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return header >> 4, read_exact(conn, length)


def expect(conn, ptype):
    while True:
        t, body = read_packet(conn)
        if t == ptype:
            return body
        assert t in (12,), f"unexpected packet type {t} while waiting for {ptype}"  # PINGREQ may come


def session(srv, session_present):
    conn, _ = srv.accept()
    conn.settimeout(15)
    expect(conn, 1)  # CONNECT
    conn.sendall(bytes([0x20, 0x02, 0x01 if session_present else 0x00, 0x00]))
    sub = expect(conn, 8)
    conn.sendall(bytes([0x90, 0x03]) + sub[:2] + b"\x02")  # SUBACK, QoS 2 granted
    return conn


def energy(db):
    values = energy_values(db)
    return next((float(v) for k, v in values.items() if k.endswith(LOGGER)), None)


def scripted_broker(client_id):
    """A listening socket that plays the broker, and the MQTT Client URL that connects to it."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.settimeout(15)
    return srv, f"mqtt://127.0.0.1:{srv.getsockname()[1]}?client_id={client_id}&clean=0&qos=2&topic=SmartLog/%23"


def release(conn, pid):
    """PUBREL for `pid`; returns the packet ID of the PUBCOMP that answers it."""
    conn.sendall(bytes([0x62, 0x02]) + struct.pack("!H", pid))
    return struct.unpack("!H", expect(conn, 7)[:2])[0]


def exchange_qos2(conn, pid, value, dup=False):
    """A whole QoS 2 delivery: PUBLISH, PUBREC, PUBREL, PUBCOMP; the IDs of PUBREC and PUBCOMP."""
    conn.sendall(publish_qos2(pid, value, dup))
    return struct.unpack("!H", expect(conn, 5)[:2])[0], release(conn, pid)


def test_a_qos2_redelivery_after_sigkill_is_not_applied_twice(tmp_path):
    srv, url = scripted_broker("eo")
    up = UpstreamServe(tmp_path, url, "--auto-create", name="eo")
    conn = session(srv, False)
    conn.sendall(publish_qos2(7, 1))
    assert struct.unpack("!H", expect(conn, 5)[:2])[0] == 7  # PUBREC: the report is committed
    assert energy(up.db) == 10.0
    up.proc.send_signal(signal.SIGKILL)  # before PUBREL
    up.proc.wait()
    up.err.close()
    conn.close()

    again = UpstreamServe(tmp_path, url, "--auto-create", name="eo")
    try:
        conn = session(srv, True)
        assert exchange_qos2(conn, 7, 2, dup=True) == (7, 7)  # the same message again, as a broker resends it
        settle(again.db, timeout=5)
        assert energy(again.db) == 10.0  # not applied a second time
        exchange_qos2(conn, 7, 3)  # packet ID 7 released: a new message
        assert wait_for(lambda: energy(again.db) == 30.0, timeout=10)
        conn.close()
    finally:
        assert again.stop() == 0, again.stderr()
        srv.close()


def test_a_qos2_publish_resent_after_its_pubrel_is_not_applied_again(tmp_path):
    """mosquitto 2.0 re-sends, after a restart, the PUBLISH of a QoS 2 message it had already
    released (PUBREL sent, PUBCOMP not yet read), against MQTT 3.1.1 §4.3.3. The MQTT Client
    acknowledges that redelivery without applying it; another message on the ID is applied."""
    srv, url = scripted_broker("eo2")
    record = tmp_path / "rec.jsonl"
    up = UpstreamServe(tmp_path, url, "--auto-create", "--record", str(record), name="eo2")
    try:
        conn = session(srv, False)
        assert exchange_qos2(conn, 9, 1) == (9, 9)
        conn.close()  # the broker "restarts"

        conn = session(srv, True)
        assert exchange_qos2(conn, 9, 1, dup=True) == (9, 9)  # the released message again
        exchange_qos2(conn, 9, 2, dup=True)  # another message on ID 9 (its first attempt was lost)
        assert wait_for(lambda: energy(up.db) == 20.0, timeout=10)
        conn.close()
    finally:
        assert up.stop() == 0, up.stderr()
        srv.close()
    topics = [json.loads(line).get("topic") for line in record.read_text().splitlines()[1:]]
    assert topics.count(f"SmartLog/{LOGGER}") == 2, topics  # values 1 and 2, the resent 1 not again

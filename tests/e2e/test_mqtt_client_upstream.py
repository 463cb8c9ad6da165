"""`symemu serve --upstream`: the Client Socket -> MQTT Client chain attached to Debian's
mosquitto (started here on a free port), with a SmartLog under the MQTT Client."""
import json
import os
import signal
import socket
import subprocess
import threading
import time

import pytest

from mosquitto_broker import Mosquitto, free_port, make_ca_and_server_cert
from symemu_process import ROOT, SymemuServer, binary, committed_rows, wait_for

EXAMPLES = ROOT / "fixtures" / "examples"
CLIENT_ID = "{F7A0DD2E-7684-95C0-64C2-D2A9DC47577B}"
SOCKET_ID = "{3CFF0FD9-E306-41DB-9B5A-9D06D38576C3}"


class UpstreamServe:
    """`symemu serve --upstream URL --no-mqtt-server --verbose` with its stderr in a file."""

    def __init__(self, tmp_path, url, *extra, name="up", binary_name="symemu", env=None):
        self.db = tmp_path / f"{name}.db"
        self.errfile = tmp_path / f"{name}.err"
        args = [binary(binary_name), "serve", "--db", str(self.db), "--bind", "127.0.0.1", "--http-port", "0", "--https-port",
                "0", "--no-mqtt-server", "--verbose", "--upstream", url, *extra]
        self.err = open(self.errfile, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.err, text=True,
                                     env=dict(os.environ, **(env or {})))
        line = self.proc.stdout.readline()
        assert line.startswith("symemu: ready") and "upstream=" in line, (line, self.stderr())

    def stderr(self):
        self.err.flush()
        return self.errfile.read_text()

    def wait_log(self, text, count=1, timeout=15):
        return wait_for(lambda: self.stderr().count(text) >= count, timeout=timeout, interval=0.1)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        self.err.close()
        return self.proc.returncode


def status_of(db, module_id):
    rows = committed_rows(db, "SELECT status FROM instances WHERE module_id = ?", (module_id,))
    return rows[0][0] if rows else None


def object_count(db):
    return committed_rows(db, "SELECT count(*) FROM objects")[0][0]


def has_object(db, name):
    return committed_rows(db, "SELECT count(*) FROM objects WHERE name = ?", (name,))[0][0] > 0


def settle(db, timeout=15):
    """Waits until the object tree stopped growing for a second."""
    deadline, last, since = time.time() + timeout, -1, time.time()
    while time.time() < deadline:
        n = object_count(db)
        if n != last:
            last, since = n, time.time()
        elif time.time() - since > 1.0:
            return n
        time.sleep(0.1)
    return last


def smartmetering_tree(db, splitter=None):
    """The SmartMetering subtree without IDs and time stamps; the splitter's name is checked and
    then left out (the one difference between the two chains)."""
    out = subprocess.run([binary(), "snapshot", "--db", str(db), "--no-times"], capture_output=True, text=True,
                         check=True)
    snap = json.loads(out.stdout)
    tree = {}
    for path, node in snap.items():
        if not path.startswith("SmartMetering/"):
            continue
        node = dict(node)
        node.pop("id", None)
        node.pop("attributes", None)  # LastSeen stamps
        if node.get("parent") in ("MQTT Client", "MQTT Server"):
            assert splitter is None or node["parent"] == splitter, (path, node["parent"])
            node["parent"] = "<MQTT splitter>"
        if path.endswith("/Last Message Time"):
            node.pop("value", None)
        tree[path] = node
    return tree


def publish_examples(port):
    for i in range(1, 5):
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", f"SmartLog/SL-000123/meter{i}",
                        "-f", str(EXAMPLES / f"example{i}.json"), "-q", "1"], check=True, timeout=10)
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", "SmartLog/SL-000123", "-f",
                    str(EXAMPLES / "example5.json"), "-q", "2"], check=True, timeout=10)


@pytest.fixture
def broker(tmp_path):
    b = Mosquitto(tmp_path / "mosquitto").start()
    yield b
    b.stop()


def test_smartlog_under_mqtt_client_builds_the_same_tree_as_under_the_mqtt_server(tmp_path, broker):
    with SymemuServer(tmp_path / "server.db", extra_args=("--auto-create",)) as server:
        publish_examples(server.mqtt_port)
    expected = smartmetering_tree(tmp_path / "server.db", "MQTT Server")
    assert len(expected) > 30

    up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{broker.port}?client_id=rec-1&topic=SmartLog/%23",
                       "--auto-create", "--record", str(tmp_path / "rec.jsonl"))
    try:
        assert up.wait_log("subscribed to "), up.stderr()
        assert status_of(up.db, CLIENT_ID) == 102 and status_of(up.db, SOCKET_ID) == 102
        publish_examples(broker.port)
        settle(up.db)
    finally:
        assert up.stop() == 0, up.stderr()
    assert smartmetering_tree(up.db, "MQTT Client") == expected
    recorded = [json.loads(line) for line in (tmp_path / "rec.jsonl").read_text().splitlines() if line.strip()]
    assert sum(1 for r in recorded if "SmartLog/SL-000123" in json.dumps(r)) == 5


def test_wrong_credentials_give_a_refused_status_and_log_line(tmp_path):
    broker = Mosquitto(tmp_path / "mosquitto", users={"logger": "right"}).start()
    try:
        up = UpstreamServe(tmp_path, f"mqtt://logger:wrong@127.0.0.1:{broker.port}")
        try:
            assert up.wait_log("the broker refused the connection: not authorized (5)"), up.stderr()
            assert wait_for(lambda: status_of(up.db, CLIENT_ID) == 201, timeout=5)
            assert up.alive()
        finally:
            assert up.stop() == 0, up.stderr()
        good = UpstreamServe(tmp_path, f"mqtt://logger:right@127.0.0.1:{broker.port}?version=5", name="good")
        try:
            assert good.wait_log("subscribed to "), good.stderr()
            assert "subscribed to # with QoS 2" in good.stderr()  # no children, no list: everything
        finally:
            assert good.stop() == 0
    finally:
        broker.stop()


def test_broker_restart_reconnects_and_later_reports_arrive(tmp_path, broker):
    up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{broker.port}", "--auto-create")
    try:
        assert up.wait_log("subscribed to "), up.stderr()
        # No topic in the URL: the subscription comes from the SmartLogDiscovery's receive filter.
        assert "subscribed to SmartLog/# with QoS 2" in up.stderr()
        broker.publish_file("SmartLog/SL-000123/meter1", EXAMPLES / "example1.json")
        settle(up.db)
        broker.stop()
        assert up.wait_log("connection to the broker lost"), up.stderr()
        assert wait_for(lambda: status_of(up.db, SOCKET_ID) == 200, timeout=5)
        broker.start()
        assert up.wait_log("subscribed to ", count=2, timeout=20), up.stderr()
        publish_examples(broker.port)
        settle(up.db)
    finally:
        assert up.stop() == 0, up.stderr()
    tree = smartmetering_tree(up.db)
    assert tree["SmartMetering/SmartLog SL-000123/Warm water/03007136 (Warm water)/Volume"]["value"] == 6.735


def garbage_broker(replies, connections, stop):
    """A plain socket server that answers each connection with `replies` bytes."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.settimeout(0.2)

    def run():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                continue
            connections.append(conn)
            try:
                conn.recv(1024)  # the CONNECT
                conn.sendall(replies)
            except OSError:
                pass
        srv.close()

    threading.Thread(target=run, daemon=True).start()
    return srv.getsockname()[1]


@pytest.mark.parametrize("reply,what", [
    (b"\xff\xff\xff\xff\xff", "protocol error from the broker"),  # remaining length longer than 4 bytes
    (b"\x20\x02\x00\x00" + b"\x30\xff\xff\xff\x7f", "protocol error from the broker"),  # CONNACK, then oversized
    (b"\xd0\x00", "before CONNACK"),  # PINGRESP where CONNACK belongs
])
def test_garbage_from_the_broker_gives_a_status_a_log_line_and_a_reconnect(tmp_path, reply, what):
    connections, stop = [], threading.Event()
    port = garbage_broker(reply, connections, stop)
    up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{port}")
    try:
        assert up.wait_log(what), up.stderr()
        assert wait_for(lambda: len(connections) >= 2, timeout=10), "no reconnect"
        assert up.alive()
    finally:
        stop.set()
        assert up.stop() == 0, up.stderr()
        for c in connections:
            c.close()


def test_unreachable_broker_is_logged_and_retried_without_a_crash(tmp_path):
    port = free_port()  # nothing listens there
    up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{port}")
    try:
        assert up.wait_log(f"cannot connect to 127.0.0.1:{port}"), up.stderr()
        assert wait_for(lambda: status_of(up.db, SOCKET_ID) == 200, timeout=5)
        assert status_of(up.db, CLIENT_ID) == 104
        assert up.alive()
    finally:
        assert up.stop() == 0, up.stderr()


def test_a_peer_that_never_sends_connack_is_left_and_retried(tmp_path):
    """A server that accepts TCP and reads the CONNECT but never answers (a hung broker)."""
    connections, stop = [], threading.Event()
    port = garbage_broker(b"", connections, stop)
    up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{port}?keepalive=1")
    try:
        assert up.wait_log("no CONNACK from the broker within 1 s; reconnecting"), up.stderr()
        assert wait_for(lambda: len(connections) >= 2, timeout=10), "no reconnect"
        assert status_of(up.db, CLIENT_ID) == 104 and up.alive()
    finally:
        stop.set()
        assert up.stop() == 0, up.stderr()
        for c in connections:
            c.close()


def test_an_unresolvable_host_is_logged_and_retried_without_a_crash(tmp_path):
    up = UpstreamServe(tmp_path, "mqtt://no-such-host.invalid:1883")
    try:
        assert up.wait_log("cannot connect to no-such-host.invalid:1883"), up.stderr()
        assert wait_for(lambda: status_of(up.db, SOCKET_ID) == 200, timeout=5)
        assert up.alive()
    finally:
        assert up.stop() == 0, up.stderr()


@pytest.mark.parametrize("url,message", [
    ("http://127.0.0.1:1883", "scheme must be mqtt:// or mqtts://"),
    ("mqtt://127.0.0.1:1883?qos=7", "qos must be 0, 1 or 2"),
    ("mqtt://127.0.0.1:1883?colour=red", "unknown parameter 'colour'"),
])
def test_bad_upstream_urls_are_refused_with_a_clear_message(tmp_path, url, message):
    r = subprocess.run([binary(), "serve", "--db", str(tmp_path / "x.db"), "--upstream", url], capture_output=True,
                       text=True, timeout=20)
    assert r.returncode != 0 and message in r.stderr, r.stderr


def test_tls_to_mosquitto_with_a_self_made_ca(tmp_path):
    ca, cert, key = make_ca_and_server_cert(tmp_path / "pki")
    broker = Mosquitto(tmp_path / "mosquitto", tls=(ca, cert, key)).start()
    try:
        up = UpstreamServe(tmp_path, f"mqtts://127.0.0.1:{broker.port}?ca={ca}&topic=SmartLog/%23", "--auto-create")
        try:
            assert up.wait_log("subscribed to "), up.stderr()
            broker.publish_file("SmartLog/SL-000123/meter1", EXAMPLES / "example1.json", tls_ca=ca)
            assert wait_for(lambda: has_object(up.db, "19032401 (Electricity)"), timeout=10)
        finally:
            assert up.stop() == 0, up.stderr()
        # Without our CA the broker's certificate is not trusted: a clear error and retries.
        untrusted = UpstreamServe(tmp_path, f"mqtts://127.0.0.1:{broker.port}", name="untrusted")
        try:
            assert untrusted.wait_log(f"cannot connect to 127.0.0.1:{broker.port}"), untrusted.stderr()
            assert "connected to the broker" not in untrusted.stderr()
            assert wait_for(lambda: status_of(untrusted.db, SOCKET_ID) == 200, timeout=5)
        finally:
            assert untrusted.stop() == 0, untrusted.stderr()
    finally:
        broker.stop()


@pytest.mark.parametrize("readonly", [True, False])
def test_children_publish_through_the_mqtt_client_unless_read_only(tmp_path, broker, readonly):
    """The test binary's Echo Device under the MQTT Client answers echo/<x> with reply/echo/<x>."""
    url = f"mqtt://127.0.0.1:{broker.port}" + ("" if readonly else "?readonly=0")
    up = UpstreamServe(tmp_path, url, binary_name="symemu_testserve", env={"SYMEMU_ECHO_UNDER_MQTT_CLIENT": "1"})
    try:
        assert up.wait_log("subscribed to "), up.stderr()
        assert "subscribed to echo/# with QoS 2" in up.stderr()  # from the Echo Device's receive filter
        sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", "reply/#", "-C", "1",
                                "-W", "3", "-v"], stdout=subprocess.PIPE, text=True)
        time.sleep(0.3)
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", "echo/hello", "-m", "hi",
                        "-q", "1"], check=True, timeout=10)
        out, _ = sub.communicate(timeout=10)
        if readonly:
            assert out == "" and sub.returncode != 0  # nothing published on the broker
        else:
            assert out.strip() == "reply/echo/hello hi"
    finally:
        assert up.stop() == 0, up.stderr()

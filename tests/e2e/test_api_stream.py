"""The message stream (WebSocket on /api/) with python3-websocket: VM_UPDATE within 100 ms of a
mosquitto_pub, a client that never reads is cut off while MQTT ingest goes on, shutdown closes
streams."""
import json
import signal
import socket
import threading
import time

import pytest
import websocket

from api_support import EXAMPLES, VM_UPDATE, api_url, curl, publish, rpc
from symemu_process import SymemuServer, wait_for

TOPIC = "SmartLog/SL-000123"
TM_MESSAGE = 11405  # a timer fired (docs/symcon-kernel.md)


@pytest.fixture
def server(tmp_path):
    with SymemuServer(tmp_path / "stream.db", binary_name="symemu", extra_args=("--auto-create",)) as s:
        yield s


def open_stream(server, timeout=5):
    return websocket.create_connection(f"ws://127.0.0.1:{server.http_port}/api/", timeout=timeout)


def test_vm_update_arrives_within_100_ms_of_a_report(server):
    publish(server.mqtt_port, TOPIC, EXAMPLES / "example5.json")  # creates the meters
    ws = open_stream(server)
    try:
        start = time.monotonic()
        publish(server.mqtt_port, TOPIC, EXAMPLES / "example5.json")
        while True:
            frame = json.loads(ws.recv())
            if frame["Message"] == VM_UPDATE:
                break
        elapsed = time.monotonic() - start
        assert elapsed < 0.1, f"VM_UPDATE after {elapsed * 1000:.0f} ms"
        assert set(frame) == {"Message", "SenderID", "Data", "TimeStamp", "Time"}
        assert frame["SenderID"] >= 10000 and len(frame["Data"]) >= 3
        var = curl(api_url(server), rpc("IPS_GetVariable", frame["SenderID"]))[1]["result"]
        assert var["VariableID"] == frame["SenderID"]
    finally:
        ws.close()


def test_log_lines_and_object_messages_are_streamed(server):
    ws = open_stream(server)
    try:
        curl(api_url(server), rpc("IPS_LogMessage", "test", "hello stream"))
        cat = curl(api_url(server), rpc("IPS_CreateCategory"))[1]["result"]
        seen = []
        deadline = time.time() + 5
        while time.time() < deadline and not (any(f["Message"] == 10207 for f in seen) and
                                               any(f["Message"] == 10401 and f["SenderID"] == cat for f in seen)):
            seen.append(json.loads(ws.recv()))
        log = next(f for f in seen if f["Message"] == 10207)
        assert log["Data"][0] == "test: hello stream"
        assert any(f["Message"] == 10401 and f["SenderID"] == cat for f in seen)  # OM_REGISTER
    finally:
        ws.close()


def test_a_client_that_never_reads_is_cut_off_and_ingest_goes_on(server):
    import paho.mqtt.client as mqtt

    publish(server.mqtt_port, TOPIC, EXAMPLES / "example5.json")
    # a raw WebSocket handshake on a socket with a tiny receive buffer, then no reads
    stuck = socket.create_connection(("127.0.0.1", server.http_port))
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.sendall(b"GET /api/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    reader = open_stream(server)  # a well-behaved client beside it, reading all the time
    frames = []

    def read_all():
        # reads until 3 s without a message other than TM_MESSAGE: timers tick every second for
        # as long as the server runs, so they never fall quiet
        reader.settimeout(1)
        last = time.monotonic()
        while time.monotonic() - last < 3:
            try:
                text = reader.recv()
            except websocket.WebSocketTimeoutException:
                continue
            if not text:
                return  # closed
            frames.append(json.loads(text))
            if frames[-1]["Message"] != TM_MESSAGE:
                last = time.monotonic()

    reading = threading.Thread(target=read_all)
    reading.start()
    client = mqtt.Client(client_id="ingest", protocol=mqtt.MQTTv311)
    client.connect("127.0.0.1", server.mqtt_port)
    client.loop_start()
    try:
        report = (EXAMPLES / "example5.json").read_bytes()
        start = time.monotonic()
        # 800 reports, ~10 VM_UPDATEs each, in batches of 50 that the reader catches up with: a
        # burst of all 800 can outrun a reader on a busy machine past its queue limit (4,096
        # frames), which cuts off even a reading client. The stuck client gets them all.
        for batch in range(16):
            infos = [client.publish(TOPIC, report, qos=1) for _ in range(50)]
            for info in infos:
                info.wait_for_publish(timeout=30)
                assert info.is_published()  # PUBACK: taken and committed
            caught_up = 10 * 50 * (batch + 1)
            assert wait_for(lambda: sum(1 for f in list(frames) if f["Message"] == VM_UPDATE) >= caught_up, timeout=20)
        ingest_seconds = time.monotonic() - start
        assert ingest_seconds < 30
        reading.join(timeout=60)
        # the well-behaved reader got every message meanwhile, more than the stuck one could hold
        assert sum(1 for f in frames if f["Message"] == VM_UPDATE) >= 8000
        # the kernel still answers, and the meters are intact
        meters = curl(api_url(server), rpc("IPS_GetInstanceListByModuleID",
                                           "{5E03067E-965F-40F7-BB77-CCA01A88EDD6}"))[1]["result"]
        assert len(meters) >= 4
        # the stuck client was cut off: what it can still read is bounded, then the connection ends
        time.sleep(6)  # the server gives a blocked send 5 s
        stuck.settimeout(10)
        data = b""
        while True:
            chunk = stuck.recv(65536)
            if not chunk:
                break
            data += chunk
        assert len(data) < 1024 * 1024
    finally:
        client.loop_stop()
        client.disconnect()
        reader.close()
        stuck.close()


def test_streams_close_with_1001_when_the_server_stops(tmp_path):
    server = SymemuServer(tmp_path / "stop.db", binary_name="symemu").start()
    ws = open_stream(server)
    try:
        server.stop()
        opcode, data = ws.recv_data(control_frame=True)
        while opcode != websocket.ABNF.OPCODE_CLOSE:
            opcode, data = ws.recv_data(control_frame=True)
        assert int.from_bytes(data[:2], "big") == 1001
        assert b"shutting down" in data[2:]
    finally:
        ws.close()
        server.kill()


def test_the_server_stops_promptly_while_clients_keep_calling_on_kept_alive_connections(tmp_path):
    # What the web console does: several kept-alive connections that poll POST /api/ without pause,
    # and a stream. A call arriving while the server stops must not wait for the stopped kernel.
    import http.client

    server = SymemuServer(tmp_path / "busy.db", binary_name="symemu").start()
    ws = open_stream(server)
    done = threading.Event()
    answers = []

    def poll():
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "IPS_GetKernelVersion", "params": []})
        while not done.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10)
            try:
                while not done.is_set():
                    conn.request("POST", "/api/", body, {"Content-Type": "application/json"})
                    response = conn.getresponse()
                    response.read()
                    answers.append(response.status)
            except (OSError, http.client.HTTPException):
                time.sleep(0.01)  # the server went away; try again until the test ends
            finally:
                conn.close()

    pollers = [threading.Thread(target=poll, daemon=True) for _ in range(4)]
    try:
        for t in pollers:
            t.start()
        deadline = time.time() + 5
        while len(answers) < 50 and time.time() < deadline:
            time.sleep(0.05)
        assert answers.count(200) >= 50, "the pollers were not answered before the stop"
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=5)  # raises TimeoutExpired if serve hangs
        assert time.monotonic() - started < 5
        assert server.proc.returncode == 0
        assert all(status in (200, 503) for status in answers), set(answers)
    finally:
        done.set()
        ws.close()
        server.kill()
        for t in pollers:
            t.join(timeout=15)

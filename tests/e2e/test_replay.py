"""`symemu replay`: in-process with expected snapshots, JUnit output, malformed lines, network
targets against a running serve, and replaying what `serve --record` wrote."""
import json
import os
import pty
import subprocess
import time
import xml.etree.ElementTree as ET

from replay_helpers import FIXTURES, in_process_snapshot, replay, snapshot_of_db, without_listeners
from symemu_process import SymemuServer, binary, variable_value, wait_for

ECHO = FIXTURES / "echo_basic.jsonl"
ECHO_EXPECTED = FIXTURES / "echo_basic.expected.json"


def write_fixture(path, *lines):
    path.write_text("\n".join(lines) + "\n")
    return path


def test_in_process_replay_matches_the_expected_snapshot():
    r = replay(ECHO, "--expect", ECHO_EXPECTED)
    assert r.returncode == 0, r.stderr
    assert "8 events, 8 played, 0 skipped, 0 errors" in r.stdout
    assert "the final snapshot matches" in r.stdout


def test_an_altered_expected_file_fails_with_a_readable_diff(tmp_path):
    altered = tmp_path / "altered.json"
    altered.write_text(ECHO_EXPECTED.read_text().replace('"value": 5,', '"value": 6,'))
    r = replay(ECHO, "--expect", altered)
    assert r.returncode == 1
    assert f"the final snapshot differs from {altered}" in r.stderr
    assert f"--- {altered}" in r.stderr
    assert '-    "value": 6,\n+    "value": 5,\n' in r.stderr
    assert '     "ident": "Count",' in r.stderr  # context names the variable
    assert "@@ -" in r.stderr


def test_junit_file_has_a_case_per_error_and_one_for_the_snapshot(tmp_path):
    fixture = write_fixture(
        tmp_path / "bad.jsonl",
        '{"symemu_fixture": 1}',
        '{"t": 0, "type": "mqtt", "topic": "echo/a", "payload": "x"}',
        '{"t": 1, "type": "mqtt", "topic": "echo/b", "qos": 7}',
        '{"t": 2, "type": "http", "path": "/hook/none"}')
    expected = tmp_path / "expected.json"
    expected.write_text("{}\n")
    junit = tmp_path / "out.xml"
    r = replay(fixture, "--expect", expected, "--junit", junit)
    assert r.returncode == 1
    root = ET.parse(junit).getroot()
    suite = root.find("testsuite")
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "3"
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names[0] == f"{fixture}:3 fixture"
    assert names[1] == f"{fixture}:4 http POST /hook/none"
    assert names[2] == f"final snapshot matches {expected}"
    messages = [c.find("failure").get("message") for c in suite.findall("testcase")]
    assert messages[0] == '"qos" must be 0, 1 or 2'
    assert messages[1].startswith("HTTP 404")


def test_junit_for_a_clean_run_has_one_passing_case(tmp_path):
    junit = tmp_path / "ok.xml"
    r = replay(ECHO, "--junit", junit)
    assert r.returncode == 0
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    case = suite.find("testcase")
    assert case.find("failure") is None


def test_a_malformed_line_is_reported_and_the_rest_still_plays(tmp_path):
    fixture = write_fixture(
        tmp_path / "fixture.jsonl",
        '{"symemu_fixture": 1, "description": "one bad line"}',
        '{"t": 0, "type": "mqtt", "topic": "echo/one", "payload": "1"}',
        '{"t": 1, "type": "mqtt", "topic": "echo/two", "payload": ',
        '{"t": 2, "type": "mqtt", "topic": "echo/three", "payload": "3", "qos": "high"}',
        '{"t": 3, "type": "mqtt", "topic": "echo/four", "payload": "4"}')
    db = tmp_path / "r.db"
    r = replay(fixture, "--db", db)
    assert r.returncode == 1
    assert f"{fixture}:3: not valid JSON" in r.stderr
    assert f'{fixture}:4: "qos" must be 0, 1 or 2' in r.stderr
    assert "2 events, 2 played, 0 skipped, 2 errors" in r.stdout
    assert variable_value(db, "Count") == 2
    assert variable_value(db, "LastPayload") == "4"


def test_usage_errors_exit_2(tmp_path):
    cases = [
        ([], "exactly one FIXTURE"),
        ([ECHO, "--bogus"], "unknown option --bogus"),
        ([tmp_path / "missing.jsonl"], "cannot read fixture"),
        ([ECHO, "--speed", "fast"], "--speed must be a positive number or 'max'"),
        ([ECHO, "--target", "ftp://x:1"], "must be in-process, mqtt://HOST:PORT"),
        ([ECHO, "--target", "mqtt://127.0.0.1:1", "--expect", ECHO_EXPECTED], "--expect needs the in-process target"),
        ([ECHO, "--target", "in-process", "--target", "mqtt://127.0.0.1:1"], "cannot be combined"),
        ([ECHO, "--target", "mqtt://a:1", "--target", "mqtt://b:1"], "more than one mqtt target"),
        ([ECHO, "--expect", tmp_path / "none.json"], "cannot read expected snapshot"),
        ([ECHO, "--seed", "x"], "--seed needs a whole number"),
        ([ECHO, "--insecure"], "--insecure is for https targets"),
    ]
    for args, message in cases:
        r = replay(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr, (args, r.stderr)
    r = replay("--help")
    assert r.returncode == 0 and "usage: symemu replay" in r.stdout


def test_replay_against_serve_gives_the_in_process_snapshot(tmp_path):
    expected = without_listeners(in_process_snapshot(ECHO, tmp_path))
    db = tmp_path / "served.db"
    server = SymemuServer(db, binary_name="symemu_testserve", extra_args=("--seed", "1")).start()
    try:
        r = replay(ECHO, "--target", f"mqtt://127.0.0.1:{server.mqtt_port}",
                   "--target", f"http://127.0.0.1:{server.http_port}")
        assert r.returncode == 0, r.stderr
        assert "8 events, 8 played, 0 skipped, 0 errors" in r.stdout
    finally:
        assert server.stop() == 0
    assert without_listeners(snapshot_of_db(db)) == expected


def test_https_target_with_cacert_and_basic_auth_password(tmp_path):
    env = dict(os.environ, SYMEMU_ECHO_USER="logger", SYMEMU_ECHO_PASSWORD="pw")
    fixture = write_fixture(
        tmp_path / "https.jsonl",
        '{"symemu_fixture": 1}',
        '{"t": 0, "type": "http", "path": "/hook/echo", "user": "logger", "body": "secret body"}',
        '{"t": 1, "type": "http", "path": "/hook/echo", "body": "no auth", "expect_status": 401}',
        '{"t": 2, "type": "action", "action": "create_all", "smartlog_id": "SL-1"}')
    with SymemuServer(tmp_path / "h.db", binary_name="symemu_testserve", env=env) as server:
        target = f"https://localhost:{server.https_port}"
        r = replay(fixture, "--target", target, "--cacert", server.certificate, "--password", "pw", "--verbose")
        assert r.returncode == 0, r.stderr
        assert "3 events, 2 played, 1 skipped, 0 errors" in r.stdout
        assert f"{fixture}:4: skipped action create_all: the create_all action cannot be sent over the network" in r.stderr
        assert variable_value(server.db, "LastPayload") == "secret body"
        wrong = replay(fixture, "--target", target, "--cacert", server.certificate, "--password", "nope")
        assert wrong.returncode == 1
        assert f"{fixture}:2: http POST /hook/echo: HTTP 401" in wrong.stderr
        unverified = replay(fixture, "--target", target, "--password", "pw")
        assert unverified.returncode == 1
        assert "certificate verify failed" in unverified.stderr
        insecure = replay(fixture, "--target", target, "--insecure", "--password", "pw")
        assert insecure.returncode == 0, insecure.stderr
    # In-process, the same fixture needs the same password.
    assert replay(fixture, "--password", "pw", env=env).returncode == 1  # create_all has no SmartLog here
    r = replay(fixture, "--password", "wrong", env=env)
    assert f"{fixture}:2: http POST /hook/echo: HTTP 401" in r.stderr


def test_an_unreachable_mqtt_target_fails_each_event(tmp_path):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = replay(ECHO, "--target", f"mqtt://127.0.0.1:{port}", "--timeout", "2")
    assert r.returncode == 1
    assert f"cannot connect to mqtt://127.0.0.1:{port}" in r.stderr
    assert "6 errors" in r.stdout and "2 skipped" in r.stdout


def test_mqtt_target_logs_in_with_user_and_password(server_factory):
    server = server_factory("--mqtt-user", "meter", "--mqtt-password", "s3cret")
    ok = replay(ECHO, "--target", f"mqtt://meter:s3cret@127.0.0.1:{server.mqtt_port}")
    assert ok.returncode == 0, ok.stderr
    assert "6 played, 2 skipped, 0 errors" in ok.stdout
    bad = replay(ECHO, "--target", f"mqtt://meter:wrong@127.0.0.1:{server.mqtt_port}")
    assert bad.returncode == 1
    assert "the broker refused client 'sensor-1'" in bad.stderr


def test_speed_paces_network_replays(tmp_path):
    fixture = write_fixture(
        tmp_path / "paced.jsonl",
        '{"symemu_fixture": 1}',
        '{"t": 10, "type": "mqtt", "topic": "echo/a", "payload": "1"}',
        '{"t": 11, "type": "mqtt", "topic": "echo/a", "payload": "2"}',
        '{"t": 12, "type": "mqtt", "topic": "echo/a", "payload": "3"}')
    with SymemuServer(tmp_path / "p.db", binary_name="symemu_testserve") as server:
        target = f"mqtt://127.0.0.1:{server.mqtt_port}"
        started = time.monotonic()
        assert replay(fixture, "--target", target, "--speed", "5").returncode == 0
        paced = time.monotonic() - started
        assert paced >= 0.4  # 2 s of fixture at 5x real time
        started = time.monotonic()
        assert replay(fixture, "--target", target).returncode == 0
        assert time.monotonic() - started < paced
        assert wait_for(lambda: variable_value(server.db, "Count") == 6)


def test_a_recorded_session_replays_to_the_same_snapshot(tmp_path):
    record = tmp_path / "session.jsonl"
    db = tmp_path / "live.db"
    server = SymemuServer(db, binary_name="symemu_testserve", extra_args=("--seed", "1", "--record", str(record))).start()
    try:
        for i, (topic, qos) in enumerate([("echo/live/a", "0"), ("echo/live/b", "1"), ("echo/live/c", "2")]):
            subprocess.run(["mosquitto_pub", "-p", str(server.mqtt_port), "-t", topic, "-m", f"value {i}", "-q", qos],
                           check=True, timeout=20)
        binary_payload = tmp_path / "payload.bin"
        binary_payload.write_bytes(b"\xff\xfe\x00binary")
        subprocess.run(["mosquitto_pub", "-p", str(server.mqtt_port), "-t", "echo/live/bin", "-f", str(binary_payload),
                        "-q", "1"], check=True, timeout=20)
        r = subprocess.run(["curl", "-s", "-f", "-H", "Content-Type: text/plain", "--data-binary", "from curl",
                            f"http://127.0.0.1:{server.http_port}/hook/echo/x?y=1"], capture_output=True, timeout=20)
        assert r.returncode == 0, r.stderr
        assert wait_for(lambda: variable_value(db, "LastPayload") == "from curl")
    finally:
        assert server.stop() == 0
    lines = record.read_text().splitlines()
    assert len(lines) == 6  # header, 4 publishes, 1 request
    assert json.loads(lines[0])["start"] > 1.7e9  # in-process replays run on the recorded clock times
    assert '"payload_base64"' in lines[4]
    served = without_listeners(snapshot_of_db(db))
    replayed = without_listeners(in_process_snapshot(record, tmp_path))
    assert replayed == served
    assert served["Echo Device/Messages"]["value"] == 4


def test_progress_bar_on_a_terminal(tmp_path):
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([binary("symemu_testserve"), "replay", str(ECHO)], stdout=subprocess.PIPE,
                                stderr=slave, text=True)
        out, _ = proc.communicate(timeout=60)
        os.close(slave)
        slave = None
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        tty = b"".join(chunks).decode()
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 0
    assert "\r" in tty and "8/8 events" in tty and "ev/s" in tty and "[" in tty
    assert "8 events, 8 played" in out

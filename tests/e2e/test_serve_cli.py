"""`symemu serve` as a process: ready line, clean shutdown, refusal of a taken port, restart."""
import signal
import socket
import subprocess
import time

from symemu_process import SymemuServer, binary, variable_value, wait_for


def test_sigint_stops_cleanly_and_data_survives_a_restart(tmp_path):
    db = tmp_path / "restart.db"
    server = SymemuServer(db, binary_name="symemu_testserve").start()
    subprocess.run(["mosquitto_pub", "-p", str(server.mqtt_port), "-t", "echo/x", "-m", "kept", "-q", "1"], check=True)
    assert server.stop(sig=signal.SIGINT) == 0
    assert variable_value(db, "LastPayload") == "kept"
    with SymemuServer(db, binary_name="symemu_testserve") as again:
        subprocess.run(["mosquitto_pub", "-p", str(again.mqtt_port), "-t", "echo/y", "-m", "more", "-q", "1"], check=True)
        assert wait_for(lambda: variable_value(db, "Count") == 2)
    out = subprocess.run([binary(), "get", "--db", str(db), "Echo Device/Last payload"], capture_output=True, text=True)
    assert out.stdout.strip() == "more", out.stderr


def test_a_port_in_use_is_refused_with_a_message_naming_it(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        r = subprocess.run([binary(), "serve", "--db", str(tmp_path / "p.db"), "--bind", "127.0.0.1", "--mqtt-port",
                            str(port), "--http-port", "0", "--https-port", "0"], capture_output=True, text=True, timeout=20)
        assert r.returncode == 1
        assert f"127.0.0.1:{port}" in r.stderr
        assert "in use" in r.stderr
    finally:
        blocker.close()


def test_unknown_option_and_help(tmp_path):
    r = subprocess.run([binary(), "serve", "--nope"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "unknown option --nope" in r.stderr
    for cmd in ("serve", "snapshot", "tree", "get"):
        r = subprocess.run([binary(), cmd, "--help"], capture_output=True, text=True)
        assert r.returncode == 0 and "usage: symemu " + cmd in r.stdout


def test_commit_delay_paces_unacknowledged_changes_and_is_checked(tmp_path):
    for bad, message in (("-1", "--commit-delay must be 0..10000 milliseconds"),
                         ("soon", "--commit-delay needs a whole number")):
        r = subprocess.run([binary(), "serve", "--commit-delay", bad], capture_output=True, text=True)
        assert r.returncode == 2 and message in r.stderr, r.stderr
    db = tmp_path / "paced.db"
    with SymemuServer(db, binary_name="symemu_testserve", extra_args=["--commit-delay", "3000"]) as s:
        # QoS 0: nobody waits for this change, so it may wait up to 3 s for its commit ...
        subprocess.run(["mosquitto_pub", "-p", str(s.mqtt_port), "-t", "echo/x", "-m", "later", "-q", "0"], check=True)
        time.sleep(0.5)
        assert variable_value(db, "LastPayload") != "later"
        assert wait_for(lambda: variable_value(db, "LastPayload") == "later", timeout=10)
        # ... while a QoS 1 PUBACK still waits for the commit that holds its message.
        subprocess.run(["mosquitto_pub", "-p", str(s.mqtt_port), "-t", "echo/y", "-m", "acked", "-q", "1"], check=True)
        assert variable_value(db, "LastPayload") == "acked"

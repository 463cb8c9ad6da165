"""The MQTT Client's acknowledgement promise against mosquitto: a QoS 1 report is PUBACKed only
after its effect is committed, so SIGKILL in the middle of a burst loses nothing (the persistent
session redelivers what was not acknowledged and queues what came while symemu was down); QoS 2
completes its handshake and leaves no exactly-once markers behind."""
import signal
import sqlite3
import threading
import time

import paho.mqtt.client as paho
import pytest

from mosquitto_broker import Mosquitto
from symemu_process import ROOT, wait_for
from test_mqtt_client_upstream import CLIENT_ID, UpstreamServe, settle

EXAMPLE = (ROOT / "fixtures" / "examples" / "example5.json").read_text()
LOGGERS = 30
KILL_LOGGERS = 100  # enough that the kill lands inside the burst


def report(n):
    logger = f"SL-{100000 + n}"
    return logger, EXAMPLE.replace("SL-000123", logger).replace('"VAL":"1234567"', f'"VAL":"{1000 + n}"')


def energy_values(db):
    """SmartLog ID -> the committed Energy value of its electricity meter."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = con.execute("""
            SELECT sl.name, v.value FROM variables v
            JOIN objects e ON e.id = v.id JOIN objects m ON m.id = e.parent
            JOIN objects t ON t.id = m.parent JOIN objects sl ON sl.id = t.parent
            WHERE e.ident = 'Energy'""").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        con.close()
    return {name: value for name, value in rows}


def publish_burst(port, qos, loggers=LOGGERS):
    c = paho.Client(client_id="burst", clean_session=True)
    c.connect("127.0.0.1", port)
    c.loop_start()
    infos = []
    for n in range(loggers):
        logger, payload = report(n)
        infos.append(c.publish(f"SmartLog/{logger}", payload, qos=qos))
    for info in infos:
        info.wait_for_publish(10)
    c.loop_stop()
    c.disconnect()


@pytest.mark.parametrize("version", [4, 5])
def test_sigkill_during_a_qos1_burst_loses_no_report(tmp_path, version):
    broker = Mosquitto(tmp_path / "mosquitto").start()
    url = f"mqtt://127.0.0.1:{broker.port}?client_id=durable-1&clean=0&qos=1&topic=SmartLog/%23&version={version}"
    try:
        up = UpstreamServe(tmp_path, url, "--auto-create", name="d")
        assert up.wait_log("subscribed to "), up.stderr()
        burst = threading.Thread(target=publish_burst, args=(broker.port, 1, KILL_LOGGERS))
        burst.start()
        assert wait_for(lambda: len(energy_values(up.db)) >= 1, timeout=20)
        up.proc.send_signal(signal.SIGKILL)  # in the middle of the burst
        up.proc.wait()
        up.err.close()
        burst.join()
        before = len(energy_values(up.db))
        assert before < KILL_LOGGERS, "the burst ended before the kill: the test did not test"
        publish_burst(broker.port, 1, KILL_LOGGERS)  # while symemu is down: queued for durable-1

        again = UpstreamServe(tmp_path, url, "--auto-create", name="d")
        try:
            assert again.wait_log("connected to the broker (session present)"), again.stderr()
            wait_for(lambda: len(energy_values(again.db)) == KILL_LOGGERS, timeout=60)
            settle(again.db)
        finally:
            assert again.stop() == 0, again.stderr()
        values = energy_values(again.db)
        assert len(values) == KILL_LOGGERS, (before, sorted(values))
        for n in range(KILL_LOGGERS):
            name = [k for k in values if k.endswith(f"SL-{100000 + n}")]
            assert name and float(values[name[0]]) == (1000 + n) * 10.0, (n, name, values.get(name[0]) if name else None)
    finally:
        broker.stop()


def test_qos2_reports_arrive_and_leave_no_exactly_once_markers(tmp_path):
    broker = Mosquitto(tmp_path / "mosquitto").start()
    try:
        up = UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{broker.port}?qos=2&topic=SmartLog/%23", "--auto-create")
        try:
            assert up.wait_log("subscribed to "), up.stderr()
            publish_burst(broker.port, 2)
            assert wait_for(lambda: len(energy_values(up.db)) == LOGGERS, timeout=20)
            settle(up.db)
        finally:
            assert up.stop() == 0, up.stderr()
        con = sqlite3.connect(str(up.db))
        markers = con.execute("SELECT count(*) FROM module_state WHERE key LIKE 'qos2/%'").fetchone()[0]
        con.close()
        assert markers == 0  # every PUBREL removed its marker
    finally:
        broker.stop()

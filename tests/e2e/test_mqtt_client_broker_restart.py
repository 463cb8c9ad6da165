"""A broker restart under load: mosquitto (persistence on, so it keeps symemu's persistent session
and its queue) is stopped in the middle of a burst, while it has reports queued or in flight for
the MQTT Client, and started again. Every report mosquitto acknowledged to the publisher is then
committed with its value (QoS 1 and 2), and under QoS 2 none was applied twice (the recording
holds each report exactly once).
Afterwards every report is committed with its value (QoS 1 and 2), and under QoS 2 none was
applied twice (the recording holds each report exactly once)."""
import collections
import json
import threading
import time

import paho.mqtt.client as paho

import pytest

from mosquitto_broker import Mosquitto
from symemu_process import wait_for
from test_mqtt_client_durability import energy_values, report
from test_mqtt_client_upstream import UpstreamServe

LOGGERS = 300  # enough that the restart lands while reports are still on their way


def publish_tracked(port, qos, acked):
    """Publishes one report per logger; adds the numbers mosquitto acknowledged to `acked`."""
    c = paho.Client(client_id=f"tracked-{qos}", clean_session=True)
    c.connect("127.0.0.1", port)
    c.loop_start()
    infos = []
    for n in range(LOGGERS):
        logger, payload = report(n)
        infos.append((n, c.publish(f"SmartLog/{logger}", payload, qos=qos)))
    deadline = time.monotonic() + 5  # one deadline for all: the broker stops in the middle
    for n, info in infos:
        try:
            info.wait_for_publish(max(0.0, deadline - time.monotonic()))
        except (RuntimeError, ValueError):
            pass  # lost with the connection: never acknowledged
        if info.is_published():
            acked.add(n)
    c.loop_stop()
    c.disconnect()


@pytest.mark.parametrize("qos", [1, 2])
def test_broker_restart_under_load_loses_nothing_and_qos2_applies_once(tmp_path, qos):
    broker = Mosquitto(tmp_path / "mosquitto", persistence=True).start()
    url = f"mqtt://127.0.0.1:{broker.port}?client_id=restart-{qos}&clean=0&qos={qos}&topic=SmartLog/%23"
    record = tmp_path / "rec.jsonl"
    try:
        up = UpstreamServe(tmp_path, url, "--auto-create", "--record", str(record), name="r")
        try:
            assert up.wait_log("subscribed to "), up.stderr()
            acked = set()
            burst = threading.Thread(target=publish_tracked, args=(broker.port, qos, acked))
            burst.start()
            assert wait_for(lambda: len(energy_values(up.db)) >= 1, timeout=20)
            broker.stop()  # mosquitto saves the session and what it still holds for restart-N
            before = len(energy_values(up.db))
            burst.join()
            assert before < len(acked), "everything was committed before the restart: the test did not test"
            assert up.wait_log("connection to the broker lost"), up.stderr()
            broker.start()
            assert up.wait_log("connected to the broker (session present)"), up.stderr()
            committed = lambda: {n for n in acked if any(k.endswith(f"SL-{100000 + n}") for k in energy_values(up.db))}  # noqa: E731
            assert wait_for(lambda: committed() == acked, timeout=30), \
                (before, len(acked), sorted(acked - committed())[:20], up.stderr()[-2000:])
        finally:
            assert up.stop() == 0, up.stderr()
        values = energy_values(up.db)
        for n in acked:
            name = [k for k in values if k.endswith(f"SL-{100000 + n}")]
            assert name and float(values[name[0]]) == (1000 + n) * 10.0, (n, name)
        counts = collections.Counter(json.loads(line).get("topic") for line in record.read_text().splitlines()[1:])
        assert {f"SmartLog/SL-{100000 + n}" for n in acked} <= set(counts)
        if qos == 2:
            assert max(counts.values()) == 1, [t for t, c in counts.items() if c > 1]  # exactly once
    finally:
        broker.stop()

"""A broker restart under load: symemu's persistent session on mosquitto (persistence on) has a
backlog of 1,000 reports (published while symemu was stopped, all acknowledged to the publisher);
symemu comes back, and in the middle of the backlog's delivery mosquitto is stopped and started
again. Afterwards every report is committed with its value (QoS 1 and 2), and under QoS 2 none
was applied twice (the recording holds each report exactly once)."""
import collections
import json

import pytest

from mosquitto_broker import Mosquitto
from symemu_process import wait_for
from test_mqtt_client_durability import energy_values, publish_burst
from test_mqtt_client_upstream import UpstreamServe

# A backlog that takes symemu a while (every logger is new: auto-create): 300 no longer did, symemu
# committed them all before the broker had stopped. 1,000 is what mosquitto queues per client by
# default (max_queued_messages).
LOGGERS = 1000


@pytest.mark.parametrize("qos", [1, 2])
def test_broker_restart_under_load_loses_nothing_and_qos2_applies_once(tmp_path, qos):
    broker = Mosquitto(tmp_path / "mosquitto", persistence=True).start()
    url = f"mqtt://127.0.0.1:{broker.port}?client_id=restart-{qos}&clean=0&qos={qos}&topic=SmartLog/%23"
    record = tmp_path / "rec.jsonl"
    try:
        first = UpstreamServe(tmp_path, url, "--auto-create", name="first")
        assert first.wait_log("subscribed to "), first.stderr()
        assert first.stop() == 0, first.stderr()  # the session stays at the broker
        publish_burst(broker.port, qos, LOGGERS)  # every report acknowledged, queued for symemu
        up = UpstreamServe(tmp_path, url, "--auto-create", "--record", str(record), name="r")
        try:
            assert wait_for(lambda: len(energy_values(up.db)) >= 1, timeout=20), up.stderr()
            broker.stop()  # mosquitto saves the session and what it still holds for restart-N
            before = len(energy_values(up.db))
            assert before < LOGGERS, "everything was committed before the restart: the test did not test"
            assert up.wait_log("connection to the broker lost"), up.stderr()
            broker.start()
            assert up.wait_log("connected to the broker (session present)", count=2), up.stderr()
            assert wait_for(lambda: len(energy_values(up.db)) == LOGGERS, timeout=60), \
                (before, len(energy_values(up.db)), up.stderr()[-2000:])
        finally:
            assert up.stop() == 0, up.stderr()
        values = energy_values(up.db)
        for n in range(LOGGERS):
            name = [k for k in values if k.endswith(f"SL-{100000 + n}")]
            assert name and float(values[name[0]]) == (1000 + n) * 10.0, (n, name)
        counts = collections.Counter(json.loads(line).get("topic") for line in record.read_text().splitlines()[1:])
        assert set(counts) == {f"SmartLog/SL-{100000 + n}" for n in range(LOGGERS)}
        if qos == 2:
            assert max(counts.values()) == 1, [t for t, c in counts.items() if c > 1]  # exactly once
    finally:
        broker.stop()

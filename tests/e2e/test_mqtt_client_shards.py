"""`serve --upstream … --shard I/N`: three symemu processes on one mosquitto share 60 loggers;
each logger's meters end up in exactly one shard's database and together they hold all."""
import sqlite3

import pytest

from mosquitto_broker import Mosquitto
from symemu_process import wait_for
from test_mqtt_client_durability import energy_values, publish_burst
from test_mqtt_client_upstream import UpstreamServe, settle

LOGGERS = 60
SHARDS = 3


def fnv1a(text):
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def test_three_shards_hold_every_logger_exactly_once(tmp_path):
    broker = Mosquitto(tmp_path / "mosquitto").start()
    shards = []
    try:
        for i in range(SHARDS):
            shards.append(UpstreamServe(tmp_path, f"mqtt://127.0.0.1:{broker.port}?client_id=shard-{i}&topic=SmartLog/%23",
                                        "--auto-create", "--shard", f"{i}/{SHARDS}", name=f"shard{i}"))
        for s in shards:
            assert s.wait_log("subscribed to "), s.stderr()
        publish_burst(broker.port, 1, LOGGERS)
        total = lambda: sum(len(energy_values(s.db)) for s in shards)  # noqa: E731
        wait_for(lambda: total() >= LOGGERS, timeout=60)
        for s in shards:
            settle(s.db)
    finally:
        for s in shards:
            assert s.stop() == 0, s.stderr()
        broker.stop()
    seen = {}
    for i, s in enumerate(shards):
        for name in energy_values(s.db):
            logger = name.split()[-1]
            assert logger not in seen, f"{logger} in shard {seen[logger]} and {i}"
            seen[logger] = i
            assert fnv1a(logger) % SHARDS == i, (logger, i)  # the documented hash
    assert sorted(seen) == sorted(f"SL-{100000 + n}" for n in range(LOGGERS))
    assert all(sum(1 for v in seen.values() if v == i) > 0 for i in range(SHARDS))


@pytest.mark.parametrize("shard", ["3/3", "x/2", "1"])
def test_bad_shard_values_are_refused(tmp_path, shard):
    import subprocess
    from symemu_process import binary
    r = subprocess.run([binary(), "serve", "--db", str(tmp_path / "x.db"), "--upstream", "mqtt://127.0.0.1:1",
                        "--shard", shard], capture_output=True, text=True, timeout=20)
    assert r.returncode != 0 and "--shard" in r.stderr, r.stderr

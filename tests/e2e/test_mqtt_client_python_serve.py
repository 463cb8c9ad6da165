"""symemu.serve(upstream=..., no_mqtt_server=..., shard=...): the Python module builds the same
Client Socket -> MQTT Client chain as `symemu serve --upstream`, against Debian's mosquitto
started here on a free port. Two sharded kernels in one process share two loggers."""
import subprocess

import pytest

from mosquitto_broker import Mosquitto
from symemu_process import ROOT, wait_for

symemu = pytest.importorskip("symemu")

EXAMPLE = (ROOT / "fixtures" / "examples" / "example5.json").read_text()
CLIENT_ID = "{F7A0DD2E-7684-95C0-64C2-D2A9DC47577B}"


def fnv1a(text):
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def loggers_of_each_shard(count):
    """One logger ID per shard of `count` (docs/mqtt-client.md: FNV-1a mod N)."""
    found = {}
    n = 0
    while len(found) < count:
        logger = f"SL-{300000 + n}"
        found.setdefault(fnv1a(logger) % count, logger)
        n += 1
    return [found[i] for i in range(count)]


def smartlogs(kernel):
    return {kernel.get_name(i) for i in kernel.get_instance_list() if kernel.get_name(i).startswith("SmartLog SL-")}


@pytest.fixture
def broker(tmp_path):
    b = Mosquitto(tmp_path / "mosquitto", log_all=True).start()
    yield b
    b.stop()


def test_serve_with_upstream_and_shards_splits_the_loggers(tmp_path, broker):
    loggers = loggers_of_each_shard(2)
    url = f"mqtt://127.0.0.1:{broker.port}?topic=SmartLog/%23&client_id=py-shard-"
    with symemu.serve(tmp_path / "s0.db", upstream=url + "0", no_mqtt_server=True, auto_create=True,
                      shard="0/2") as s0, \
            symemu.serve(tmp_path / "s1.db", upstream=url + "1", no_mqtt_server=True, auto_create=True,
                         shard=(1, 2)) as s1:
        for s in (s0, s1):
            assert s.mqtt_port == 0  # the local MQTT Server stays closed
            assert s.upstream == f"127.0.0.1:{broker.port}"
            assert s.kernel.get_instance(s.instances["mqtt_client"])["ModuleInfo"]["ModuleID"] == CLIENT_ID
        assert broker.wait_log("Sending SUBACK to py-shard-0") and broker.wait_log("Sending SUBACK to py-shard-1")
        assert wait_for(lambda: s0.kernel.get_instance_status(s0.instances["mqtt_client"]) == 102, timeout=10)
        for logger in loggers:
            subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", f"SmartLog/{logger}",
                            "-m", EXAMPLE.replace("SL-000123", logger), "-q", "1"], check=True, timeout=10)
        assert wait_for(lambda: smartlogs(s0.kernel) and smartlogs(s1.kernel), timeout=15)
        assert smartlogs(s0.kernel) == {f"SmartLog {loggers[0]}"}
        assert smartlogs(s1.kernel) == {f"SmartLog {loggers[1]}"}


def test_serve_without_upstream_has_no_client_chain():
    with symemu.serve(seed=1) as s:
        assert s.upstream == "" and "mqtt_client" not in s.instances and s.mqtt_port > 0


@pytest.mark.parametrize("kwargs,message", [
    (dict(upstream="http://127.0.0.1:1883"), "scheme must be mqtt:// or mqtts://"),
    (dict(upstream="mqtt://127.0.0.1:1883?colour=red"), "unknown parameter 'colour'"),
    (dict(upstream="mqtt://127.0.0.1:1883", shard="3/3"), "the index must be 0..2"),
    (dict(shard="0/2"), "shard needs upstream"),
])
def test_bad_upstream_settings_raise_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        symemu.serve(**kwargs)


def test_a_changed_configuration_reconnects_with_disconnect_and_a_new_connect(tmp_path, broker):
    """IPS_ApplyChanges on a live session: MQTT allows one CONNECT per connection, so the client
    says DISCONNECT (no will) and connects again with the new settings."""
    with symemu.serve(tmp_path / "cfg.db", no_mqtt_server=True,
                      upstream=f"mqtt://127.0.0.1:{broker.port}?client_id=py-cfg&topic=SmartLog/%23") as s:
        assert broker.wait_log("py-cfg 1 SmartLog/#")
        client = s.instances["mqtt_client"]
        s.kernel.set_property(client, "Subscriptions", '[{"Topic":"other/#","QoS":2}]')
        s.kernel.apply_changes(client)
        assert broker.wait_log("Received DISCONNECT from py-cfg"), broker.log_text()[-2000:]
        assert broker.wait_log("py-cfg 2 other/#"), broker.log_text()[-2000:]
        assert wait_for(lambda: s.kernel.get_instance_status(client) == 102, timeout=10)
        assert "protocol error" not in broker.log_text().lower()


def test_a_child_connected_during_a_session_gets_its_topics_subscribed(tmp_path, broker):
    """Without a Subscriptions list the client subscribes what its children's receive filters can
    match. A child connected while the session is up is subscribed then (after FM_CHILDADDED),
    not only at the next CONNECT."""
    def device(k, name, topic):
        dev = k.create_instance("PHP MQTT Device", name)
        k.set_property(dev, "Topic", topic)
        k.apply_changes(dev)
        return dev

    with symemu.serve(tmp_path / "later.db", no_mqtt_server=True, https_port=None, libraries=[str(ROOT / "tests" / "php_libs" / "flow")],
                      upstream=f"mqtt://127.0.0.1:{broker.port}?client_id=py-later&clean=1") as s:
        k, client = s.kernel, s.instances["mqtt_client"]
        assert broker.wait_log("py-later 2 #"), broker.log_text()[-2000:]  # no children yet: everything
        k.connect_instance(device(k, "First", "alpha/state"), client)
        k.apply_changes(client)  # a new session, subscribed from the children: alpha/# only
        assert broker.wait_log("py-later 2 alpha/#"), broker.log_text()[-2000:]
        assert wait_for(lambda: k.get_instance_status(client) == 102, timeout=10)

        second = device(k, "Second", "beta/state")
        k.connect_instance(second, client)
        assert broker.wait_log("py-later 2 beta/#"), broker.log_text()[-2000:]
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", "beta/state", "-m", "on",
                        "-q", "1"], check=True, timeout=10)
        received = k.get_object_id_by_ident("Received", second)
        assert wait_for(lambda: k.get_value(received) == 1, timeout=10)

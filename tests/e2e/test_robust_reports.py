"""Bad Smart Energy Log reports over MQTT into `symemu serve --auto-create`, and bad
configuration: the bad part is refused, the good parts of the same report are applied, and
meters that were stored before keep their values."""
import json
import socket
import sqlite3
import subprocess
import time

import pytest

from robust_support import FULL, RawClient, connect, publish
from symemu_process import ROOT, SymemuServer, binary

EXAMPLES = ROOT / "fixtures" / "examples"
TOPIC = b"SmartLog/SL-000123"


def stored(db):
    """{object path: value} of every committed variable, paths built from the object names."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        names = dict(con.execute("SELECT id, name FROM objects").fetchall())
        parents = dict(con.execute("SELECT id, parent FROM objects").fetchall())
        out = {}
        for vid, value in con.execute("SELECT id, value FROM variables").fetchall():
            path, node = [], vid
            while node:
                path.append(names[node])
                node = parents.get(node, 0)
            out["/".join(reversed(path))] = value
        return out
    finally:
        con.close()


def meter(meter_id, records, medium="Water"):
    return {"METER_ID": meter_id, "MEDIUM": medium, "data": records}


def record(description, val, unit="m^3", scale="0.001", **extra):
    return {"DESCRIPTION": description, "UNIT": unit, "SCALE": scale, "entry": [{"VAL": val}], **extra}


def report(*meters):
    return json.dumps({"muc": {"MUC_ID": "SL-000123", "meter": list(meters)}}).encode()


@pytest.fixture(scope="module")
def logger(tmp_path_factory):
    db = tmp_path_factory.mktemp("robust_reports") / "reports.db"
    server = SymemuServer(db, extra_args=("--auto-create",)).start()
    client = RawClient(server.mqtt_port, timeout=120)
    client.send(connect(b"SL-000123", 4))
    assert client.connack()[1] == 0
    state = {"server": server, "client": client, "pid": 0}
    send(state, (EXAMPLES / "example5.json").read_bytes())
    state["baseline"] = {k: v for k, v in stored(db).items() if not k.endswith("Last Message Time")}
    assert len(state["baseline"]) >= 5
    yield state
    client.close()
    assert server.stop() == 0, server.stderr()


def send(state, payload):
    state["pid"] = state["pid"] % 65535 + 1
    state["client"].send(publish(TOPIC, payload, qos=1, pid=state["pid"]))
    ptype, _, body = state["client"].read_packet()
    assert ptype == 4 and int.from_bytes(body[:2], "big") == state["pid"]  # PUBACK after commit


def assert_baseline_intact(state):
    now = stored(state["server"].db)
    changed = {k: (v, now.get(k)) for k, v in state["baseline"].items() if now.get(k) != v}
    assert not changed, f"stored values of other meters changed: {changed}"


def values_of(state, meter_id):
    """{variable name: value} of one meter (names may hold '/', so split after the meter)."""
    out = {}
    for k, v in stored(state["server"].db).items():
        if f"/{meter_id} (" in k:
            out[k.split(f"/{meter_id} (", 1)[1].split(")/", 1)[1]] = v
    return out


GOOD = record("Volume", "1234")
CASES = [
    ("wrong types", [record("Volume", {"x": 1}), record("Flow", [1, 2]), record("Heat", True),
                     record("Temp", "5", scale={"a": 1}), GOOD], {"Volume": 1.234}),
    ("NaN and Infinity", [record("Volume", "NaN"), record("Flow", "Infinity"), record("Heat", "-Infinity"),
                          record("Power", "2", scale="NaN"), GOOD], {"Volume": 1.234}),
    ("numbers out of range", [record("Volume", "1e400"), record("Flow", "1", scale="1e400"),
                              record("Energy", "5", STORAGE=-1), record("Heat", "5", TARIFF=2 ** 40),
                              {"DESCRIPTION": "Time", "UNIT": "UTC", "entry": [{"VAL": 1e30}]},
                              GOOD], {"Volume": 1.234}),
    ("descriptions that are not idents", [record("Vol/ume ä!", "7"), record("", "8"), record("1 2 3", "9")],
     {"Vol/ume ä!": 0.007, "Value": 0.008, "1 2 3": 0.009}),
]


@pytest.mark.parametrize("name,records,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_records_are_skipped_and_the_rest_applied(logger, name, records, expected):
    meter_id = "R" + str(abs(hash(name)) % 10 ** 8)
    send(logger, report(meter(meter_id, records)))
    assert values_of(logger, meter_id) == expected
    assert_baseline_intact(logger)


@pytest.mark.parametrize("bad_id", ["", "9" * 1000, None, {"id": 1}, [1]], ids=["empty", "1000 chars", "null",
                                                                              "object", "array"])
def test_bad_meter_ids_skip_only_that_meter(logger, bad_id):
    good_id = f"OK{len(str(bad_id))}"
    send(logger, report(meter(bad_id, [record("Volume", "1")]), meter(good_id, [record("Volume", "2")])))
    assert values_of(logger, good_id) == {"Volume": 0.002}
    assert not any(str(bad_id) in k for k in stored(logger["server"].db) if bad_id not in ("", None))
    assert_baseline_intact(logger)


def test_whole_report_that_is_not_usable_changes_nothing(logger):
    before = stored(logger["server"].db)
    for payload in [b"not json", b"[]", b'{"muc": 1}', b'{"muc": {"meter": {}}}', b"\xff\xfe",
                    report(meter("X1", [record("Volume", "1")]))[:-3]]:
        send(logger, payload)
    assert stored(logger["server"].db) == before


def test_ten_thousand_meters_in_one_report(logger):
    count = 10000
    started = time.time()
    send(logger, report(*(meter(f"M{i:05d}", [record("Volume", str(i))]) for i in range(count))))
    took = time.time() - started
    values = stored(logger["server"].db)
    got = sum(1 for k in values if "/M0" in k or "/M1" in k)
    assert got >= count, f"only {got} of {count} meters stored"
    assert values[next(k for k in values if "/M09999 (" in k)] == 9.999
    assert_baseline_intact(logger)
    print(f"\n10,000 meters in one report: applied in {took:.1f} s")
    # The broker still answers promptly afterwards.
    send(logger, report(meter("AFTER", [record("Volume", "3")])))
    assert values_of(logger, "AFTER") == {"Volume": 0.003}


# --- configuration ----------------------------------------------------------------------------

def test_bad_configuration_is_refused_and_changes_nothing(tmp_path):
    symemu = pytest.importorskip("symemu")
    with symemu.Kernel(db=str(tmp_path / "config.db"), seed=1) as k:
        gw = k.create_instance("SmartLog")
        k.set_configuration(gw, {"SmartLogID": "SL-1"})
        k.apply_changes(gw)
        before = k.get_configuration(gw)
        # (A list or object for a string property is stored as its JSON text, as Symcon does.)
        for bad, message in [({"NoSuchProperty": 1}, "NoSuchProperty not found"),
                             ({"SmartLogID": 5}, "not of type String"),
                             ({"AutoCreateMeters": "yes"}, "not of type Boolean"),
                             ({"SmartLogID": "SL-2", "NoSuchProperty": True}, "NoSuchProperty not found"),
                             ("not json", "not valid JSON"),
                             ("[1, 2]", "must be a JSON object")]:
            with pytest.raises(symemu.KernelError, match=message):
                k.set_configuration(gw, bad)
            assert k.get_configuration(gw) == before, bad


@pytest.mark.parametrize("flag", ["--mqtt-port", "--http-port", "--https-port"])
def test_port_in_use_exits_1_naming_the_port(tmp_path, flag):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = {"--mqtt-port": "0", "--http-port": "0", "--https-port": "0", flag: str(port)}
        r = subprocess.run([binary(), "serve", "--db", str(tmp_path / "ports.db"), "--bind", "127.0.0.1",
                            *[x for kv in args.items() for x in kv]], capture_output=True, text=True, timeout=30)
    assert r.returncode == 1, r.stdout + r.stderr
    assert str(port) in r.stderr, r.stderr

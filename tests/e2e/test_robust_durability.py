"""Crash durability: QoS 1 traffic into symemu_testserve, SIGKILL at random moments, restart on
the same database. Every payload that got a PUBACK must be committed (Echo Device's Count and
LastPayload) and SQLite's integrity check must pass. 3 kills by default, 20 with
SYMEMU_FULL_ROBUSTNESS=1."""
import random
import sqlite3
import threading
import time

from robust_support import FULL, RawClient, connect, publish
from symemu_process import SymemuServer

KILLS = 20 if FULL else 3


def committed_state(db):
    """(integrity_check result, Count, LastPayload) of a database whose server is dead."""
    con = sqlite3.connect(str(db), timeout=5)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        values = dict(con.execute(
            "SELECT o.ident, v.value FROM variables v JOIN objects o ON o.id = v.id "
            "WHERE o.ident IN ('Count', 'LastPayload')").fetchall())
        return check, values.get("Count"), values.get("LastPayload")
    finally:
        con.close()


class Publisher(threading.Thread):
    """Publishes QoS 1 messages one after another and records which ones got a PUBACK."""

    def __init__(self, port, prefix):
        super().__init__(daemon=True)
        self.port, self.prefix = port, prefix
        self.sent, self.acked = [], []

    def run(self):
        try:
            c = RawClient(self.port, timeout=10)
            c.send(connect(self.prefix.encode(), 4))
            c.connack()
            pid = 0
            while True:
                pid = pid % 65535 + 1
                text = f"{self.prefix}-{len(self.sent)}"
                self.sent.append(text)
                c.send(publish(b"echo/durable", text.encode(), qos=1, pid=pid))
                ptype, _, body = c.read_packet()
                assert ptype == 4 and int.from_bytes(body[:2], "big") == pid
                self.acked.append(text)
        except (OSError, EOFError):
            return  # the server was killed


def test_acknowledged_messages_survive_sigkill(tmp_path):
    db = tmp_path / "durable.db"
    rng = random.Random(20240611)
    acked_total = sent_total = 0
    for round_no in range(KILLS):
        server = SymemuServer(db, binary_name="symemu_testserve").start()
        publisher = Publisher(server.mqtt_port, f"r{round_no}")
        publisher.start()
        time.sleep(rng.uniform(0.15, 0.8))
        server.kill()  # SIGKILL: no shutdown, no final commit
        publisher.join(10)
        assert not publisher.is_alive()
        assert publisher.acked, f"round {round_no}: no PUBACK before the kill"
        acked_total += len(publisher.acked)
        sent_total += len(publisher.sent)

        check, count, last = committed_state(db)
        assert check == "ok"
        # Every acknowledged message is committed; at most the ones in flight are extra.
        assert acked_total <= count <= sent_total, (round_no, acked_total, count, sent_total)
        unacked = publisher.sent[len(publisher.acked):]
        assert last in [publisher.acked[-1], *unacked], (last, publisher.acked[-1])
        # Messages committed without a PUBACK still count: the next round starts from there.
        acked_total = sent_total = count

    # A clean run on the same database after all the kills.
    with SymemuServer(db, binary_name="symemu_testserve") as server:
        p = RawClient(server.mqtt_port)
        p.send(connect(b"final", 4))
        p.connack()
        p.send(publish(b"echo/durable", b"final", qos=1, pid=1))
        assert p.read_packet()[0] == 4
        p.close()
    check, count, last = committed_state(db)
    assert (check, count, last) == ("ok", acked_total + 1, "final")
    print(f"\ndurability: {KILLS} SIGKILLs survived, {count} QoS 1 messages committed, integrity ok")

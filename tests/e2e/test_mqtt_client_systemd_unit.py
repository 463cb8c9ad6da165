"""docs/systemd/symemu@.service works as written: its ExecStart, expanded as systemd expands it
for instance 1 (%i -> 1, %% -> %), with only the binary, the state directory and the broker's
address replaced, runs shard 1/3 against Debian's mosquitto: it keeps only its loggers, and
SIGTERM (the unit's KillSignal) ends it with exit code 0 and a DISCONNECT."""
import shlex
import signal
import subprocess

from mosquitto_broker import Mosquitto
from symemu_process import ROOT, binary, committed_rows, wait_for
from test_mqtt_client_python_serve import fnv1a

UNIT = ROOT / "docs" / "systemd" / "symemu@.service"
EXAMPLE = (ROOT / "fixtures" / "examples" / "example5.json").read_text()


def exec_start(instance):
    text = UNIT.read_text().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if l.startswith("ExecStart="))[len("ExecStart="):]
    return shlex.split(line.replace("%%", "\0").replace("%i", instance).replace("\0", "%"))


def smartlogs(db):
    return {r[0] for r in committed_rows(db, "SELECT name FROM objects WHERE name LIKE 'SmartLog SL-%'")}


def test_the_systemd_unit_runs_a_shard(tmp_path):
    broker = Mosquitto(tmp_path / "mosquitto", log_all=True).start()
    try:
        argv = exec_start("1")
        assert argv[0] == "/usr/local/bin/symemu" and argv[argv.index("--shard") + 1] == "1/3"
        argv[0] = str(binary())
        argv = [a.replace("/var/lib/symemu", str(tmp_path)).replace("broker.example:1883", f"127.0.0.1:{broker.port}")
                for a in argv]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            assert line.startswith("symemu: ready") and "mqtt=" not in line, line
            assert broker.wait_log("symemu-shard-1 1 SmartLog/#"), broker.log_text()[-2000:]  # SUBSCRIBE, QoS 1
            mine = next(f"SL-{400000 + n}" for n in range(100) if fnv1a(f"SL-{400000 + n}") % 3 == 1)
            other = next(f"SL-{400000 + n}" for n in range(100) if fnv1a(f"SL-{400000 + n}") % 3 != 1)
            for logger in (other, mine):
                subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-t", f"SmartLog/{logger}",
                                "-m", EXAMPLE.replace("SL-000123", logger), "-q", "1"], check=True, timeout=10)
            db = tmp_path / "shard-1.db"
            assert wait_for(lambda: smartlogs(db), timeout=15)
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert smartlogs(db) == {f"SmartLog {mine}"}
        assert broker.wait_log("Received DISCONNECT from symemu-shard-1")
    finally:
        broker.stop()

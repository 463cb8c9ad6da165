"""Running `symemu replay` and comparing snapshots in the end-to-end tests."""
import json
import subprocess

from symemu_process import ROOT, binary

FIXTURES = ROOT / "fixtures"

# Listener settings differ between a serve process (free ports, 127.0.0.1) and an in-process
# kernel; everything else in the snapshot must be the same.
LISTENER_PROPERTIES = ("Port", "BindAddress", "HTTPPort", "HTTPSPort", "CertFile", "KeyFile", "CertDir")


def replay(*args, binary_name="symemu_testserve", env=None, timeout=300):
    return subprocess.run([binary(binary_name), "replay", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def snapshot_of_db(db, binary_name="symemu_testserve"):
    r = subprocess.run([binary(binary_name), "snapshot", "--db", str(db), "--no-times"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def without_listeners(snapshot_text):
    snapshot = json.loads(snapshot_text)
    for obj in snapshot.values():
        if obj.get("module") in ("Server Socket", "WebHook Control"):
            for key in LISTENER_PROPERTIES:
                obj["properties"].pop(key, None)
    return snapshot


def in_process_snapshot(fixture, tmp_path, *extra, binary_name="symemu_testserve", env=None):
    out = tmp_path / (fixture.stem + ".in-process.json")
    r = replay(fixture, "--no-times", "--write-snapshot", out, *extra, binary_name=binary_name, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    return out.read_text()


def without_receive_times(snapshot):
    """Drops values the kernel clock writes (a serve process runs on the real clock)."""
    for obj in snapshot.values():
        if obj.get("type") == "variable" and obj.get("ident") == "LastMessageTime":
            obj.pop("value", None)
    return snapshot

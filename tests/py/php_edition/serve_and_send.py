"""python3 serve_and_send.py FIXTURE PASSWORD [LIBRARY]: prepares a database with the fixture's
create_instance actions (gateways get AutoCreateMeters), serves it with symemu.serve() (with the
PHP edition when LIBRARY is given, else the built-in C++ one), sends the fixture's MQTT events with
mosquitto_pub and its HTTPS events with curl, and prints {"statuses": [...], "snapshot": {...}}.
A process of its own per edition: one embedded PHP per process, and the served kernel runs PHP on
its own thread."""
import base64
import json
import os
import subprocess
import sys
import tempfile

import symemu


def events(fixture):
    with open(fixture, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines][1:]


def send(served, event, password):
    if event["type"] == "mqtt":
        payload = base64.b64decode(event["payload_base64"]) if "payload_base64" in event else event["payload"].encode()
        args = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(served.mqtt_port), "-i", event["client_id"],
                "-t", event["topic"], "-q", str(event.get("qos", 0)), "-s"] + (["-r"] if event.get("retain") else [])
        r = subprocess.run(args, input=payload, capture_output=True, timeout=30)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode(errors="replace"))
        return None
    args = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", served.certificate,
            "-X", event.get("method", "POST")]
    for key, value in event.get("headers", {}).items():
        args += ["-H", f"{key}: {value}"]
    if "user" in event:
        args += ["-u", f"{event['user']}:{password}"]
    if "body" in event:
        args += ["--data-binary", "@-"]
    args.append(f"https://localhost:{served.https_port}{event['path']}")
    r = subprocess.run(args, input=event.get("body", "").encode(), capture_output=True, timeout=30)
    return int(r.stdout)


def main():
    fixture, password = sys.argv[1], sys.argv[2]
    libraries = sys.argv[3:] or None
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "served.db")
        setup = os.path.join(tmp, "setup.jsonl")
        actions = [dict(e, t=0, properties=dict(e["properties"], AutoCreateMeters=True)) for e in events(fixture)
                   if e["type"] == "action" and e["action"] == "create_instance"]
        with open(setup, "w", encoding="utf-8") as f:
            f.write("\n".join(json.dumps(e) for e in [{"symemu_fixture": 1}, *actions]) + "\n")
        with symemu.Kernel(db, seed=1, libraries=libraries) as k:
            k.ensure_default_chains(auto_create=True)
            report = k.replay(setup, password=password)
            assert report["errors"] == [], report["errors"]
        statuses = []
        with symemu.serve(db=db, seed=1, auto_create=True, libraries=libraries) as served:
            for event in events(fixture):
                if event["type"] in ("mqtt", "http"):
                    statuses.append(send(served, event, password))
            snapshot = served.kernel.snapshot(times=False)
            # Which edition ran: only the PHP configurator has SM_CreateMeter (C++: SM_Create).
            probe = served.kernel.create_instance("SmartMeterConfigurator")  # after the snapshot
            try:
                served.kernel.call("SM_CreateMeter", probe, "no such meter")
                edition = "?"
            except Exception as e:  # noqa: BLE001 - the message tells the editions apart
                edition = "php" if "has not been seen" in str(e) else "cpp"
    print(json.dumps({"statuses": statuses, "snapshot": snapshot, "edition": edition}))


main()

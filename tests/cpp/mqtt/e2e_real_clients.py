#!/usr/bin/python3
"""End-to-end check of the symemu MQTT broker core with real clients.

Starts mqtt_test_broker (path in argv[1]) on an ephemeral 127.0.0.1 port and
drives it with mosquitto_pub / mosquitto_sub (-V mqttv311 and -V mqttv5) and
paho-mqtt 1.6 (MQTTv311 and MQTTv5): QoS 0/1/2, retained messages, wills,
user name / password. Exit code 0 when every check passed.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes

BROKER = sys.argv[1]
TIMEOUT = 10.0
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


class TestBroker:
    def __init__(self, *args):
        self.proc = subprocess.Popen([BROKER, *args], stdout=subprocess.PIPE,
                                     stderr=open(os.devnull, "w") if not os.environ.get("MQTT_E2E_VERBOSE") else None,
                                     text=True)
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "ready", "broker did not start"
        self.port = int(line[1])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


def mosquitto(tool, port, *args, timeout=TIMEOUT):
    return subprocess.run([tool, "-h", "127.0.0.1", "-p", str(port), *args],
                          capture_output=True, text=True, timeout=timeout)


class PahoClient:
    """A paho client with blocking helpers (loop runs in paho's thread)."""

    def __init__(self, port, version, client_id=None, user=None, password=None, will=None):
        self.version = version
        self.v5 = version == mqtt.MQTTv5
        cid = client_id or "paho-" + uuid.uuid4().hex[:8]
        if self.v5:
            self.client = mqtt.Client(client_id=cid, protocol=version)
        else:
            self.client = mqtt.Client(client_id=cid, protocol=version, clean_session=True)
        if user is not None:
            self.client.username_pw_set(user, password)
        if will:
            self.client.will_set(*will)
        self.messages = []
        self.cond = threading.Condition()
        self.connect_rc = None
        self.acks = set()
        self.granted = {}
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_publish = self._on_publish
        self.client.on_subscribe = self._on_subscribe
        self.client.connect("127.0.0.1", port, keepalive=30)
        self.client.loop_start()

    def _on_connect(self, client, userdata, flags, rc, properties=None):
        with self.cond:
            self.connect_rc = rc if not self.v5 else rc.value
            self.cond.notify_all()

    def _on_message(self, client, userdata, msg):
        with self.cond:
            self.messages.append(msg)
            self.cond.notify_all()

    def _on_publish(self, client, userdata, mid):
        with self.cond:
            self.acks.add(mid)
            self.cond.notify_all()

    def _on_subscribe(self, client, userdata, mid, granted, properties=None):
        with self.cond:
            self.granted[mid] = [g if isinstance(g, int) else g.value for g in granted]
            self.cond.notify_all()

    def wait(self, predicate):
        with self.cond:
            return self.cond.wait_for(predicate, timeout=TIMEOUT)

    def wait_connected(self):
        self.wait(lambda: self.connect_rc is not None)
        return self.connect_rc

    def subscribe(self, topic, qos):
        rc, mid = self.client.subscribe(topic, qos)
        self.wait(lambda: mid in self.granted)
        return self.granted.get(mid)

    def publish(self, topic, payload, qos, retain=False, properties=None):
        info = self.client.publish(topic, payload, qos=qos, retain=retain, properties=properties)
        if qos > 0:
            self.wait(lambda: info.mid in self.acks)
            return info.mid in self.acks
        return True

    def wait_message(self, topic):
        found = []

        def have():
            found[:] = [m for m in self.messages if m.topic == topic]
            return bool(found)

        self.wait(have)
        return found[0] if found else None

    def stop(self):
        self.client.disconnect()
        self.client.loop_stop()


def mosquitto_checks(port):
    for version in ("mqttv311", "mqttv5"):
        for qos in (0, 1, 2):
            topic = f"e2e/mosq/{version}/{qos}"
            pub = mosquitto("mosquitto_pub", port, "-V", version, "-q", str(qos), "-r", "-t", topic, "-m", f"m{qos}")
            check(pub.returncode == 0, f"mosquitto_pub {version} QoS {qos} retained (rc {pub.returncode} {pub.stderr.strip()})")
            sub = mosquitto("mosquitto_sub", port, "-V", version, "-q", str(qos), "-t", topic, "-C", "1", "-W", "5", "-v")
            check(sub.stdout.strip() == f"{topic} m{qos}", f"mosquitto_sub {version} QoS {qos} gets the retained message ({sub.stdout.strip()!r})")
        # Clearing a retained message with an empty payload.
        topic = f"e2e/mosq/{version}/0"
        mosquitto("mosquitto_pub", port, "-V", version, "-r", "-t", topic, "-n")
        sub = mosquitto("mosquitto_sub", port, "-V", version, "-t", topic, "-C", "1", "-W", "1")
        check(sub.stdout.strip() == "", f"{version}: empty retained payload clears the topic")

    # Live delivery mosquitto_pub -> paho subscriber, each QoS, both versions.
    for paho_version, name in ((mqtt.MQTTv311, "MQTTv311"), (mqtt.MQTTv5, "MQTTv5")):
        sub = PahoClient(port, paho_version)
        check(sub.wait_connected() == 0, f"paho {name} connects")
        for qos in (0, 1, 2):
            topic = f"e2e/live/{name}/{qos}"
            check(sub.subscribe(topic, qos) == [qos], f"paho {name} granted QoS {qos}")
            mosquitto("mosquitto_pub", port, "-V", "mqttv311" if qos != 1 else "mqttv5", "-q", str(qos), "-t", topic, "-m", "live")
            msg = sub.wait_message(topic)
            check(msg is not None and msg.payload == b"live" and msg.qos == qos and not msg.retain,
                  f"paho {name} receives a live QoS {qos} message from mosquitto_pub")
        sub.stop()


def paho_checks(port):
    for version, name in ((mqtt.MQTTv311, "MQTTv311"), (mqtt.MQTTv5, "MQTTv5")):
        a = PahoClient(port, version)
        b = PahoClient(port, version)
        check(a.wait_connected() == 0 and b.wait_connected() == 0, f"paho {name}: two clients connect")
        b.subscribe(f"e2e/paho/{name}/#", 2)
        for qos in (0, 1, 2):
            props = None
            if version == mqtt.MQTTv5:
                props = Properties(PacketTypes.PUBLISH)
                props.UserProperty = [("meter", str(qos))]
                props.ContentType = "text/plain"
            check(a.publish(f"e2e/paho/{name}/{qos}", f"p{qos}", qos, properties=props),
                  f"paho {name}: QoS {qos} publish acknowledged")
            msg = b.wait_message(f"e2e/paho/{name}/{qos}")
            check(msg is not None and msg.payload == f"p{qos}".encode() and msg.qos == qos,
                  f"paho {name}: QoS {qos} message delivered")
            if version == mqtt.MQTTv5 and msg is not None:
                up = getattr(msg.properties, "UserProperty", None)
                check(up == [("meter", str(qos))] and getattr(msg.properties, "ContentType", None) == "text/plain",
                      f"paho MQTTv5: user property and content type passed through (QoS {qos})")
        # Retained via paho, read by a later paho client.
        a.publish(f"e2e/paho/{name}/retained", "kept", 1, retain=True)
        c = PahoClient(port, version)
        c.wait_connected()
        c.subscribe(f"e2e/paho/{name}/retained", 1)
        msg = c.wait_message(f"e2e/paho/{name}/retained")
        check(msg is not None and msg.retain and msg.payload == b"kept", f"paho {name}: retained message on subscribe")
        for client in (a, b, c):
            client.stop()


def will_checks(port):
    for version in ("mqttv311", "mqttv5"):
        topic = f"e2e/will/{version}"
        watcher = PahoClient(port, mqtt.MQTTv311)
        watcher.wait_connected()
        watcher.subscribe(topic, 1)
        # mosquitto_sub with a will, killed hard: the broker sees the socket drop without DISCONNECT.
        proc = subprocess.Popen(["stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-V", version, "-d",
                                 "-t", "e2e/none", "--will-topic", topic, "--will-payload", "gone", "--will-qos", "1"],
                                stdout=subprocess.PIPE, text=True)
        deadline = threading.Timer(TIMEOUT, proc.kill)  # never hang on a silent client
        deadline.start()
        for line in proc.stdout:
            if "SUBACK" in line:
                break
        deadline.cancel()
        proc.kill()
        proc.wait()
        msg = watcher.wait_message(topic)
        check(msg is not None and msg.payload == b"gone", f"{version}: will published when the client dies")
        # paho with a will, socket closed under it.
        paho_topic = topic + "/paho"
        watcher.subscribe(paho_topic, 1)
        paho_version = mqtt.MQTTv5 if version == "mqttv5" else mqtt.MQTTv311
        dying = PahoClient(port, paho_version, will=(paho_topic, "paho gone", 1, False))
        dying.wait_connected()
        dying.client.loop_stop()
        dying.client.socket().shutdown(socket.SHUT_RDWR)
        dying.client.socket().close()
        msg = watcher.wait_message(paho_topic)
        check(msg is not None and msg.payload == b"paho gone", f"paho {version}: will published on socket loss")
        # A clean disconnect does not publish the will.
        clean_topic = topic + "/clean"
        watcher.subscribe(clean_topic, 1)
        mosquitto("mosquitto_pub", port, "-V", version, "-t", "e2e/x", "-m", "x",
                  "--will-topic", clean_topic, "--will-payload", "nope")
        marker = PahoClient(port, mqtt.MQTTv311)
        marker.wait_connected()
        marker.publish(clean_topic, "marker", 1)  # ordered after any will on the same topic
        watcher.wait_message(clean_topic)
        check([m.payload for m in watcher.messages if m.topic == clean_topic] == [b"marker"],
              f"{version}: no will after a normal DISCONNECT")
        marker.stop()
        watcher.stop()


def credential_checks():
    broker = TestBroker("--user", "logger", "--password", "s3cret")
    try:
        port = broker.port
        for version in ("mqttv311", "mqttv5"):
            ok = mosquitto("mosquitto_pub", port, "-V", version, "-u", "logger", "-P", "s3cret", "-t", "a", "-m", "1")
            check(ok.returncode == 0, f"{version}: correct credentials accepted")
            bad = mosquitto("mosquitto_pub", port, "-V", version, "-u", "logger", "-P", "wrong", "-t", "a", "-m", "1")
            check(bad.returncode != 0, f"{version}: wrong password refused ({bad.stderr.strip()})")
            none = mosquitto("mosquitto_pub", port, "-V", version, "-t", "a", "-m", "1")
            check(none.returncode != 0, f"{version}: missing credentials refused ({none.stderr.strip()})")
        for version, name, bad_rc, missing_rc in ((mqtt.MQTTv311, "MQTTv311", 4, 5), (mqtt.MQTTv5, "MQTTv5", 0x86, 0x87)):
            good = PahoClient(port, version, user="logger", password="s3cret")
            check(good.wait_connected() == 0, f"paho {name}: correct credentials")
            good.stop()
            wrong = PahoClient(port, version, user="logger", password="nope")
            rc = wrong.wait_connected()
            check(rc == bad_rc, f"paho {name}: wrong password -> {bad_rc:#x} (got {rc})")
            wrong.client.loop_stop()
            missing = PahoClient(port, version)
            rc = missing.wait_connected()
            check(rc == missing_rc, f"paho {name}: no credentials -> {missing_rc:#x} (got {rc})")
            missing.client.loop_stop()
    finally:
        broker.stop()


def main():
    broker = TestBroker()
    try:
        mosquitto_checks(broker.port)
        paho_checks(broker.port)
        will_checks(broker.port)
    finally:
        broker.stop()
    credential_checks()
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""MQTT 3.1.1 / 5.0 features of the MQTT Server as a client library sees them: paho-mqtt 1.6 (v1
API) against symemu_testserve (issue 17). Raw-packet checks of the same statements are in
test_mqtt_conformance.py."""
import queue
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from symemu_process import SymemuServer


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    with SymemuServer(tmp_path_factory.mktemp("paho") / "p.db", binary_name="symemu_testserve") as server:
        yield server.mqtt_port


class Peer:
    """A paho client with its network loop running; messages and CONNACKs land in queues."""

    def __init__(self, port, client_id=None, v5=True, clean=True, connect_props=None, will=None):
        self.v5 = v5
        self.messages, self.connacks, self.subacks = queue.Queue(), queue.Queue(), queue.Queue()
        cid = uuid.uuid4().hex[:12] if client_id is None else client_id
        if v5:
            self.client = mqtt.Client(client_id=cid, protocol=mqtt.MQTTv5)
        else:
            self.client = mqtt.Client(client_id=cid, clean_session=clean, protocol=mqtt.MQTTv311)
        self.client.on_message = lambda c, u, m: self.messages.put(m)
        if v5:
            self.client.on_connect = lambda c, u, flags, rc, props: self.connacks.put((flags, rc, props))
            self.client.on_subscribe = lambda c, u, mid, codes, props: self.subacks.put(codes)
        else:
            self.client.on_connect = lambda c, u, flags, rc: self.connacks.put((flags, rc, None))
            self.client.on_subscribe = lambda c, u, mid, codes: self.subacks.put(codes)
        if will:
            self.client.will_set(**will)
        kw = dict(clean_start=clean, properties=connect_props) if v5 else {}
        self.client.connect("127.0.0.1", port, keepalive=30, **kw)
        self.client.loop_start()
        self.flags, self.rc, self.props = self.connacks.get(timeout=10)

    def subscribe(self, flt, qos=0):
        self.client.subscribe(flt, qos=qos)
        return self.subacks.get(timeout=10)

    def drain(self, seconds):
        got = []
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                got.append(self.messages.get(timeout=max(0.01, deadline - time.time())))
            except queue.Empty:
                break
        return got

    def stop(self, clean=True):
        if clean:
            self.client.disconnect()
            self.client.loop_stop()
        else:  # vanish without DISCONNECT: the network loop first, so it does not read a closed socket
            self.client.loop_stop()
            self.client.socket().close()


@pytest.fixture
def peers(port):
    made = []

    def make(**kw):
        p = Peer(port, **kw)
        made.append(p)
        return p

    yield make
    for p in made:
        try:
            p.stop()
        except Exception:
            pass


def topic(name):
    return f"paho/{uuid.uuid4().hex[:8]}/{name}"


@pytest.mark.parametrize("v5", [False, True])
def test_session_present_only_when_resumed(peers, v5):
    # [MQTT-3.2.2-2]/[MQTT-3.2.2-3] (3.1.1 [MQTT-3.2.2-1]/[MQTT-3.2.2-2]).
    cid = uuid.uuid4().hex[:12]
    keep = Properties(PacketTypes.CONNECT) if v5 else None
    if v5:
        keep.SessionExpiryInterval = 300
    first = peers(client_id=cid, v5=v5, clean=False, connect_props=keep)
    assert first.flags["session present"] == 0
    first.stop()
    second = peers(client_id=cid, v5=v5, clean=False, connect_props=keep)
    assert second.flags["session present"] == 1
    second.stop()
    third = peers(client_id=cid, v5=v5, clean=True)
    assert third.flags["session present"] == 0


def test_assigned_client_identifier(peers):
    p = peers(client_id="")
    assert p.props.AssignedClientIdentifier


def test_shared_subscription_splits_messages(peers):
    t = topic("shared")
    a, b = peers(), peers()
    assert a.subscribe(f"$share/workers/{t}", 1)[0].value == 1
    assert b.subscribe(f"$share/workers/{t}", 1)[0].value == 1
    pub = peers()
    for i in range(20):
        pub.client.publish(t, str(i), qos=1).wait_for_publish(5)
    got_a, got_b = a.drain(1.5), b.drain(0.5)
    payloads = sorted(int(m.payload) for m in got_a + got_b)
    assert payloads == list(range(20))
    assert got_a and got_b


def test_will_with_properties_reaches_a_paho_subscriber(peers):
    t = topic("will")
    sub = peers()
    sub.subscribe(t, 1)
    props = Properties(PacketTypes.WILLMESSAGE)
    props.ContentType = "text/plain"
    props.ResponseTopic = "paho/answers"
    props.CorrelationData = b"42"
    props.UserProperty = ("origin", "logger")
    props.MessageExpiryInterval = 120
    victim = peers(will=dict(topic=t, payload="offline", qos=1, properties=props))
    victim.stop(clean=False)
    m = sub.messages.get(timeout=10)
    assert m.payload == b"offline"
    assert m.properties.ContentType == "text/plain"
    assert m.properties.ResponseTopic == "paho/answers"
    assert m.properties.CorrelationData == b"42"
    assert m.properties.UserProperty == [("origin", "logger")]
    assert 115 <= m.properties.MessageExpiryInterval <= 120


def test_subscription_options_and_identifiers(peers):
    t = topic("opts")
    pub = peers()
    pub.client.publish(t, "retained", qos=1, retain=True).wait_for_publish(5)
    c = peers()
    props = Properties(PacketTypes.SUBSCRIBE)
    props.SubscriptionIdentifier = 12
    opts = SubscribeOptions(qos=1, noLocal=True, retainAsPublished=True,
                            retainHandling=SubscribeOptions.RETAIN_SEND_IF_NEW_SUB)
    c.client.subscribe(t, options=opts, properties=props)
    c.subacks.get(timeout=10)
    m = c.messages.get(timeout=10)
    assert (m.payload, m.retain, m.properties.SubscriptionIdentifier) == (b"retained", 1, [12])
    c.client.subscribe(t, options=opts, properties=props)
    c.subacks.get(timeout=10)
    c.client.publish(t, "own", qos=1).wait_for_publish(5)  # No Local
    pub.client.publish(t, "live", qos=1, retain=True).wait_for_publish(5)
    got = c.drain(1.0)
    assert [(x.payload, x.retain) for x in got] == [(b"live", 1)]  # Retain As Published
    pub.client.publish(t, "", qos=1, retain=True).wait_for_publish(5)


def test_maximum_packet_size_of_the_client(peers):
    t = topic("size")
    props = Properties(PacketTypes.CONNECT)
    props.MaximumPacketSize = 200
    small = peers(connect_props=props)
    small.subscribe(t, 1)
    pub = peers()
    pub.client.publish(t, "x" * 1000, qos=1).wait_for_publish(5)
    pub.client.publish(t, "fits", qos=1).wait_for_publish(5)
    assert [m.payload for m in small.drain(1.0)] == [b"fits"]
    assert small.client.is_connected()


def test_message_expiry_while_the_session_is_offline(peers):
    t = topic("expiry")
    cid = uuid.uuid4().hex[:12]
    keep = Properties(PacketTypes.CONNECT)
    keep.SessionExpiryInterval = 300
    sub = peers(client_id=cid, clean=False, connect_props=keep)
    sub.subscribe(t, 1)
    sub.stop()
    pub = peers()
    for payload, expiry in (("short", 1), ("long", 100)):
        props = Properties(PacketTypes.PUBLISH)
        props.MessageExpiryInterval = expiry
        pub.client.publish(t, payload, qos=1, properties=props).wait_for_publish(5)
    time.sleep(2.5)
    back = peers(client_id=cid, clean=False, connect_props=keep)
    got = back.drain(1.5)
    assert [m.payload for m in got] == [b"long"]
    assert 95 <= got[0].properties.MessageExpiryInterval <= 98

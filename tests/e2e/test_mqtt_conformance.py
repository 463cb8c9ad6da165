"""MQTT 3.1.1 and 5.0 conformance of the MQTT Server over real sockets (issue 17).

Raw packets written by hand (mqtt_wire.py) against symemu_testserve, one statement of the
specifications per test where possible ([MQTT-x.y.z-n] numbers are the OASIS standards').
MQTT_CONFORMANCE_PORT=<port> runs them against another broker on 127.0.0.1 instead (used to check
the tests themselves against Debian's mosquitto; where the specification leaves a choice, e.g. a
PUBACK for a QoS 2 message, mosquitto closes the connection and we keep it).
"""
import os
import time
import uuid

import pytest

import mqtt_wire as w
from symemu_process import SymemuServer

V311, V5 = 4, 5


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    if os.environ.get("MQTT_CONFORMANCE_PORT"):
        yield int(os.environ["MQTT_CONFORMANCE_PORT"])
        return
    with SymemuServer(tmp_path_factory.mktemp("conformance") / "c.db", binary_name="symemu_testserve") as server:
        yield server.mqtt_port


@pytest.fixture
def clients(port):
    opened = []

    def make(version=V311):
        c = w.Client(port, version)
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.close()


def uid(prefix="c"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def topic(name):
    return f"conf/{uuid.uuid4().hex[:8]}/{name}"


def connected(clients, version, client_id=None, **kw):
    c = clients(version)
    ack = c.connect(uid() if client_id is None else client_id, **kw)
    assert ack.reason == 0, ack
    return c, ack


def subscribed(c, flt, opts=0, pid=1, props=None):
    c.send(w.subscribe(pid, [(flt, opts)], props=props, version=c.version))
    ack = c.expect(w.SUBACK)
    assert ack.codes == [opts & 3], ack.codes
    return ack


def assert_refused(c, v5_reason=None):
    """Closed without a success CONNACK; for v5 with the given reason code if one came."""
    assert c.closed(), "the server kept the connection open"
    acks = [p for p in c.before_close if p.type == w.CONNACK]
    assert all(a.reason != 0 for a in acks), acks
    assert len(c.before_close) == len(acks) <= 1, c.before_close
    if acks and v5_reason is not None and c.version == V5:
        assert acks[0].reason == v5_reason
    return acks


# --- 1. CONNECT validation ------------------------------------------------------------------

BAD_CONNECTS = {
    # [MQTT-3.1.2-11]/[MQTT-3.1.2-13] (3.1.1: [MQTT-3.1.2-13]/[MQTT-3.1.2-15]): will QoS/retain without will flag
    "will-qos-without-will-flag": (dict(flags=0x02 | 0x08), 0x81),
    "will-retain-without-will-flag": (dict(flags=0x02 | 0x20), 0x81),
    # [MQTT-3.1.2-3]: reserved flag
    "reserved-flag": (dict(flags=0x03), 0x81),
    # [MQTT-1.5.4-2] (3.1.1 [MQTT-1.5.3-2]): U+0000 in the client identifier
    "client-id-nul": (dict(client_id=b"a\x00b"), 0x81),
    # [MQTT-1.5.4-1] (3.1.1 [MQTT-1.5.3-1]): surrogate / ill-formed UTF-8
    "client-id-surrogate": (dict(client_id=b"a\xed\xa0\x80"), 0x81),
    "client-id-ill-formed": (dict(client_id=b"a\xc3\x28"), 0x81),
    # 5.0 §3.1.3.5 (3.1.1 [MQTT-3.1.3-11]): the user name must be UTF-8
    "user-name-surrogate": (dict(username=b"u\xed\xbf\xbf", password=b"p"), 0x81),
    "user-name-nul": (dict(username=b"u\x00"), 0x81),
    # 5.0 §3.1.3.3 (3.1.1 [MQTT-3.1.3-10]): the will topic must be UTF-8; [MQTT-4.7.3-1]: not empty
    "will-topic-surrogate": (dict(will={"topic": b"w\xed\xa0\x80", "payload": b"x"}), 0x81),
    "will-topic-empty": (dict(will={"topic": b"", "payload": b"x"}), 0x90),
    "will-topic-wildcard": (dict(will={"topic": "w/#", "payload": b"x"}), 0x90),
}


@pytest.mark.parametrize("version", [V311, V5])
@pytest.mark.parametrize("case", sorted(BAD_CONNECTS))
def test_invalid_connect_is_closed_without_success_connack(clients, version, case):
    kw, v5_reason = BAD_CONNECTS[case]
    kw = dict(kw)
    client_id = kw.pop("client_id", uid())
    c = clients(version)
    c.send(w.connect(client_id, version=version, **kw))
    assert_refused(c, v5_reason)


def test_password_without_user_name_is_refused_in_311_allowed_in_v5(clients):
    # 3.1.1 [MQTT-3.1.2-22]; 5.0 §3.1.2.9 allows a password without a user name.
    c = clients(V311)
    c.send(w.connect(uid(), version=V311, password=b"pw"))
    assert_refused(c)
    c5 = clients(V5)
    c5.send(w.connect(uid(), version=V5, password=b"pw"))
    assert c5.expect(w.CONNACK).reason == 0


def test_empty_client_id_with_clean_session_0_is_refused_in_311(clients):
    # 3.1.1 [MQTT-3.1.3-8]: CONNACK 0x02 Identifier rejected, then close.
    c = clients(V311)
    c.send(w.connect("", version=V311, clean=False))
    acks = assert_refused(c)
    assert [a.reason for a in acks] == [0x02]


def test_assigned_client_identifier_for_an_empty_v5_client_id(clients):
    # 5.0 [MQTT-3.1.3-7]/[MQTT-3.2.2-16]: the server assigns one and returns it in CONNACK.
    c, ack = connected(clients, V5, client_id="")
    assert ack.props.get(w.ASSIGNED_CLIENT_ID)


# --- 2. Session present ---------------------------------------------------------------------

@pytest.mark.parametrize("version", [V311, V5])
def test_clean_start_after_an_earlier_session_gets_session_present_0(clients, version):
    # [MQTT-3.2.2-2] (3.1.1 [MQTT-3.2.2-1]); resuming gives 1 ([MQTT-3.2.2-3], 3.1.1 [MQTT-3.2.2-2]).
    cid = uid()
    keep = dict(clean=False, props=[(w.SESSION_EXPIRY, 300)] if version == V5 else None)
    c, ack = connected(clients, version, cid, **keep)
    assert not ack.session_present
    c.send(w.disconnect(version=version))
    assert c.closed()
    c2, ack = connected(clients, version, cid, **keep)
    assert ack.session_present
    c2.send(w.disconnect(version=version))
    c3, ack = connected(clients, version, cid, clean=True)
    assert not ack.session_present
    c4, ack = connected(clients, version, cid, **keep)  # the clean one ended that session
    assert not ack.session_present


# --- 3. Wills -------------------------------------------------------------------------------

def test_will_properties_are_passed_on(clients):
    # 5.0 §3.1.3.2: payload format, message expiry, content type, response topic, correlation
    # data and user properties of the will reach the subscriber.
    t = topic("will")
    sub, _ = connected(clients, V5)
    subscribed(sub, t, 1)
    props = [(w.PAYLOAD_FORMAT, 1), (w.MESSAGE_EXPIRY, 60), (w.CONTENT_TYPE, "text/plain"),
             (w.RESPONSE_TOPIC, "conf/answer"), (w.CORRELATION_DATA, b"\x01\x02"), (w.USER_PROPERTY, ("k", "v"))]
    victim, _ = connected(clients, V5, will={"topic": t, "payload": b"gone", "qos": 1, "props": props})
    victim.close()  # no DISCONNECT: the will is published
    p = sub.expect(w.PUBLISH)
    assert p.payload == b"gone"
    assert p.props[w.PAYLOAD_FORMAT] == 1
    assert 58 <= p.props[w.MESSAGE_EXPIRY] <= 60
    assert p.props[w.CONTENT_TYPE] == "text/plain"
    assert p.props[w.RESPONSE_TOPIC] == "conf/answer"
    assert p.props[w.CORRELATION_DATA] == b"\x01\x02"
    assert p.user_props == [("k", "v")]


def test_will_delay_interval(clients):
    # 5.0 §3.1.3.2.2: sent after the delay; not sent if the session reconnects in time.
    t = topic("delayed")
    sub, _ = connected(clients, V5)
    subscribed(sub, t)
    cid = uid()
    will = {"topic": t, "payload": b"late", "props": [(w.WILL_DELAY, 2)]}
    victim, _ = connected(clients, V5, cid, clean=False, props=[(w.SESSION_EXPIRY, 60)], will=will)
    victim.close()
    assert sub.nothing(1.0)
    started = time.time()
    assert sub.expect(w.PUBLISH, timeout=5).payload == b"late"
    assert time.time() - started < 4

    victim, _ = connected(clients, V5, cid, clean=False, props=[(w.SESSION_EXPIRY, 60)], will=will)
    victim.close()
    back, ack = connected(clients, V5, cid, clean=False, props=[(w.SESSION_EXPIRY, 60)])
    assert ack.session_present
    assert sub.nothing(3.5)


def test_will_is_sent_when_the_session_ends_before_the_delay(clients):
    # 5.0 §3.1.3.2.2: whichever comes first, the will delay or the end of the session.
    t = topic("ends")
    sub, _ = connected(clients, V5)
    subscribed(sub, t)
    will = {"topic": t, "payload": b"ended", "props": [(w.WILL_DELAY, 100)]}
    victim, _ = connected(clients, V5, clean=True, props=[(w.SESSION_EXPIRY, 1)], will=will)
    victim.close()
    assert sub.expect(w.PUBLISH, timeout=5).payload == b"ended"


def test_takeover_sends_the_old_will_and_disconnects_with_0x8e(clients):
    # 5.0 [MQTT-3.1.4-3]: the existing connection is closed (DISCONNECT 0x8E in v5) and its
    # will (delay 0) is published.
    t = topic("takeover")
    sub, _ = connected(clients, V311)
    subscribed(sub, t)
    cid = uid()
    old, _ = connected(clients, V5, cid, will={"topic": t, "payload": b"old"})
    new, _ = connected(clients, V5, cid)
    assert old.closed()
    assert [p.reason for p in old.before_close] == [0x8E]
    assert sub.expect(w.PUBLISH).payload == b"old"


# --- 4. Maximum Packet Size -----------------------------------------------------------------

def test_message_larger_than_the_clients_maximum_packet_size_is_dropped(clients):
    # 5.0 [MQTT-3.1.2-24]/[MQTT-3.1.2-25]: not sent, as if delivered; the session goes on.
    t = topic("size")
    small, _ = connected(clients, V5, props=[(w.MAXIMUM_PACKET_SIZE, 100)])
    subscribed(small, t + "/#", 1)
    pub, _ = connected(clients, V311)
    pub.send(w.publish(t + "/big", b"x" * 300, qos=1, pid=1))
    pub.expect(w.PUBACK)
    pub.send(w.publish(t + "/small", b"fits", qos=1, pid=2))
    pub.expect(w.PUBACK)
    p = small.expect(w.PUBLISH)
    assert p.topic == t + "/small"
    small.send(w.ack(w.PUBACK, p.pid, version=V5))
    small.send(w.PINGREQ_BYTES)
    small.expect(w.PINGRESP)


# --- 5. Message Expiry Interval -------------------------------------------------------------

def test_message_expiry_on_queued_and_retained_messages(clients):
    # 5.0 [MQTT-3.3.2-5]: expired messages are not delivered; [MQTT-3.3.2-6]: the value sent on
    # is the interval minus the time the message waited in the server.
    t = topic("expiry")
    cid = uid()
    keep = dict(clean=False, props=[(w.SESSION_EXPIRY, 300)])
    sub, _ = connected(clients, V5, cid, **keep)
    subscribed(sub, t + "/#", 1)
    sub.send(w.disconnect(0, version=V5))
    assert sub.closed()
    pub, _ = connected(clients, V5)
    for pid, (name, expiry) in enumerate((("short", 1), ("long", 100)), start=1):
        pub.send(w.publish(f"{t}/{name}", name, qos=1, retain=True, pid=pid,
                           props=[(w.MESSAGE_EXPIRY, expiry)], version=V5))
        pub.expect(w.PUBACK)
    time.sleep(2.5)
    back, ack = connected(clients, V5, cid, **keep)
    assert ack.session_present
    p = back.expect(w.PUBLISH)
    assert p.topic == f"{t}/long"
    assert 95 <= p.props[w.MESSAGE_EXPIRY] <= 98
    back.send(w.ack(w.PUBACK, p.pid, version=V5))
    assert back.nothing(0.5)
    late, _ = connected(clients, V5)
    late.send(w.subscribe(1, [(t + "/#", 1)], version=V5))
    late.expect(w.SUBACK)
    r = late.expect(w.PUBLISH)
    assert (r.topic, r.retain) == (f"{t}/long", True)
    assert 95 <= r.props[w.MESSAGE_EXPIRY] <= 98
    assert late.nothing(0.5)
    for pid, name in enumerate(("short", "long"), start=10):  # leave nothing retained behind
        pub.send(w.publish(f"{t}/{name}", b"", qos=1, retain=True, pid=pid, version=V5))
        pub.expect(w.PUBACK)


# --- 6. Long topics, topic aliases, $ topics ------------------------------------------------

@pytest.mark.parametrize("version", [V311, V5])
def test_topic_names_and_filters_of_65535_bytes(clients, version):
    # 5.0 §1.5.4 / 3.1.1 §1.5.3: a UTF-8 string is up to 65,535 bytes; §4.7.3 sets no other limit.
    base = ("conf/" + "a/" * 40000)[:65533]  # 32,767 levels, ends with '/'
    name, flt = base + "zz", base + "+"
    assert len(name) == 65535 and base.endswith("/")
    sub, _ = connected(clients, version)
    subscribed(sub, flt)
    pub, _ = connected(clients, version)
    pub.send(w.publish(name, b"long", version=version))
    p = sub.expect(w.PUBLISH)
    assert p.topic == name and p.payload == b"long"


@pytest.mark.parametrize("alias, reason", [(0, 0x94), (11, 0x94), (5, 0x82)])
def test_topic_alias_errors(clients, alias, reason):
    # 5.0 [MQTT-3.3.2-8]: alias 0 and an alias above the server's Topic Alias Maximum are
    # 0x94 Topic Alias invalid; an alias never set, with an empty topic, is a Protocol Error.
    c, ack = connected(clients, V5)
    assert ack.props[w.TOPIC_ALIAS_MAXIMUM] == 10
    name = "" if reason == 0x82 else topic("alias")
    c.send(w.publish(name, b"x", props=[(w.TOPIC_ALIAS, alias)], version=V5))
    assert c.closed()
    assert [p.reason for p in c.before_close] == [reason]


def test_incoming_topic_alias_is_resolved(clients):
    t = topic("alias")
    sub, _ = connected(clients, V311)
    subscribed(sub, t)
    c, _ = connected(clients, V5)
    c.send(w.publish(t, b"1", props=[(w.TOPIC_ALIAS, 3)], version=V5))
    c.send(w.publish("", b"2", props=[(w.TOPIC_ALIAS, 3)], version=V5))
    assert [sub.expect(w.PUBLISH).topic for _ in range(2)] == [t, t]


@pytest.mark.parametrize("version", [V311, V5])
def test_dollar_topics_are_not_matched_by_first_level_wildcards(clients, version):
    # [MQTT-4.7.2-1] (3.1.1 [MQTT-4.7.2-1]).
    sub, _ = connected(clients, version)
    subscribed(sub, "#", pid=1)
    subscribed(sub, "+/conf", pid=2)
    pub, _ = connected(clients, version)
    pub.send(w.publish("$conf/conf", b"dollar", version=version))
    pub.send(w.PINGREQ_BYTES)
    pub.expect(w.PINGRESP)
    deadline = time.time() + 1
    while time.time() < deadline:
        try:
            p = sub.recv(deadline - time.time())
        except TimeoutError:
            break
        assert not p.topic.startswith("$"), p.topic  # other tests' traffic may pass through '#'


# --- 7. MQTT 5 features ---------------------------------------------------------------------

def test_connack_announces_no_missing_feature(clients):
    # 5.0 §3.2.2.3: absent = available. Nothing is announced as unavailable.
    c, ack = connected(clients, V5)
    for prop in (w.SHARED_SUB_AVAILABLE, w.WILDCARD_SUB_AVAILABLE, w.SUB_ID_AVAILABLE, w.RETAIN_AVAILABLE):
        assert ack.props.get(prop, 1) == 1, prop


@pytest.mark.parametrize("version", [V311, V5])
def test_shared_subscription_gives_each_message_to_one_member(clients, version):
    # 5.0 §4.8.2, [MQTT-4.8.2-3]: QoS as granted to the member that gets it.
    t = topic("shared")
    a, _ = connected(clients, version)
    b, _ = connected(clients, version)
    subscribed(a, f"$share/grp/{t}", 1)
    subscribed(b, f"$share/grp/{t}", 0)
    plain, _ = connected(clients, version)
    subscribed(plain, t, 0)
    pub, _ = connected(clients, V311)
    for i in range(10):
        pub.send(w.publish(t, str(i), qos=1, pid=i + 1))
        pub.expect(w.PUBACK)
    got = {}
    for name, c, qos in (("a", a, 1), ("b", b, 0)):
        got[name] = []
        while True:
            try:
                p = c.recv(0.7)
            except TimeoutError:
                break
            assert p.qos == qos
            got[name].append(p.payload)
            if qos:
                c.send(w.ack(w.PUBACK, p.pid, version=version))
    assert sorted(got["a"] + got["b"], key=int) == [str(i).encode() for i in range(10)]
    assert got["a"] and got["b"]
    assert len([plain.expect(w.PUBLISH) for _ in range(10)]) == 10  # a normal subscriber gets all


def test_shared_subscription_with_no_local_is_a_protocol_error(clients):
    # 5.0 [MQTT-3.8.3-4].
    c, _ = connected(clients, V5)
    c.send(w.subscribe(1, [(f"$share/g/{topic('nl')}", 0x04)], version=V5))
    assert c.closed()
    assert [p.reason for p in c.before_close] == [0x82]


def test_invalid_shared_subscription_filters(clients):
    # 5.0 [MQTT-4.8.2-1], [MQTT-4.8.2-2]: 0x8F Topic Filter invalid.
    c, _ = connected(clients, V5)
    c.send(w.subscribe(1, [("$share//a", 0), ("$share/g", 0), ("$share/g+/a", 0)], version=V5))
    assert c.expect(w.SUBACK).codes == [0x8F, 0x8F, 0x8F]


def test_outgoing_topic_aliases_respect_the_clients_maximum(clients):
    # 5.0 [MQTT-3.1.2-26]/[MQTT-3.1.2-27]: aliases 1..the client's Topic Alias Maximum, none without one.
    t = topic("out")
    c, _ = connected(clients, V5, props=[(w.TOPIC_ALIAS_MAXIMUM, 1)])
    subscribed(c, t + "/#")
    pub, _ = connected(clients, V311)
    for name in ("one", "two", "one", "one"):
        pub.send(w.publish(f"{t}/{name}", name))
    known = {}
    for _ in range(4):
        p = c.expect(w.PUBLISH)
        alias = p.props.get(w.TOPIC_ALIAS)
        if alias is not None:
            assert alias == 1
            if p.topic:
                known[alias] = p.topic
            else:
                p.topic = known[alias]
        assert p.topic == f"{t}/{p.payload.decode()}"
    no_alias, _ = connected(clients, V5)
    subscribed(no_alias, t + "/#")
    pub.send(w.publish(f"{t}/one", "one"))
    pub.send(w.publish(f"{t}/one", "one"))
    for _ in range(2):
        p = no_alias.expect(w.PUBLISH)
        assert w.TOPIC_ALIAS not in p.props and p.topic == f"{t}/one"


def test_server_keep_alive_for_a_v5_keep_alive_of_0(clients):
    # 5.0 §3.2.2.3.14 [MQTT-3.2.2-21]: like mosquitto, keep alive 0 (none) is answered with 65535.
    c, ack = connected(clients, V5, keepalive=0)
    assert ack.props.get(w.SERVER_KEEP_ALIVE) == 65535
    c2, ack2 = connected(clients, V5, keepalive=30)
    assert w.SERVER_KEEP_ALIVE not in ack2.props


def test_request_response_information(clients):
    # 5.0 §3.1.2.11.7 / §3.2.2.3.15: Response Information only when requested.
    c, ack = connected(clients, V5, props=[(w.REQUEST_RESPONSE_INFO, 1)])
    assert ack.props.get(w.RESPONSE_INFO)
    c2, ack2 = connected(clients, V5)
    assert w.RESPONSE_INFO not in ack2.props


def test_subscription_identifiers_no_local_retain_as_published_retain_handling(clients):
    # 5.0 §3.8.3.1, [MQTT-3.8.3-3] No Local, [MQTT-3.3.1-12]/[MQTT-3.3.1-13] Retain As
    # Published, [MQTT-3.3.1-9..11] Retain Handling, [MQTT-3.3.4-3] Subscription Identifier.
    t = topic("opts")
    pub, _ = connected(clients, V5)
    pub.send(w.publish(t, b"kept", qos=1, retain=True, pid=1, version=V5))
    pub.expect(w.PUBACK)
    c, _ = connected(clients, V5)
    c.send(w.subscribe(1, [(t, 0x01 | 0x04 | 0x08 | 0x10)], props=[(w.SUBSCRIPTION_ID, 7)], version=V5))
    assert c.expect(w.SUBACK).codes == [1]
    r = c.expect(w.PUBLISH)  # retain handling 1: a new subscription gets the retained message
    assert (r.payload, r.retain, r.props.get(w.SUBSCRIPTION_ID)) == (b"kept", True, [7])
    c.send(w.ack(w.PUBACK, r.pid, version=V5))
    c.send(w.subscribe(2, [(t, 0x01 | 0x04 | 0x08 | 0x10)], props=[(w.SUBSCRIPTION_ID, 7)], version=V5))
    assert c.expect(w.SUBACK).codes == [1]
    assert c.nothing(0.5)  # ...but not a repeated one
    c.send(w.publish(t, b"own", qos=0, version=V5))  # No Local: not back to the publisher
    pub.send(w.publish(t, b"live", qos=0, retain=True, version=V5))
    p = c.expect(w.PUBLISH)
    assert (p.payload, p.retain) == (b"live", True)  # Retain As Published
    assert c.nothing(0.5)
    pub.send(w.publish(t, b"", qos=0, retain=True, version=V5))


# --- 8. QoS 2 flow errors -------------------------------------------------------------------

@pytest.mark.parametrize("version", [V311, V5])
def test_qos2_flow_errors_keep_other_messages_in_flight(clients, version):
    # §4.3.3, §4.4: unknown packet ids are answered (PUBREL/PUBCOMP, 0x92 in v5) or ignored;
    # acknowledgements of the wrong kind change nothing; the messages in flight complete.
    t = topic("q2")
    sub, _ = connected(clients, version)
    subscribed(sub, t + "/2", 2, pid=1)
    subscribed(sub, t + "/1", 1, pid=2)
    pub, _ = connected(clients, V311)
    pub.send(w.publish(t + "/2", b"two", qos=2, pid=1))
    pub.expect(w.PUBREC)
    pub.send(w.ack(w.PUBREL, 1))
    pub.expect(w.PUBCOMP)
    pub.send(w.publish(t + "/1", b"one", qos=1, pid=2))
    pub.expect(w.PUBACK)
    q2 = sub.expect(w.PUBLISH)
    q1 = sub.expect(w.PUBLISH)
    assert (q2.qos, q1.qos) == (2, 1)
    sub.send(w.ack(w.PUBACK, q2.pid, version=version))  # wrong kind for a QoS 2 message
    sub.send(w.ack(w.PUBCOMP, q2.pid, version=version))  # before PUBREC
    sub.send(w.ack(w.PUBACK, 4242, version=version))  # unknown
    sub.send(w.ack(w.PUBCOMP, 4243, version=version))  # unknown
    sub.send(w.ack(w.PUBREL, 4244, version=version))
    comp = sub.expect(w.PUBCOMP)
    assert comp.pid == 4244 and comp.reason == (0x92 if version == V5 else 0)
    sub.send(w.ack(w.PUBREC, 4245, version=version))
    rel = sub.expect(w.PUBREL)
    assert rel.pid == 4245 and rel.reason == (0x92 if version == V5 else 0)
    sub.send(w.ack(w.PUBREC, q2.pid, version=version))
    assert sub.expect(w.PUBREL).pid == q2.pid
    sub.send(w.ack(w.PUBCOMP, q2.pid, version=version))
    sub.send(w.ack(w.PUBACK, q1.pid, version=version))
    sub.send(w.PINGREQ_BYTES)
    sub.expect(w.PINGRESP)


@pytest.mark.parametrize("version", [V311, V5])
def test_incoming_qos2_duplicate_and_early_pubrel(clients, version):
    # [MQTT-4.3.3-9]/[MQTT-4.3.3-10]: a DUP of an unreleased message is not delivered again; a
    # PUBREL for an unknown id gets PUBCOMP (0x92 in v5).
    t = topic("dup")
    sub, _ = connected(clients, V311)
    subscribed(sub, t, 0)
    pub, _ = connected(clients, version)
    pub.send(w.publish(t, b"once", qos=2, pid=9, version=version))
    assert pub.expect(w.PUBREC).pid == 9
    pub.send(w.publish(t, b"once", qos=2, pid=9, dup=True, version=version))
    assert pub.expect(w.PUBREC).pid == 9
    pub.send(w.ack(w.PUBREL, 9, version=version))
    assert pub.expect(w.PUBCOMP).pid == 9
    pub.send(w.ack(w.PUBREL, 9, version=version))
    comp = pub.expect(w.PUBCOMP)
    assert comp.reason == (0x92 if version == V5 else 0)
    assert sub.expect(w.PUBLISH).payload == b"once"
    assert sub.nothing(0.5)

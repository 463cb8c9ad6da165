"""MQTT 3.1.1 / 5.0 packets as raw bytes over a plain socket, for conformance tests.

Independent of the project's C++ codec on purpose: what goes on the wire is written out here by
hand, so a bug shared by our encoder and decoder cannot hide itself. Strings may be given as bytes
to send invalid UTF-8.
"""
import socket
import struct
import time

CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP = 1, 2, 3, 4, 5, 6, 7
SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT, AUTH = 8, 9, 10, 11, 12, 13, 14, 15

# v5 property identifiers (MQTT 5.0 §2.2.2.2) and their data types.
PAYLOAD_FORMAT, MESSAGE_EXPIRY, CONTENT_TYPE, RESPONSE_TOPIC, CORRELATION_DATA = 0x01, 0x02, 0x03, 0x08, 0x09
SUBSCRIPTION_ID, SESSION_EXPIRY, ASSIGNED_CLIENT_ID, SERVER_KEEP_ALIVE = 0x0B, 0x11, 0x12, 0x13
AUTH_METHOD, REQUEST_PROBLEM_INFO, WILL_DELAY, REQUEST_RESPONSE_INFO, RESPONSE_INFO = 0x15, 0x17, 0x18, 0x19, 0x1A
REASON_STRING, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS, MAXIMUM_QOS = 0x1F, 0x21, 0x22, 0x23, 0x24
RETAIN_AVAILABLE, USER_PROPERTY, MAXIMUM_PACKET_SIZE = 0x25, 0x26, 0x27
WILDCARD_SUB_AVAILABLE, SUB_ID_AVAILABLE, SHARED_SUB_AVAILABLE = 0x28, 0x29, 0x2A

_BYTE = {0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A}
_U16 = {0x13, 0x21, 0x22, 0x23}
_U32 = {0x02, 0x11, 0x18, 0x27}
_VARINT = {0x0B}
_STRING = {0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F}
_BINARY = {0x09, 0x16}


def varint(n):
    out = bytearray()
    while True:
        b, n = n % 128, n // 128
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def string(s):
    raw = s if isinstance(s, bytes) else s.encode()
    return struct.pack("!H", len(raw)) + raw


def properties(props):
    """props: list of (id, value); user properties as (USER_PROPERTY, (key, value))."""
    body = bytearray()
    for pid, value in props or ():
        body += varint(pid)
        if pid in _BYTE:
            body.append(value)
        elif pid in _U16:
            body += struct.pack("!H", value)
        elif pid in _U32:
            body += struct.pack("!I", value)
        elif pid in _VARINT:
            body += varint(value)
        elif pid in _STRING or pid in _BINARY:
            body += string(value)
        elif pid == USER_PROPERTY:
            body += string(value[0]) + string(value[1])
        else:
            raise ValueError(f"unknown property {pid}")
    return varint(len(body)) + bytes(body)


def packet(first_byte, body):
    return bytes([first_byte]) + varint(len(body)) + body


def connect(client_id, version=4, clean=True, keepalive=60, will=None, username=None, password=None, props=None,
            flags=None):
    """will: dict(topic, payload, qos=0, retain=False, props=None). flags overrides the connect flags byte."""
    f = 0x02 if clean else 0
    payload = string(client_id)
    if will is not None:
        f |= 0x04 | (will.get("qos", 0) << 3) | (0x20 if will.get("retain") else 0)
        if version == 5:
            payload += properties(will.get("props"))
        payload += string(will["topic"]) + string(will.get("payload", b""))
    if username is not None:
        f |= 0x80
        payload += string(username)
    if password is not None:
        f |= 0x40
        payload += string(password)
    name = "MQIsdp" if version == 3 else "MQTT"
    head = string(name) + bytes([version, f if flags is None else flags]) + struct.pack("!H", keepalive)
    if version == 5:
        head += properties(props)
    return packet(0x10, head + payload)


def publish(topic, payload=b"", qos=0, retain=False, pid=None, dup=False, props=None, version=4):
    body = string(topic)
    if qos:
        body += struct.pack("!H", pid)
    if version == 5:
        body += properties(props)
    body += payload if isinstance(payload, bytes) else payload.encode()
    return packet(0x30 | (0x08 if dup else 0) | (qos << 1) | (1 if retain else 0), body)


def ack(kind, pid, reason=None, version=4):
    """PUBACK, PUBREC, PUBREL or PUBCOMP."""
    body = struct.pack("!H", pid)
    if version == 5 and reason is not None:
        body += bytes([reason])
    return packet((kind << 4) | (0x02 if kind == PUBREL else 0), body)


def subscribe(pid, entries, props=None, version=4):
    """entries: list of (filter, options byte)."""
    body = struct.pack("!H", pid)
    if version == 5:
        body += properties(props)
    for flt, opts in entries:
        body += string(flt) + bytes([opts])
    return packet(0x82, body)


def unsubscribe(pid, filters, version=4):
    body = struct.pack("!H", pid) + (properties(None) if version == 5 else b"")
    for flt in filters:
        body += string(flt)
    return packet(0xA2, body)


def disconnect(reason=None, props=None, version=4):
    if version != 5 or reason is None:
        return packet(0xE0, b"")
    return packet(0xE0, bytes([reason]) + (properties(props) if props else b""))


PINGREQ_BYTES = bytes([0xC0, 0])


class Packet:
    """A received packet, decoded as far as the tests need it."""

    def __init__(self, first, body, version):
        self.type, self.flags, self.body = first >> 4, first & 0x0F, body
        self.props, self.user_props = {}, []
        self.reason = 0
        self.pid = None
        pos = 0
        if self.type == CONNACK:
            self.session_present = bool(body[0] & 1)
            self.reason = body[1]
            if version == 5 and len(body) > 2:
                self._props(2)
        elif self.type == PUBLISH:
            self.qos, self.retain, self.dup = (self.flags >> 1) & 3, bool(self.flags & 1), bool(self.flags & 8)
            n = struct.unpack("!H", body[:2])[0]
            self.topic = body[2:2 + n].decode()
            pos = 2 + n
            if self.qos:
                self.pid = struct.unpack("!H", body[pos:pos + 2])[0]
                pos += 2
            if version == 5:
                pos = self._props(pos)
            self.payload = body[pos:]
        elif self.type in (PUBACK, PUBREC, PUBREL, PUBCOMP):
            self.pid = struct.unpack("!H", body[:2])[0]
            if len(body) > 2:
                self.reason = body[2]
            if len(body) > 3:
                self._props(3)
        elif self.type in (SUBACK, UNSUBACK):
            self.pid = struct.unpack("!H", body[:2])[0]
            pos = self._props(2) if version == 5 else 2
            self.codes = list(body[pos:])
        elif self.type == DISCONNECT:
            self.reason = body[0] if body else 0
            if len(body) > 1:
                self._props(1)

    def _props(self, pos):
        length, pos = _read_varint(self.body, pos)
        end = pos + length
        while pos < end:
            pid, pos = _read_varint(self.body, pos)
            if pid in _BYTE:
                value, pos = self.body[pos], pos + 1
            elif pid in _U16:
                value, pos = struct.unpack("!H", self.body[pos:pos + 2])[0], pos + 2
            elif pid in _U32:
                value, pos = struct.unpack("!I", self.body[pos:pos + 4])[0], pos + 4
            elif pid in _VARINT:
                value, pos = _read_varint(self.body, pos)
            elif pid in _STRING or pid in _BINARY:
                n = struct.unpack("!H", self.body[pos:pos + 2])[0]
                value, pos = self.body[pos + 2:pos + 2 + n], pos + 2 + n
                if pid in _STRING:
                    value = value.decode()
            elif pid == USER_PROPERTY:
                k = struct.unpack("!H", self.body[pos:pos + 2])[0]
                key = self.body[pos + 2:pos + 2 + k].decode()
                pos += 2 + k
                v = struct.unpack("!H", self.body[pos:pos + 2])[0]
                self.user_props.append((key, self.body[pos + 2:pos + 2 + v].decode()))
                pos += 2 + v
                continue
            else:
                raise AssertionError(f"unknown property id {pid:#x} from the server")
            if pid == SUBSCRIPTION_ID:
                self.props.setdefault(pid, []).append(value)
            else:
                self.props[pid] = value
        return end

    def __repr__(self):
        return f"<Packet type={self.type} reason={self.reason:#x} props={self.props}>"


def _read_varint(data, pos):
    n, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, pos


class Client:
    """One TCP connection speaking raw MQTT."""

    def __init__(self, port, version=4, timeout=5.0):
        self.version = version
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, deadline):
        self.sock.settimeout(max(0.01, deadline - time.time()))
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buf += chunk

    def recv(self, timeout=5.0):
        """The next packet; raises ConnectionError if the server closed, TimeoutError if none came."""
        deadline = time.time() + timeout
        while True:
            if len(self.buf) >= 2:
                length, pos = 0, 1
                complete_header = False
                for shift in range(4):
                    if pos >= len(self.buf):
                        break
                    b = self.buf[pos]
                    pos += 1
                    length |= (b & 0x7F) << (7 * shift)
                    if not b & 0x80:
                        complete_header = True
                        break
                if complete_header and len(self.buf) >= pos + length:
                    first, body = self.buf[0], self.buf[pos:pos + length]
                    self.buf = self.buf[pos + length:]
                    return Packet(first, body, self.version)
            try:
                self._fill(deadline)
            except socket.timeout:
                raise TimeoutError("no packet from the server") from None
            except ConnectionResetError:
                raise ConnectionError("reset by the server") from None

    def expect(self, kind, timeout=5.0):
        p = self.recv(timeout)
        assert p.type == kind, f"expected packet type {kind}, got {p!r}"
        return p

    def nothing(self, timeout=0.5):
        """True if no packet arrives within `timeout` (and the connection stays open)."""
        try:
            p = self.recv(timeout)
        except TimeoutError:
            return True
        raise AssertionError(f"unexpected packet {p!r}")

    def closed(self, timeout=5.0):
        """True once the server has closed the connection; packets before that are returned in .before_close."""
        self.before_close = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                self.before_close.append(self.recv(deadline - time.time()))
            except TimeoutError:  # a subclass of OSError: test it first
                return False
            except (ConnectionError, OSError):
                return True
        return False

    def connect(self, client_id, **kw):
        self.send(connect(client_id, version=self.version, **kw))
        return self.expect(CONNACK)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

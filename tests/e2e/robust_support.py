"""Helpers for the robustness tests: raw MQTT packets, a raw socket session, a database
prepared with extra properties, /proc figures of a running process."""
import os
import socket
import struct
import time
from pathlib import Path

import pytest

from symemu_process import SymemuServer

MQTT_SERVER = "{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}"
WEBHOOK_CONTROL = "{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}"
FULL = os.environ.get("SYMEMU_FULL_ROBUSTNESS") == "1"
# Under ASan (scripts/test --sanitize) freed memory sits in a quarantine: RSS says nothing.
SANITIZED = os.environ.get("SYMEMU_SANITIZED") == "1"


# --- MQTT wire format --------------------------------------------------------------------

def _s(b):
    return struct.pack(">H", len(b)) + b


def remaining_length(n):
    out = b""
    while True:
        d, n = n % 128, n // 128
        out += bytes([d | (0x80 if n else 0)])
        if not n:
            return out


def packet(ptype, flags, body):
    return bytes([(ptype << 4) | flags]) + remaining_length(len(body)) + body


def connect(client_id=b"raw", version=4, keepalive=60, clean=True):
    props = b"\x00" if version == 5 else b""
    body = _s(b"MQTT") + bytes([version, 0x02 if clean else 0]) + struct.pack(">H", keepalive) + props + _s(client_id)
    return packet(1, 0, body)


def publish(topic, payload, qos=0, pid=1, version=4, retain=False):
    body = _s(topic) + (struct.pack(">H", pid) if qos else b"") + (b"\x00" if version == 5 else b"") + payload
    return packet(3, (qos << 1) | int(retain), body)


def pubrel(pid):
    return packet(6, 2, struct.pack(">H", pid))


class RawClient:
    """One TCP connection speaking raw bytes; reads whole packets."""

    def __init__(self, port, timeout=5):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)
        return self

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def read_packet(self):
        """(type, flags, body); EOFError when the server closed the connection."""
        while True:
            if len(self.buf) >= 2:
                mult, n, i = 1, 0, 1
                while i < len(self.buf):
                    b = self.buf[i]
                    n += (b & 0x7F) * mult
                    mult *= 128
                    i += 1
                    if not b & 0x80:
                        if len(self.buf) >= i + n:
                            head, body = self.buf[0], self.buf[i:i + n]
                            self.buf = self.buf[i + n:]
                            return head >> 4, head & 0x0F, body
                        break
            self._fill()

    def connack(self):
        ptype, _, body = self.read_packet()
        assert ptype == 2, f"expected CONNACK, got type {ptype}"
        return body

    def packets_until_close(self, limit=1000):
        """Every packet the server sends before it closes the connection."""
        got = []
        try:
            while len(got) < limit:
                got.append(self.read_packet())
        except (EOFError, ConnectionResetError):
            return got
        raise AssertionError(f"server kept the connection open after {limit} packets")

    def close(self):
        self.sock.close()


# --- servers with prepared databases --------------------------------------------------------

def prepared_server(db, configure, binary_name="symemu_testserve", extra_args=()):
    """Creates the database with one serve run, then sets properties through the Python
    module (configure(kernel)), and returns a started SymemuServer on it."""
    symemu = pytest.importorskip("symemu")
    SymemuServer(db, binary_name=binary_name, extra_args=extra_args).start().stop()
    k = symemu.Kernel(db=str(db))
    try:
        configure(k)
        k.commit()
    finally:
        k.close()
    return SymemuServer(db, binary_name=binary_name, extra_args=extra_args).start()


def configure_first(kernel, module_id, config):
    iid = kernel.get_instance_list_by_module_id(module_id)[0]
    kernel.set_configuration(iid, config)
    kernel.apply_changes(iid)
    return iid


# --- process figures ----------------------------------------------------------------------

def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def thread_count(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def settle(measure, pid, target, timeout=10):
    """Waits until measure(pid) <= target (resources freed asynchronously); returns the value."""
    deadline = time.time() + timeout
    value = measure(pid)
    while value > target and time.time() < deadline:
        time.sleep(0.1)
        value = measure(pid)
    return value

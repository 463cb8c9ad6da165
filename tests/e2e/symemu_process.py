"""Starts `symemu serve` (or symemu_testserve) as a real process on free loopback ports."""
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("SYMEMU_BUILD", ROOT / "build"))


def binary(name="symemu"):
    path = BUILD / "bin" / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build the project first (scripts/test)")
    return str(path)


class SymemuServer:
    """One `serve` process. Use as a context manager; stop() checks it exits cleanly."""

    def __init__(self, db, binary_name="symemu", extra_args=(), env=None):
        self.db = str(db)
        self.args = [binary(binary_name), "serve", "--db", self.db, "--bind", "127.0.0.1",
                     "--mqtt-port", "0", "--http-port", "0", "--https-port", "0", *extra_args]
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.mqtt_port = self.http_port = self.https_port = None

    def start(self, timeout=20):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env)
        deadline = time.time() + timeout
        line = ""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("symemu: ready"):
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"symemu exited early ({self.proc.returncode}): {self.proc.stderr.read()}")
        else:
            raise TimeoutError("symemu did not print its ready line")
        ports = dict(re.findall(r"(mqtt|http|https)=[^ :]+:(\d+)", line))
        self.mqtt_port = int(ports["mqtt"])
        self.http_port = int(ports["http"])
        self.https_port = int(ports["https"])
        return self

    @property
    def certificate(self):
        return str(Path(self.db).parent / "symemu-cert.pem")

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        return self.proc.returncode

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stderr(self):
        return self.proc.stderr.read() if self.proc and self.proc.poll() is not None else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        code = self.stop()
        assert code == 0, f"symemu did not stop cleanly (exit {code}): {self.stderr()}"


def committed_rows(db, sql, params=()):
    """The rows of a query on the SQLite file opened read-only, as another process sees it: what
    is committed."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def variable_value(db, ident):
    """Reads a variable straight from the SQLite file (what is committed), by ident."""
    rows = committed_rows(db, "SELECT v.value FROM variables v JOIN objects o ON o.id = v.id WHERE o.ident = ?",
                          (ident,))
    return rows[0][0] if rows else None


def wait_for(predicate, timeout=10, interval=0.02):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()

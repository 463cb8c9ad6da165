"""Helpers for the API tests: curl, JSON-RPC bodies, sockets from a "remote" loopback address."""
import json
import socket
import subprocess
from pathlib import Path

from symemu_process import ROOT

EXAMPLES = ROOT / "fixtures" / "examples"
CONFIGURATOR_ID = "{BD958F0D-F463-4101-939D-09A85B058652}"
SMART_METER_ID = "{5E03067E-965F-40F7-BB77-CCA01A88EDD6}"
REMOTE = "127.0.0.2"  # not 127.0.0.1: the API treats it as a remote caller
VM_UPDATE = 10603


def rpc(method, *params, id=1):
    return {"jsonrpc": "2.0", "method": method, "params": list(params), "id": id}


def curl(url, body, *extra):
    """POSTs body (str or JSON-able) with curl; returns (http_status, parsed JSON or text)."""
    data = body if isinstance(body, str) else json.dumps(body)
    out = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                          "--data-binary", "@-", *extra, url], input=data, capture_output=True, text=True, timeout=30)
    text, _, status = out.stdout.rpartition("\n")
    try:
        return int(status), json.loads(text) if text.strip() else None
    except ValueError:
        return int(status), text


def publish(port, topic, path, qos="1"):
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-t", topic, "-f", str(path), "-q", qos],
                   check=True, timeout=10)


def remote_socket(port, host="127.0.0.1"):
    """A TCP connection to the server from REMOTE (any 127/8 address is ours on Linux)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((REMOTE, 0))
    s.connect((host, port))
    return s


def api_url(server, secure=False):
    return f"https://127.0.0.1:{server.https_port}/api/" if secure else f"http://127.0.0.1:{server.http_port}/api/"

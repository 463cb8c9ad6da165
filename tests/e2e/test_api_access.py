"""Who may call the API: loopback callers without credentials, others (here 127.0.0.2, which the
server counts as remote) only with Basic auth; wrong credentials never say which part was wrong;
passwords appear in no log and no recording."""
import base64
import http.client
import json

import pytest
import websocket

from api_support import REMOTE, api_url, curl, remote_socket, rpc
from symemu_process import SymemuServer

PASSWORD = "pa55-w0rd-not-in-logs"


def remote_call(server, auth=None, method="IPS_GetName", params=(0,)):
    """One JSON-RPC call over a connection from REMOTE with http.client."""
    conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10, source_address=(REMOTE, 0))
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    try:
        conn.request("POST", "/api/", body=json.dumps(rpc(method, *params)), headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read()), response.getheader("WWW-Authenticate")
    finally:
        conn.close()


def test_remote_callers_are_refused_until_credentials_are_configured(tmp_path):
    with SymemuServer(tmp_path / "a.db", binary_name="symemu") as server:
        status, answer, challenge = remote_call(server)
        assert status == 401 and challenge.startswith("Basic")
        assert "--api-user" in answer["error"]["message"] and "--api-password" in answer["error"]["message"]
        # loopback needs nothing
        assert curl(api_url(server), rpc("IPS_GetName", 0))[1]["result"] == "IP-Symcon"
        # curl from the remote address sees the same refusal
        status, answer = curl(api_url(server), rpc("IPS_GetName", 0), "--interface", REMOTE)
        assert status == 401


def test_credentials_right_wrong_and_missing(tmp_path):
    record = tmp_path / "rec.jsonl"
    args = ("--api-user", "admin", "--api-password", PASSWORD, "--record", str(record))
    server = SymemuServer(tmp_path / "b.db", binary_name="symemu", extra_args=args).start()
    try:
        assert remote_call(server)[0] == 401
        status, wrong_password, _ = remote_call(server, ("admin", "guess"))
        status2, wrong_user, _ = remote_call(server, ("root", PASSWORD))
        assert status == status2 == 401
        assert wrong_password == wrong_user  # never tells which part was wrong
        status, answer, _ = remote_call(server, ("admin", PASSWORD))
        assert status == 200 and answer["result"] == "IP-Symcon"
        # loopback still needs nothing (--api-auth remote is the default)
        assert curl(api_url(server), rpc("IPS_GetName", 0))[0] == 200
        # curl with --user from the remote address
        status, answer = curl(api_url(server), rpc("IPS_GetKernelVersion"), "--interface", REMOTE,
                              "--user", f"admin:{PASSWORD}")
        assert status == 200 and answer["result"] == "8.1"
        # the WebSocket follows the same rules
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(f"ws://127.0.0.1:{server.http_port}/api/", timeout=5,
                                        socket=remote_socket(server.http_port))
        assert refused.value.status_code == 401
        token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
        ws = websocket.create_connection(f"ws://127.0.0.1:{server.http_port}/api/", timeout=5,
                                         socket=remote_socket(server.http_port),
                                         header=[f"Authorization: Basic {token}"])
        ws.close()
    finally:
        assert server.stop() == 0
    log = server.stderr()
    assert PASSWORD not in log
    assert PASSWORD not in record.read_text()
    assert token not in record.read_text()


def test_auth_all_asks_loopback_callers_too(tmp_path):
    args = ("--api-user", "admin", "--api-password", PASSWORD, "--api-auth", "all")
    with SymemuServer(tmp_path / "c.db", binary_name="symemu", extra_args=args) as server:
        status, answer = curl(api_url(server), rpc("IPS_GetName", 0))
        assert status == 401 and answer["error"]["code"] == -32000
        status, answer = curl(api_url(server), rpc("IPS_GetName", 0), "--user", f"admin:{PASSWORD}")
        assert status == 200 and answer["result"] == "IP-Symcon"


def test_bad_access_options_are_usage_errors(tmp_path):
    import subprocess

    from symemu_process import binary

    for args in (["--api-user", "u"], ["--api-auth", "all"], ["--api-auth", "some"]):
        out = subprocess.run([binary(), "serve", "--db", str(tmp_path / "x.db"), *args], capture_output=True,
                             text=True, timeout=20)
        assert out.returncode == 2, args
        assert "--api" in out.stderr

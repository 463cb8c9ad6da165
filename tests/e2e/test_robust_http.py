"""Bad HTTP input against a SmartLogHTTPS hook of `symemu serve` over HTTPS: each request is
refused with the right status, the stored tree stays exactly as it was, and a stalled client
blocks nobody else."""
import base64
import socket
import ssl
import time

import pytest

from robust_support import WEBHOOK_CONTROL, configure_first, prepared_server
from symemu_process import ROOT, committed_rows

REPORT = (ROOT / "fixtures" / "examples" / "example5.json").read_bytes()
HOOK = "/hook/smartlog/SL-000123"
GOOD_AUTH = "Basic " + base64.b64encode(b"logger:secret").decode()
MAX_BODY = 65536
TIMEOUT = 2


def prepare(k):
    configure_first(k, WEBHOOK_CONTROL, {"MaxBodyBytes": MAX_BODY, "TimeoutSeconds": TIMEOUT})
    gw = k.create_instance("SmartLogHTTPS")
    k.set_configuration(gw, {"SmartLogID": "SL-000123", "WebHookUsername": "logger", "WebHookPassword": "secret",
                             "AutoCreateMeters": True})
    k.apply_changes(gw)


@pytest.fixture(scope="module")
def hook_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("robust_http") / "https.db"
    server = prepared_server(db, prepare, binary_name="symemu")
    ctx = ssl.create_default_context(cafile=server.certificate)
    state = {"server": server, "ctx": ctx}
    assert status(state, request("POST", body=REPORT)) == 200  # the baseline report
    state["tree"] = stored_tree(server.db)
    assert len(state["tree"]) >= 5
    yield state
    assert server.stop() == 0, server.stderr()


def stored_tree(db):
    """Every committed variable value, as the database holds it."""
    return dict(committed_rows(db, "SELECT id, value FROM variables"))


def request(method, body=b"", auth=GOOD_AUTH, headers=None, path=HOOK):
    head = [f"{method} {path} HTTP/1.1", "Host: localhost", "Connection: close"]
    if auth:
        head.append(f"Authorization: {auth}")
    if headers is None:
        headers = [f"Content-Length: {len(body)}", "Content-Type: application/json"]
    return ("\r\n".join(head + headers) + "\r\n\r\n").encode() + body


def connect_tls(state, timeout=10):
    raw = socket.create_connection(("127.0.0.1", state["server"].https_port), timeout=timeout)
    return state["ctx"].wrap_socket(raw, server_hostname="localhost")


def status(state, data):
    """Sends raw request bytes over TLS; the status code of the answer, 0 when closed without one."""
    with connect_tls(state) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # refused before all of it was read
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except (ConnectionResetError, ssl.SSLError):
            pass
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0


CHUNKED = ["Transfer-Encoding: chunked", "Content-Type: application/json"]
CASES = [
    ("no Basic auth", request("POST", REPORT, auth=None), 401),
    ("wrong password", request("POST", REPORT, auth="Basic " + base64.b64encode(b"logger:wrong").decode()), 401),
    ("wrong user", request("POST", REPORT, auth="Basic " + base64.b64encode(b"admin:secret").decode()), 401),
    ("malformed Basic credential", request("POST", REPORT, auth="Basic ***notbase64***"), 401),
    ("not Basic", request("POST", REPORT, auth="Bearer abc"), 401),
    ("body over the limit", request("POST", b"{" + b" " * MAX_BODY + b"}"), 413),
    ("announced body over the limit", request("POST", headers=[f"Content-Length: {MAX_BODY * 100}"]), 413),
    ("chunked body over the limit", request("POST", b"%x\r\n" % (MAX_BODY * 2) + b"x" * 100, headers=CHUNKED), 413),
    ("malformed chunk size", request("POST", b"zz\r\n{}\r\n0\r\n\r\n", headers=CHUNKED), 400),
    # A body that stops short while the connection stays open is a stalled client: 408.
    ("chunk shorter than announced", request("POST", b"ff\r\n{}\r\n0\r\n\r\n", headers=CHUNKED), 408),
    ("chunk without CRLF", request("POST", b"2\r\n{}XX0\r\n\r\n", headers=CHUNKED), 400),
    ("wrong method GET", request("GET"), 405),
    ("wrong method PUT", request("PUT", REPORT), 405),
    ("non-JSON body", request("POST", b"this is not JSON"), 400),
    ("truncated JSON", request("POST", REPORT[: len(REPORT) // 2]), 400),
    ("JSON without muc", request("POST", b'{"meter": []}'), 400),
    ("body shorter than Content-Length", request("POST", headers=["Content-Length: 50"]) + b"{}", 408),
]


@pytest.mark.parametrize("name,data,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_request_is_refused_and_the_tree_is_untouched(hook_server, name, data, expected):
    assert status(hook_server, data) == expected
    assert stored_tree(hook_server["server"].db) == hook_server["tree"]


def test_a_stalled_client_blocks_nobody_and_is_cut_off(hook_server):
    staller = connect_tls(hook_server)
    staller.sendall(request("POST", headers=["Content-Length: 1000"]) + b'{"muc": ')  # then nothing
    started = time.time()
    # Another logger's report goes through meanwhile.
    assert status(hook_server, request("POST", body=REPORT)) == 200
    assert time.time() - started < TIMEOUT
    staller.settimeout(TIMEOUT * 4)
    answer = b""
    try:
        while chunk := staller.recv(65536):
            answer += chunk
    except (ConnectionResetError, ssl.SSLError):
        pass
    staller.close()
    waited = time.time() - started
    assert answer == b"" or answer.split(b" ", 2)[1] in (b"400", b"408"), answer[:80]
    assert TIMEOUT * 0.8 <= waited < TIMEOUT * 4, waited
    tree = stored_tree(hook_server["server"].db)
    assert tree.keys() == hook_server["tree"].keys()  # the half report created nothing

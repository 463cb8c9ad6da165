"""POST /api/ with curl over HTTP and HTTPS: single calls, batches, notifications, every error
class, bodies that are too large or not JSON, and calls that fail changing nothing."""
import json

import pytest

from api_support import CONFIGURATOR_ID, api_url, curl, rpc
from symemu_process import SymemuServer, committed_rows


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with SymemuServer(tmp_path_factory.mktemp("api") / "api.db", binary_name="symemu") as s:
        yield s


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_single_batch_and_failing_calls_with_curl(server, secure):
    url = api_url(server, secure)
    tls = ("--cacert", server.certificate) if secure else ()
    status, answer = curl(url, rpc("IPS_GetObject", 0, id=7), *tls)
    assert status == 200
    assert answer["jsonrpc"] == "2.0" and answer["id"] == 7
    root = answer["result"]
    assert list(root)[:4] == ["ObjectID", "ObjectType", "ObjectName", "ObjectIdent"]
    assert root["ObjectName"] == "IP-Symcon" and root["ParentID"] == 0 and root["HasChildren"] is True

    status, answers = curl(url, [rpc("IPS_CreateCategory", id=1), rpc("IPS_GetObject", 99999, id=2),
                                 rpc("IPS_GetKernelVersion", id=3)], *tls)
    assert status == 200 and [a["id"] for a in answers] == [1, 2, 3]
    category = answers[0]["result"]
    assert isinstance(category, int) and 10000 <= category <= 59999
    assert answers[1]["error"] == {"code": -32603, "message": "Object #99999 does not exist"}
    assert answers[2]["result"] == "8.1"

    status, answer = curl(url, rpc("IPS_SetName", category, "Kitchen"), *tls)
    assert answer["result"] is True
    assert curl(url, rpc("IPS_GetName", category), *tls)[1]["result"] == "Kitchen"


def test_every_json_rpc_error_class(server):
    url = api_url(server)
    cases = [
        ("{nope", -32700),
        ("[]", -32600),
        (json.dumps({"method": "IPS_GetName", "params": [0], "id": 1}), -32600),
        (json.dumps({"jsonrpc": "2.0", "method": "IPS_NoSuchFunction", "id": 1}), -32601),
        (json.dumps({"jsonrpc": "2.0", "method": "XYZ_Foo", "params": [1], "id": 1}), -32601),
        (json.dumps({"jsonrpc": "2.0", "method": "IPS_GetName", "params": [0, 1], "id": 1}), -32602),
        (json.dumps({"jsonrpc": "2.0", "method": "IPS_GetName", "params": ["0"], "id": 1}), -32602),
        (json.dumps({"jsonrpc": "2.0", "method": "IPS_GetName", "params": {"ID": 0}, "id": 1}), -32602),
        (json.dumps(rpc("IPS_DeleteCategory", 0)), -32603),
    ]
    for body, code in cases:
        status, answer = curl(url, body)
        assert status == 200, body
        assert answer["error"]["code"] == code, (body, answer)
        assert answer["error"]["message"], body
    # an integer where Symcon wants a float is refused, and nothing changes
    var = curl(url, rpc("IPS_CreateVariable", 2))[1]["result"]
    status, answer = curl(url, rpc("SetValueFloat", var, 21))
    assert answer["error"] == {"code": -32602,
                               "message": "SetValueFloat(): Argument #2 ($Value) must be of type float, int given"}
    assert curl(url, rpc("GetValue", var))[1]["result"] == 0.0
    assert curl(url, rpc("SetValueFloat", var, 21.0))[1]["result"] is True
    assert curl(url, rpc("GetValue", var))[1]["result"] == 21.0


def test_notifications_are_run_and_not_answered(server):
    url = api_url(server)
    before = curl(url, rpc("IPS_GetObjectList"))[1]["result"]
    status, answer = curl(url, [{"jsonrpc": "2.0", "method": "IPS_CreateCategory"}])
    assert status == 204 and answer is None
    after = curl(url, rpc("IPS_GetObjectList"))[1]["result"]
    assert len(after) == len(before) + 1


def test_too_large_not_post_and_not_json(server):
    url = api_url(server)
    status, answer = curl(url, json.dumps(rpc("IPS_SetName", 0, "x" * (2 * 1024 * 1024))))
    assert status == 413
    assert answer["error"]["code"] == -32600 and "larger than 1048576 bytes" in answer["error"]["message"]
    status, answer = curl(url, "", "-X", "GET")
    assert status == 405 and answer["error"]["code"] == -32600
    status, answer = curl(url, "\x00\xff binary")
    assert status == 200 and answer["error"]["code"] == -32700
    # the server is fine afterwards
    assert curl(url, rpc("IPS_GetName", 0))[1]["result"] == "IP-Symcon"


def test_a_failed_call_changes_nothing(server):
    url = api_url(server)
    a = curl(url, rpc("IPS_CreateCategory"))[1]["result"]
    b = curl(url, rpc("IPS_CreateCategory"))[1]["result"]
    c = curl(url, rpc("IPS_CreateCategory"))[1]["result"]
    curl(url, rpc("IPS_SetIdent", b, "Same"))
    curl(url, rpc("IPS_SetParent", b, a))
    curl(url, rpc("IPS_SetIdent", c, "Same"))
    status, answer = curl(url, rpc("IPS_SetParent", c, a))
    assert answer["error"]["message"] == "Ident must be unique for each category"
    assert curl(url, rpc("IPS_GetObject", c))[1]["result"]["ParentID"] == 0
    assert curl(url, rpc("IPS_GetChildrenIDs", a))[1]["result"] == [b]
    status, answer = curl(url, rpc("IPS_CreateInstance", "{00000000-0000-0000-0000-000000000000}"))
    assert answer["error"]["code"] == -32603
    configurators = curl(url, rpc("IPS_GetInstanceListByModuleID", CONFIGURATOR_ID))[1]["result"]
    assert configurators == []


def test_a_result_is_committed_when_it_arrives(server):
    url = api_url(server)
    cat = curl(url, rpc("IPS_CreateCategory"))[1]["result"]
    curl(url, rpc("IPS_SetName", cat, "Durable"))
    assert committed_rows(server.db, "SELECT name FROM objects WHERE id = ?", (cat,)) == [("Durable",)]


def test_a_broken_websocket_handshake_gets_400_and_the_server_goes_on(server):
    import socket

    s = socket.create_connection(("127.0.0.1", server.http_port), timeout=10)
    try:
        s.sendall(b"GET /api/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")  # no key
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    finally:
        s.close()
    assert answer.startswith(b"HTTP/1.1 400")
    assert curl(api_url(server), rpc("IPS_GetName", 0))[1]["result"] == "IP-Symcon"


def test_random_bodies_never_hurt_the_server(server):
    """Garbage, truncated requests and odd values on one keep-alive connection: every answer is a
    JSON-RPC answer, and the tree is as before."""
    import http.client
    import random

    rng = random.Random(1234)
    url = api_url(server)
    before = curl(url, rpc("IPS_GetObjectList"))[1]["result"]
    good = json.dumps(rpc("IPS_GetName", 0))
    odd_values = [None, True, -1, 2 ** 63 - 1, 1e308, "x" * 1000, [], {}, [[1]], "\u00e4\u0000"]
    conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10)
    try:
        for i in range(300):
            kind = i % 3
            if kind == 0:
                body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
            elif kind == 1:
                body = good[: rng.randrange(len(good))].encode()
            else:
                method = rng.choice(["IPS_GetName", "IPS_GetObject", "GetValue", "IPS_SetName", "SM_CreateAll", ""])
                params = [rng.choice(odd_values) for _ in range(rng.randrange(4))]
                body = json.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": i}).encode()
            conn.request("POST", "/api/", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            answer = json.loads(response.read())
            assert response.status == 200, body
            assert "result" in answer or answer["error"]["code"] in (-32700, -32600, -32601, -32602, -32603), body
            if "result" in answer:
                assert kind == 2 and method in ("IPS_GetName", "IPS_GetObject", "GetValue"), body
    finally:
        conn.close()
    assert curl(url, rpc("IPS_GetObjectList"))[1]["result"] == before

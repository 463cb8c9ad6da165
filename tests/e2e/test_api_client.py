"""symemu.Client (pure Python: http.client + python3-websocket) against `symemu serve`."""
import time

import pytest

symemu = pytest.importorskip("symemu")  # the package (Client is pure Python, Kernel native)
from api_support import EXAMPLES, VM_UPDATE, api_url, publish
from symemu_process import SymemuServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with SymemuServer(tmp_path_factory.mktemp("client") / "client.db", binary_name="symemu",
                      extra_args=("--auto-create",)) as s:
        yield s


def test_call_and_attribute_access_return_the_python_records(server):
    with symemu.Client(api_url(server)) as client:
        root = client.IPS_GetObject(0)
        assert root == client.call("IPS_GetObject", 0)
        assert root["ObjectName"] == "IP-Symcon"
        # the same record the in-process binding returns: same fields, same order
        with symemu.Kernel() as k:
            assert list(root) == list(k.get_object(0))
        cat = client.IPS_CreateCategory()
        assert client.IPS_SetName(cat, "Kitchen") is True
        assert client.IPS_GetName(cat) == "Kitchen"
        with pytest.raises(symemu.ApiError) as e:
            client.IPS_GetObject(99999)
        assert e.value.code == -32603 and e.value.message == "Object #99999 does not exist"
        with pytest.raises(symemu.ApiError) as e:
            client.SetValueFloat(cat, 1)
        assert e.value.code == -32602
        results = client.batch([("IPS_GetName", 0), ("IPS_GetObject", 99999), ("IPS_GetKernelVersion",)])
        assert results[0] == "IP-Symcon" and isinstance(results[1], symemu.ApiError) and results[2] == "8.1"


def test_https_with_the_emulators_certificate(server):
    client = symemu.Client(api_url(server, secure=True), cafile=server.certificate)
    assert client.IPS_GetKernelVersion() == "8.1"
    assert symemu.Client(api_url(server, secure=True), verify=False).IPS_GetName(0) == "IP-Symcon"


def test_messages_iterator_sees_a_report_arrive(server):
    publish(server.mqtt_port, "SmartLog/SL-000123", EXAMPLES / "example5.json")
    client = symemu.Client(api_url(server))
    with client.messages(timeout=5) as stream:
        start = time.monotonic()
        publish(server.mqtt_port, "SmartLog/SL-000123", EXAMPLES / "example5.json")
        for message in stream:
            if message["Message"] == VM_UPDATE:
                break
        assert time.monotonic() - start < 0.5
        assert isinstance(client.GetValue(message["SenderID"]), (int, float, str, bool))


def test_the_stream_over_https(server):
    client = symemu.Client(api_url(server, secure=True), cafile=server.certificate)
    with client.messages(timeout=5) as stream:
        var = client.IPS_CreateVariable(3)
        client.SetValueString(var, "über")
        for message in stream:
            if message["Message"] == VM_UPDATE and message["SenderID"] == var:
                break
        assert message["Data"][0] == "über"

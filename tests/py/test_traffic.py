"""mqtt_publish and http_request: traffic that enters the MQTT Server and WebHook Control in process."""
import json
import sqlite3

import pytest

import symemu

MQTT_SERVER = "MQTT Server"
WEBHOOK_CONTROL = "WebHook Control"


def test_first_publish_creates_the_default_chains_once(kernel):
    assert kernel.get_instance_list_by_module_id(MQTT_SERVER) == []
    kernel.mqtt_publish("some/topic", b"x")
    kernel.mqtt_publish("some/topic", b"y")
    [mqtt] = kernel.get_instance_list_by_module_id(MQTT_SERVER)
    [webhook] = kernel.get_instance_list_by_module_id(WEBHOOK_CONTROL)
    socket = kernel.get_instance(mqtt)["ConnectionID"]
    assert kernel.get_name(socket) == "MQTT Server Socket"
    assert kernel.get_property(socket, "Open") is True
    assert kernel.ensure_default_chains() == {"mqtt_server": mqtt, "server_socket": socket, "webhook_control": webhook}


def test_ensure_default_chains_with_auto_create_adds_one_discovery(kernel):
    chains = kernel.ensure_default_chains(auto_create=True)
    kernel.ensure_default_chains(auto_create=True)
    [discovery] = kernel.get_instance_list_by_module_id("SmartLogDiscovery")
    assert kernel.get_instance(discovery)["ConnectionID"] == chains["mqtt_server"]


def test_publish_reaches_the_mqtt_servers_children(smartlog, example):
    smartlog.publish(example(1), meter_id="19032401")
    assert [r["MeterId"] for r in smartlog.rows()] == ["19032401"]
    assert smartlog.last_message_time() == "2025-03-14 10:15:00"


@pytest.mark.parametrize("as_type", [bytes, str, dict])
def test_payload_may_be_bytes_str_or_dict(smartlog, example, as_type):
    report = example(2)
    payload = {bytes: json.dumps(report).encode(), str: json.dumps(report), dict: report}[as_type]
    smartlog.kernel.mqtt_publish(smartlog.topic("00000263"), payload, qos=1)
    assert [r["MeterId"] for r in smartlog.rows()] == ["00000263"]


@pytest.mark.parametrize("qos", [0, 1, 2])
def test_every_qos_is_committed_before_publish_returns(tmp_path, example, qos):
    db = tmp_path / "qos.db"
    with symemu.Kernel(db, seed=1) as k:
        k.ensure_default_chains(auto_create=True)
        k.mqtt_publish("SmartLog/SL-000123/19032401", example(1), qos=qos, client_id="SL-000123")
        # Another connection sees only committed data: the new meter is on disk already.
        with sqlite3.connect(db) as other:
            names = {row[0] for row in other.execute("SELECT name FROM objects")}
        assert "19032401 (Electricity)" in names


def test_payload_of_another_type_is_a_type_error(kernel):
    with pytest.raises(TypeError, match="payload must be bytes, str, dict or list, not int"):
        kernel.mqtt_publish("a/b", 5)


def test_refused_publishes_raise_and_the_kernel_goes_on(kernel):
    with pytest.raises(symemu.KernelError, match="QoS must be 0, 1 or 2"):
        kernel.mqtt_publish("a/b", b"x", qos=3)
    with pytest.raises(symemu.KernelError, match="wildcard in PUBLISH topic 'a/#'"):
        kernel.mqtt_publish("a/#", b"x")
    kernel.mqtt_publish("a/b", b"x")  # a new session for the same client ID works again


def test_publish_logs_in_with_the_servers_credentials(kernel, example):
    mqtt = kernel.ensure_default_chains(auto_create=True)["mqtt_server"]
    kernel.set_configuration(mqtt, {"UserName": "logger", "Password": "secret"})
    kernel.apply_changes(mqtt)
    kernel.mqtt_publish("SmartLog/SL-000123/19032401", example(1), qos=1, client_id="SL-000123")
    assert kernel.get_object_id_by_path("SmartMetering/SmartLog SL-000123/SmartLog SL-000123")


def test_unknown_hook_is_404_and_the_response_has_helpers(kernel):
    r = kernel.http_request("GET", "/hook/nothing?x=1")
    assert isinstance(r, symemu.HttpResponse)
    assert r.status == 404
    assert r.body == b"No hook for /hook/nothing"
    assert r.text == "No hook for /hook/nothing"
    assert r.header("content-type") == r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.header("X-Missing") is None
    assert "404" in repr(r)
    with pytest.raises(ValueError):
        r.json()


@pytest.fixture
def https_logger(kernel):
    logger = kernel.create_instance("SmartLogHTTPS", "Logger")
    kernel.set_configuration(logger, {"SmartLogID": "SL-000123", "WebHookUsername": "logger",
                                      "WebHookPassword": "secret"})
    kernel.apply_changes(logger)
    return logger


def test_json_body_with_basic_auth_reaches_the_hook(kernel, https_logger, example):
    r = kernel.http_request("POST", "/hook/smartlog/SL-000123", example(5), auth=("logger", "secret"))
    assert (r.status, r.text) == (200, "OK")
    assert "03006175" in kernel.get_attribute(https_logger, "Meters")


def test_path_is_percent_decoded_like_the_http_server_does(kernel, https_logger, example):
    r = kernel.http_request("POST", "/hook/smartlog/SL%2D000123", example(5), auth=("logger", "secret"))
    assert r.status == 200


def test_explicit_headers_and_bytes_body(kernel, https_logger, example):
    body = json.dumps(example(5)).encode()
    r = kernel.http_request("POST", "/hook/smartlog/SL-000123", body, headers={"Content-Type": "text/plain"},
                            auth=("logger", "secret"))
    assert r.status == 200
    r = kernel.http_request("GET", "/hook/smartlog/SL-000123", auth=("logger", "secret"))
    assert (r.status, r.header("Allow")) == (405, "POST")


@pytest.mark.parametrize("kwargs, message", [
    ({"body": 5}, "body must be bytes, str, dict or list, not int"),
    ({"headers": ["Content-Type"]}, "headers must be a mapping"),
    ({"headers": {1: "x"}}, "header names must be str"),
    ({"auth": ("only-user",)}, "auth must be a \\(user, password\\) pair"),
    ({"auth": "user:password"}, "auth must be a \\(user, password\\) pair"),
])
def test_bad_request_arguments_are_type_errors(kernel, kwargs, message):
    with pytest.raises(TypeError, match=message):
        kernel.http_request("POST", "/hook/x", **kwargs)


def test_calls_on_a_closed_kernel_raise(kernel):
    kernel.close()
    for call in (lambda: kernel.mqtt_publish("a", b"x"), lambda: kernel.http_request("GET", "/hook/x"),
                 lambda: kernel.configurator_rows(1), lambda: kernel.replay("x.jsonl"),
                 kernel.ensure_default_chains):
        with pytest.raises(symemu.KernelError, match="^kernel is closed$"):
            call()

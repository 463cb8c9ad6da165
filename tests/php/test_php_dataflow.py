"""Mixed chains: PHP and C++ modules in one data flow, both directions; JSON text is the contract."""
import json

import pytest

import symemu
from php_helpers import errors, lib


@pytest.fixture
def mixed():
    with symemu.Kernel(seed=5, libraries=[lib("flow"), symemu.TEST_LIBRARY]) as k:
        yield k


def text_of(k, instance):
    return k.get_value(k.get_object_id_by_ident("Text", instance))


def test_php_splitter_parents_cpp_devices(mixed):
    k = mixed
    bus = k.create_instance("PHP Bus", "Bus")
    a = k.create_instance(symemu.TEST_DEVICE_ID, "A")
    b = k.create_instance(symemu.TEST_DEVICE_ID, "B")
    k.connect_instance(a, bus)
    k.connect_instance(b, bus)
    # C++ device -> PHP splitter ForwardData -> SendDataToChildren -> both C++ devices
    assert k.call("PYTD_Send", a, "hi") == "php:hi:0"
    assert (text_of(k, a), text_of(k, b)) == ("bus:hi", "bus:hi")
    assert k.call("PBUS_Forwarded", bus) == 1


def test_php_devices_under_a_cpp_splitter_with_receive_filters(mixed):
    k = mixed
    bus = k.create_instance(symemu.TEST_SPLITTER_ID, "C++ Bus")
    picky = k.create_instance("PHP Bus Device", "Picky")
    k.set_property(picky, "Accept", "only/this")
    k.apply_changes(picky)
    open_ = k.create_instance("PHP Bus Device", "Open")
    for d in (picky, open_):
        k.connect_instance(d, bus)
    assert k.call("PBDV_Send", open_, "hello") == "ok:hello"  # the C++ splitter's answer
    assert (text_of(k, picky), text_of(k, open_)) == ("", "hello")
    k.call("PBDV_Send", open_, "only/this one")
    assert text_of(k, picky) == "only/this one"


def test_php_splitter_and_php_devices(mixed):
    k = mixed
    bus = k.create_instance("PHP Bus", "Bus")
    d = k.create_instance("PHP Bus Device", "D")
    k.connect_instance(d, bus)
    assert k.call("PBDV_Send", d, "x") == "php:x:1"  # the device answered 'seen'
    assert text_of(k, d) == "bus:x"


def test_php_mqtt_device_gets_utf8_mapped_payloads_from_the_cpp_mqtt_server():
    with symemu.Kernel(seed=2, libraries=[lib("flow")]) as k:
        k.ensure_default_chains()
        dev = k.create_instance("PHP MQTT Device", "Dev")
        strict = k.create_instance("PHP MQTT Strict Device", "Strict")
        server = k.get_instance(dev)["ConnectionID"]
        assert k.get_instance(server)["ModuleInfo"]["ModuleName"] == "MQTT Server"
        assert k.get_instance(strict)["ConnectionID"] == server
        k.mqtt_publish("php/device", bytes([0, 0x41, 0xC3, 0xFF]))
        value = lambda i, ident: k.get_value(k.get_object_id_by_ident(ident, i))
        assert value(dev, "PayloadHex") == "0041c3ff"
        assert value(dev, "LastTopic") == "php/device"
        k.mqtt_publish("other/topic", b"x")  # filtered out
        assert value(dev, "Received") == 1
        k.mqtt_publish("strict/a", bytes([0xDE, 0xAD]))
        assert value(strict, "PayloadHex") == "dead"
        assert value(dev, "Received") == 1


def test_a_failing_receive_data_does_not_stop_the_siblings(mixed):
    k = mixed
    bus = k.create_instance("PHP Bus", "Bus")
    php_dev = k.create_instance("PHP Bus Device", "PHP")
    cpp_dev = k.create_instance(symemu.TEST_DEVICE_ID, "C++")
    for d in (php_dev, cpp_dev):
        k.connect_instance(d, bus)
    assert json.loads(k.call("PBUS_Broadcast", bus, "explode")) == []  # the failed child answers nothing
    assert text_of(k, cpp_dev) == "explode"  # the sibling got it
    assert any("cannot handle explode" in e and f"#{php_dev}" in e for e in errors(k))
    k.call("PBUS_Broadcast", bus, "fine")
    assert (text_of(k, php_dev), text_of(k, cpp_dev)) == ("fine", "fine")


def test_hooks_in_process_and_a_classic_hook_through_webhook_control(mixed):
    k = mixed
    k.ensure_default_chains()
    w = k.create_instance("PHP Watcher", "Watcher")
    r = k.http_request("GET", "/hook/watcher?x=1", auth=("u", "secret"))
    assert r.status == 200 and r.header("X-Hook") == "/hook/watcher"
    assert json.loads(r.body)["get"] == {"x": "1"}
    r = k.http_request("GET", "/hook/watcher")
    assert r.status == 401 and r.body == b"authorization required"

"""Instances of the package's test library (symemu.TEST_LIBRARY): a splitter and a device."""
import json

import pytest

import symemu


@pytest.fixture
def lab():
    """A kernel with the test library loaded."""
    with symemu.Kernel(seed=7, libraries=[symemu.TEST_LIBRARY]) as k:
        yield k


@pytest.fixture
def chain(lab):
    """(kernel, splitter, device) with the device connected to the splitter."""
    bus = lab.create_instance("Python Test Splitter", "Bus")
    device = lab.create_instance(symemu.TEST_DEVICE_ID, "Device", parent_id=bus, ident="device")
    lab.connect_instance(device, bus)
    return lab, bus, device


def test_create_instance_runs_create_and_apply_changes(lab):
    device = lab.create_instance(symemu.TEST_DEVICE_ID, "Device")
    assert lab.instance_exists(device)
    assert lab.get_instance(device) == {
        "InstanceID": device, "ConnectionID": 0, "InstanceStatus": symemu.STATUS_ACTIVE,
        "InstanceChanged": int(lab.now()),
        "ModuleInfo": {"ModuleID": symemu.TEST_DEVICE_ID, "ModuleName": "Python Test Device", "ModuleType": 3},
    }
    assert lab.get_object(device)["ObjectType"] == 1
    # status variables registered by the module
    assert [lab.get_name(i) for i in lab.get_children_ids(device)] == ["Text", "Ticks", "Temperature"]
    assert device in lab.get_instance_list_by_module_id("Python Test Device")
    assert lab.get_instance_list_by_module_type(3) == [device]


def test_get_module_lists_the_test_modules(lab):
    assert symemu.TEST_SPLITTER_ID in lab.get_module_list()
    m = lab.get_module(symemu.TEST_SPLITTER_ID)
    assert (m["ModuleName"], m["ModuleType"], m["Prefix"]) == ("Python Test Splitter", 2, "PYTS")
    assert m["Implemented"] == ["{7E57DA7A-0002-4000-8000-000000000002}"]


def test_connect_and_disconnect(chain):
    k, bus, device = chain
    assert k.get_instance(device)["ConnectionID"] == bus
    assert k.get_child_instances(bus) == [device]
    assert k.is_instance_compatible(device, bus)
    k.disconnect_instance(device)
    assert k.get_instance(device)["ConnectionID"] == 0
    assert k.get_child_instances(bus) == []


def test_properties_configuration_and_apply_changes(chain):
    k, _, device = chain
    assert k.get_configuration(device) == {"Label": "", "Interval": 0, "Factor": 1.5, "Enabled": True}

    k.set_property(device, "Label", "Kitchen")
    assert k.get_property(device, "Label") == "Kitchen"
    assert k.has_changes(device)
    k.reset_changes(device)
    assert k.get_property(device, "Label") == ""

    k.set_configuration(device, {"Label": "Kitchen", "Factor": 2})
    k.set_configuration(device, json.dumps({"Enabled": False}))
    assert k.get_configuration(device) == {"Label": "Kitchen", "Interval": 0, "Factor": 2.0, "Enabled": False}
    k.apply_changes(device)
    assert not k.has_changes(device)
    assert k.get_object(device)["ObjectSummary"] == "Kitchen"  # the module's SetSummary ran


def test_status_and_log_from_apply_changes(chain):
    k, _, device = chain
    k.set_property(device, "Interval", -1)
    k.apply_changes(device)
    assert k.get_instance_status(device) == 201
    entry = k.log()[-1]
    assert (entry["SenderID"], entry["Sender"], entry["Type"], entry["Message"]) == \
        (device, "Device", symemu.KL_ERROR, "Interval must not be negative")


def test_timer_runs_with_advance(chain):
    k, _, device = chain
    k.set_property(device, "Interval", 2)
    k.apply_changes(device)
    assert k.get_timer_interval(device, "Tick") == 2000
    ticks = k.get_object_id_by_ident("Ticks", device)
    k.advance(7)
    assert k.get_value(ticks) == 3
    assert k.next_timer_due() == k.now() + 1


def test_exported_function_sends_through_the_splitter(chain):
    k, bus, device = chain
    assert k.call("PYTD_Send", device, "hello") == "ok:hello"
    assert k.get_value(k.get_object_id_by_ident("Text", device)) == "hello"
    assert k.call("PYTD_Received", device) == 1
    assert [(d["Message"], d["Data"]) for d in k.debug(bus)] == [("ForwardData", "hello")]
    received = k.debug(device)
    assert received[0]["Message"] == "ReceiveData" and json.loads(received[0]["Data"])["Buffer"] == "hello"
    assert len(k.debug()) == 2  # 0 = every instance


def test_actions_reach_the_module(chain):
    k, _, device = chain
    temp = k.get_object_id_by_ident("Temperature", device)
    assert k.get_variable(temp)["VariableAction"] == device
    k.request_action(temp, 22.5)
    assert k.get_value_formatted(temp) == "22.5 °C"
    k.request_instance_action(device, "Temperature", 19)
    assert k.get_value(temp) == 19.0


def test_configuration_form(chain):
    k, _, device = chain
    form = k.get_configuration_form(device)
    assert [e["name"] for e in form["elements"]] == ["Label", "Interval", "Factor", "Enabled"]


def test_messages_registered_for_an_instance(chain):
    k, bus, device = chain
    k.register_message(device, bus, 10505)
    assert k.get_message_list(device) == {bus: [10505]}
    k.send_message(bus, 10505, [1, "x"])  # the test device ignores it; delivery must not fail
    k.unregister_message(device, bus, 10505)
    assert k.get_message_list(device) == {}


def test_delete_instance_removes_its_variables(chain):
    k, _, device = chain
    children = k.get_children_ids(device)
    k.delete_instance(device)
    assert not k.instance_exists(device)
    assert not any(k.object_exists(c) for c in children)

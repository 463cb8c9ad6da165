"""Kernel.messages(): every message the kernel sends, and get_attribute()."""
import pytest

import symemu


def test_messages_capture_variable_updates_with_their_data(kernel):
    var = kernel.create_variable("Integer", "Counter")
    since = kernel.message_count()
    kernel.set_value(var, 5)
    kernel.set_value(var, 5)
    updates = [m for m in kernel.messages(since=since) if m["SenderID"] == var]
    assert [m["Message"] for m in updates] == [symemu.VM_UPDATE, symemu.VM_UPDATE]
    assert updates[0]["Data"][:2] == [5, True] and updates[1]["Data"][:2] == [5, False]  # value, changed
    assert updates[1]["Index"] == updates[0]["Index"] + 1


def test_indices_keep_counting_after_clear(kernel):
    kernel.create_variable("Integer", "A")
    seen = kernel.messages(clear=True)
    assert seen and kernel.messages() == []
    end = kernel.message_count()
    assert end == seen[-1]["Index"] + 1
    kernel.create_variable("Integer", "B")
    after = kernel.messages()
    assert after[0]["Index"] == end
    assert any(m["Message"] == symemu.VM_CREATE for m in after)
    assert kernel.messages(since=end + 1000) == []


def test_instance_messages_are_captured(kernel):
    since = kernel.message_count()
    mqtt = kernel.ensure_default_chains()["mqtt_server"]
    codes = {m["Message"] for m in kernel.messages(since=since) if m["SenderID"] == mqtt}
    assert symemu.IM_CHANGESETTINGS in codes


def test_real_clock_kernel_captures_messages_from_its_thread():
    with symemu.Kernel(seed=1, clock="real") as k:
        var = k.create_variable("String", "Text")
        since = k.message_count()
        k.set_value(var, "hi")
        assert [m["Data"][0] for m in k.messages(since=since) if m["SenderID"] == var] == ["hi"]


def test_get_attribute(smartlog):
    assert smartlog.kernel.get_attribute(smartlog.smartlog_instance, "Meters") in ("", "[]")
    assert smartlog.kernel.get_attribute(smartlog.smartlog_instance, "NoSuchAttribute") is None
    with pytest.raises(symemu.KernelError, match="does not exist"):
        smartlog.kernel.get_attribute(1, "Meters")


def test_configurator_calls_on_the_wrong_instance_raise(smartlog):
    with pytest.raises(symemu.KernelError, match="SM_GetRows does not exist"):
        smartlog.kernel.configurator_rows(smartlog.smartlog_instance)
    with pytest.raises(symemu.KernelError, match="does not exist"):
        smartlog.kernel.create_all(1)

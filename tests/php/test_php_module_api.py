"""The module API of the prelude (IPSModule/IPSModuleStrict) against the kernel: one group per test."""
import json

import pytest

import symemu
from php_helpers import errors, lib


def test_library_modules_are_listed_with_their_exported_functions(php):
    ids = php.get_module_list()
    assert "{5E3A0001-0001-4000-8000-000000000001}" in ids
    m = php.get_module("{5E3A0001-0001-4000-8000-000000000001}")
    assert (m["ModuleName"], m["Prefix"], m["ModuleType"]) == ("PHP Counter", "PCNT", 3)


def test_properties_attributes_and_configuration(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert php.get_configuration(c) == {"Step": 1, "Label": "counter", "Enabled": True, "Factor": 1.5}
    php.set_property(c, "Step", 5)
    php.set_property(c, "Factor", 2.0)
    assert php.call("PCNT_Increment", c) == 1  # pending values are not applied yet
    php.apply_changes(c)
    assert php.call("PCNT_Increment", c) == 6
    assert php.call("PCNT_Scaled", c, 3.0) == 6.0
    assert php.call("PCNT_Total", c) == 2  # attribute, persisted on write
    assert php.get_attribute(c, "Total") == 2


def test_variables_status_and_translation(php):
    c = php.create_instance("PHP Counter", "Counter")
    count = php.get_object_id_by_ident("Count", c)
    assert php.get_name(count) == "Zähler"  # Translate() through locale.json
    label = php.get_object_id_by_ident("Label", c)
    assert php.get_value(label) == "counter"
    php.set_property(c, "Enabled", False)
    php.apply_changes(c)
    assert php.get_instance(c)["InstanceStatus"] == symemu.STATUS_INACTIVE


def test_require_once_of_libs_and_kernel_functions(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert php.call("PCNT_Double", c, 21) == 42
    assert json.loads(php.call("PCNT_Kernel", c)) == [10103, "PHP Counter"]  # arrays come back as JSON


def test_kernel_functions_named_at_run_time_are_told_apart(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert json.loads(php.call("PCNT_KernelByBuiltNames", c, 6)) == ["integer", c] * 3


def test_timers_run_php_on_the_kernel_clock(php):
    c = php.create_instance("PHP Counter", "Counter")
    php.call("PCNT_StartTicking", c, 1000)
    assert php.call("PCNT_TickInterval", c) == 1000
    php.advance(3.5)
    assert php.get_value(php.get_object_id_by_ident("Count", c)) == 3


def test_a_fresh_object_per_call_members_do_not_survive(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert php.call("PCNT_Remember", c, "kept?") == "kept?"
    assert php.call("PCNT_RecallMember", c) == "(nothing)"  # as in Symcon: a new object per call
    assert php.call("PCNT_RecallBuffer", c) == "kept?"  # buffers survive


def test_kernel_errors_are_warnings_that_fail_the_call_and_name_the_module_line(php):
    c = php.create_instance("PHP Counter", "Counter")
    with pytest.raises(symemu.KernelError, match="Property NoSuchProperty not found"):
        php.call("PCNT_ReadUnknownProperty", c)
    last = errors(php)[-1]
    assert "PHP Counter" in last and f"#{c}" in last and "module.php:" in last


def test_echo_is_logged_not_lost(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert php.call("PCNT_Echo", c, "hello") == "hello"
    assert any("printed: said hello" in e["Message"] for e in php.log())


def test_messages_actions_and_forms(php):
    c = php.create_instance("PHP Counter", "Counter")
    count = php.get_object_id_by_ident("Count", c)
    w = php.create_instance("PHP Watcher", "Watcher")
    php.set_property(w, "Watch", count)
    php.apply_changes(w)
    assert json.loads(php.call("PWAT_Messages", w)) == {"0": [10001], str(count): [10603]}
    php.call("PCNT_Increment", c)
    assert f"{count}:10603:1;" in php.call("PWAT_Seen", w)
    level = php.get_object_id_by_ident("Level", w)
    php.request_action(level, 4)
    assert php.get_value(level) == 40
    form = php.get_configuration_form(w)
    assert form["elements"][0]["name"] == "Watch"
    assert form["elements"][-1]["caption"] == f"Beobachtet {count}"


def test_strict_request_action_with_unknown_ident_fails(php):
    w = php.create_instance("PHP Watcher", "Watcher")
    with pytest.raises(symemu.KernelError, match="Invalid ident Nope"):
        php.request_instance_action(w, "Nope", 1)


def test_exported_function_calls_between_php_modules(php):
    a = php.create_instance("PHP Counter", "A")
    b = php.create_instance("PHP Faults", "B")
    # PHP calls PHP through the generated global PCNT_*/PFLT_* functions (timer script text)
    php.call("PCNT_StartTicking", a, 500)
    php.advance(1.0)
    assert php.call("PCNT_Total", a) == 2
    assert php.call("PFLT_Ping", b) == "pong"


def test_instances_survive_a_restart_with_their_php_state(tmp_path):
    db = str(tmp_path / "php.db")
    with symemu.Kernel(db=db, seed=3, libraries=[lib("basic")]) as k:
        c = k.create_instance("PHP Counter", "Counter")
        k.set_property(c, "Step", 7)
        k.apply_changes(c)
        k.call("PCNT_Increment", c)
    with symemu.Kernel(db=db, libraries=[lib("basic")]) as k:
        assert k.get_instance(c)["InstanceStatus"] == symemu.STATUS_ACTIVE
        assert k.call("PCNT_Total", c) == 1
        assert k.call("PCNT_Increment", c) == 14


def test_a_library_with_a_builtin_id_replaces_it_entirely():
    with symemu.Kernel(seed=1, libraries=[symemu.TEST_LIBRARY, lib("replace_testlib")]) as k:
        names = [k.get_module(m)["ModuleName"] for m in k.get_module_list()]
        assert "Python Test Device" in names and "Python Test Splitter" not in names
        d = k.create_instance(symemu.TEST_DEVICE_ID, "D")
        assert k.call("PYTD_Edition", d) == "php"


def test_time_and_date_follow_the_kernel_clock(php):
    c = php.create_instance("PHP Counter", "Counter")
    start = int(php.now())
    assert json.loads(php.call("PCNT_Clock", c))[:2] == [start, "2025-03-14 10:15:00"]
    php.advance(3600)
    now, text, exact = json.loads(php.call("PCNT_Clock", c))
    assert (now, text) == (start + 3600, "2025-03-14 11:15:00") and abs(exact - php.now()) < 1e-3


def test_log_debug_and_once_timer(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert php.call("PCNT_Note", c, "hi") is True
    assert any(e["Type"] == symemu.KL_NOTIFY and e["Message"] == "note: hi" and e["SenderID"] == c for e in php.log())
    assert [(d["Message"], d["Data"]) for d in php.debug(c)][-1] == ("Note", "hi")
    assert php.call("PCNT_Total", c) == 0
    php.advance(0.1)  # the once-timer runs as soon as the kernel gets to it
    assert php.call("PCNT_Total", c) == 1
    php.advance(10)
    assert php.call("PCNT_Total", c) == 1


def test_references(php):
    c = php.create_instance("PHP Counter", "Counter")
    assert json.loads(php.call("PCNT_References", c, 12345)) == [12345]


def test_status_constants_are_symcons(php):
    """IS_NOTCREATED is IS_EBASE + 1 = 201 in Symcon, as in the kernel's types.h (was 105)."""
    c = php.create_instance("PHP Counter", "Counter")
    constants = json.loads(php.call("PCNT_StatusConstants", c))
    assert constants == [symemu.STATUS_CREATING, symemu.STATUS_ACTIVE, symemu.STATUS_DELETING,
                         symemu.STATUS_INACTIVE, symemu.STATUS_NOT_CREATED, 200]
    assert constants[4] == 201
    # The value the kernel reports for a running PHP instance is the module's IS_ACTIVE.
    assert php.get_instance(c)["InstanceStatus"] == constants[1]

"""Faults stay inside the call: logged with module, instance, file and line; the call fails; the
kernel, its database and every other instance keep working; the next call works."""
import time

import pytest

import symemu
from php_helpers import errors, lib


@pytest.fixture
def two(php):
    """(kernel, faulty instance, healthy counter)."""
    return php, php.create_instance("PHP Faults", "Faulty"), php.create_instance("PHP Counter", "Healthy")


def assert_still_working(k, faulty, healthy):
    assert k.call("PFLT_Ping", faulty) == "pong"  # the next call works
    before = k.call("PCNT_Total", healthy)
    k.call("PCNT_Increment", healthy)  # another instance works
    assert k.call("PCNT_Total", healthy) == before + 1
    k.commit()  # and the database takes writes


def test_uncaught_exception(two):
    k, f, h = two
    n = len(k.log())
    with pytest.raises(symemu.KernelError, match="Uncaught RuntimeException: boom"):
        k.call("PFLT_Throw", f)
    [e] = errors(k, n)
    assert "Module PHP Faults" in e and f"#{f}" in e and "PHP Faults/module.php:" in e
    assert_still_working(k, f, h)


def test_warning(two):
    k, f, h = two
    n = len(k.log())
    with pytest.raises(symemu.KernelError, match='Warning: Undefined array key "missing"'):
        k.call("PFLT_Warn", f)
    assert any("module.php:" in e for e in errors(k, n))
    assert k.call("PFLT_Silenced", f) == "quiet "  # @ suppresses, as in PHP
    assert_still_working(k, f, h)


def test_fatal_error(two):
    k, f, h = two
    n = len(k.log())
    with pytest.raises(symemu.KernelError, match="Fatal error: deliberately fatal"):
        k.call("PFLT_Fatal", f)
    [e] = errors(k, n)
    assert f"#{f}" in e and "module.php:" in e
    assert_still_working(k, f, h)


def test_calling_a_function_symemu_does_not_offer_names_it(two):
    k, f, h = two
    with pytest.raises(symemu.KernelError, match="IPS_NoSuchFunction"):
        k.call("PFLT_Undefined", f)
    assert_still_working(k, f, h)


def test_endless_loop_hits_the_time_limit(two):
    k, f, h = two
    started = time.monotonic()
    with pytest.raises(symemu.KernelError, match="Maximum execution time of 2 seconds exceeded"):
        k.call("PFLT_Loop", f)
    assert time.monotonic() - started < 10
    assert_still_working(k, f, h)


def test_memory_limit(two):
    k, f, h = two
    with pytest.raises(symemu.KernelError, match="Allowed memory size"):
        k.call("PFLT_Memory", f)
    assert_still_working(k, f, h)


def test_fatal_error_in_a_nested_php_call_ends_the_outer_call_too(two):
    k, f, h = two
    other = k.create_instance("PHP Faults", "Other")
    with pytest.raises(symemu.KernelError):
        k.call("PFLT_NestedFatal", f, other)
    assert any(f"#{other}" in e and "deliberately fatal" in e for e in errors(k))
    assert_still_working(k, f, h)


def test_a_write_before_the_fault_stays_as_in_symcon(two):
    k, f, h = two
    with pytest.raises(symemu.KernelError):
        k.call("PFLT_SetThenFatal", f, 7)
    assert k.get_value(k.get_object_id_by_ident("Value", f)) == 7


def test_failing_timer_is_logged_and_keeps_running(two):
    k, f, h = two
    k.call("PFLT_FailingTimer", f, 1000)
    n = len(k.log())
    k.advance(2.5)
    assert sum("boom" in e for e in errors(k, n)) >= 2
    assert_still_working(k, f, h)


def test_failing_create_leaves_the_tree_unchanged(php):
    before = sorted(php.get_object_list())
    with pytest.raises(symemu.KernelError, match="Create refuses"):
        php.create_instance("PHP Broken Create", "Broken")
    assert sorted(php.get_object_list()) == before


@pytest.mark.parametrize("name, needle", [
    ("broken_syntax", "Parse error"),
    ("broken_noclass", "class BrokenModule is not defined"),
    ("broken_wrongbase", "does not extend IPSModule or IPSModuleStrict"),
])
def test_a_broken_library_is_reported_with_file_and_line_and_skipped(name, needle):
    with symemu.Kernel(seed=1, libraries=[lib(name), lib("basic")]) as k:
        problems = errors(k)
        assert any(needle in p and "Broken Module/module.php:" in p for p in problems), problems
        assert "{5E3A0001-0001-4000-8000-000000000001}" in k.get_module_list()  # the others load
        assert not any("Broken Module" == k.get_module(m)["ModuleName"] for m in k.get_module_list())
        c = k.create_instance("PHP Counter", "Counter")
        assert k.call("PCNT_Increment", c) == 1


def test_syntax_error_names_the_line():
    with symemu.Kernel(seed=1, libraries=[lib("broken_syntax")]) as k:
        assert any("Broken Module/module.php:7" in p for p in errors(k)), errors(k)


def test_endless_recursion_through_module_functions_is_stopped(two):
    k, f, h = two
    with pytest.raises(symemu.KernelError, match="Maximum nesting level of 64 PHP module calls"):
        k.call("PFLT_Recurse", f, 0)
    assert_still_working(k, f, h)

"""Kernel errors surface as symemu.KernelError carrying the kernel's message."""
import pytest

import symemu


@pytest.fixture
def device_kernel():
    with symemu.Kernel(seed=3, libraries=[symemu.TEST_LIBRARY]) as k:
        yield k, k.create_instance(symemu.TEST_DEVICE_ID, "Device")


def test_kernel_error_is_a_runtime_error():
    assert issubclass(symemu.KernelError, RuntimeError)
    assert symemu.KernelError.__module__ == "symemu"


def test_unknown_property(device_kernel):
    k, device = device_kernel
    with pytest.raises(symemu.KernelError, match="^Property Nope not found$"):
        k.set_property(device, "Nope", 1)
    with pytest.raises(symemu.KernelError, match="^Property Nope not found$"):
        k.get_property(device, "Nope")


def test_wrong_property_type(device_kernel):
    k, device = device_kernel
    with pytest.raises(symemu.KernelError, match="^Property Interval is not of type Integer$"):
        k.set_property(device, "Interval", "soon")


def test_bad_configuration_changes_nothing(device_kernel):
    k, device = device_kernel
    before = k.get_configuration(device)
    with pytest.raises(symemu.KernelError, match="Nope"):
        k.set_configuration(device, {"Label": "changed", "Nope": 1})
    with pytest.raises(symemu.KernelError, match="not valid JSON"):
        k.set_configuration(device, "{not json")
    with pytest.raises(TypeError, match="dict or a JSON string"):
        k.set_configuration(device, ["Label"])
    assert k.get_configuration(device) == before
    assert not k.has_changes(device)


def test_duplicate_ident(kernel):
    home = kernel.create_category("Home")
    kernel.create_category("A", parent_id=home, ident="same")
    count = len(kernel.get_object_list())
    with pytest.raises(symemu.KernelError, match="^Ident must be unique for each category$"):
        kernel.create_category("B", parent_id=home, ident="same")
    assert len(kernel.get_object_list()) == count  # the half-made category was removed again


def test_invalid_ident(kernel):
    cat = kernel.create_category()
    with pytest.raises(symemu.KernelError, match="only letters, digits and _"):
        kernel.set_ident(cat, "no spaces")


def test_unknown_module(kernel):
    with pytest.raises(symemu.KernelError, match=r"^Module #\{00000000-0000-4000-8000-000000000000\} does not exist$"):
        kernel.create_instance("{00000000-0000-4000-8000-000000000000}")
    with pytest.raises(symemu.KernelError, match="^Module #No Such Module does not exist$"):
        kernel.create_instance("No Such Module")


def test_unknown_objects(kernel):
    with pytest.raises(symemu.KernelError, match="^Variable #12345 does not exist$"):
        kernel.get_value(12345)
    with pytest.raises(symemu.KernelError, match="^Instance #12345 does not exist$"):
        kernel.get_instance(12345)
    with pytest.raises(symemu.KernelError, match="12345"):
        kernel.get_object(12345)
    with pytest.raises(symemu.KernelError, match="^Profile #Nope does not exist$"):
        kernel.get_variable_profile("Nope")


def test_unknown_function(device_kernel):
    k, device = device_kernel
    with pytest.raises(symemu.KernelError, match="^Function PYTD_Nope does not exist"):
        k.call("PYTD_Nope", device)


def test_bad_variable_types(kernel):
    with pytest.raises(symemu.KernelError, match="^Unsupported VariableType!$"):
        kernel.create_variable(7)
    with pytest.raises(ValueError, match="unknown variable type 'Double'"):
        kernel.create_variable("Double")
    var = kernel.create_variable("Integer")
    with pytest.raises(TypeError, match="bool, int, float or str, not list"):
        kernel.set_value(var, [1])
    with pytest.raises(TypeError):
        kernel.set_value(var, None)
    with pytest.raises(ValueError, match="64 bits"):
        kernel.set_value(var, 2**64)


def test_profile_errors(kernel):
    with pytest.raises(symemu.KernelError, match="reserved for system profiles"):
        kernel.create_variable_profile("~Mine", "Float")
    with pytest.raises(symemu.KernelError, match="read-only system profile"):
        kernel.set_variable_profile_digits("~Temperature", 3)
    kernel.create_variable_profile("P", "Float")
    with pytest.raises(symemu.KernelError, match="^Profile #P already exists$"):
        kernel.create_variable_profile("P", "Float")
    with pytest.raises(symemu.KernelError, match="does not exist"):
        kernel.create_variable("Float", profile="Missing")


def test_clock_errors(kernel):
    with pytest.raises(symemu.KernelError, match="cannot move the clock backwards"):
        kernel.advance(-1)
    with pytest.raises(symemu.KernelError, match="unknown clock mode 'fast'"):
        symemu.Kernel(clock="fast")


def test_bad_library_folder(tmp_path):
    with pytest.raises(symemu.KernelError, match="library.json"):
        symemu.Kernel(libraries=[str(tmp_path)])


def test_closed_kernel(kernel):
    var = kernel.create_variable("Integer")
    kernel.close()
    kernel.close()  # idempotent
    assert kernel.closed
    for call in (lambda: kernel.get_value(var), lambda: kernel.set_value(var, 1), kernel.snapshot,
                 kernel.tree, kernel.log, kernel.commit, lambda: kernel.advance(1)):
        with pytest.raises(symemu.KernelError, match="^kernel is closed$"):
            call()


def test_context_manager_closes():
    with symemu.Kernel() as k:
        assert not k.closed
    assert k.closed


"""Values, their updated/changed times on the manual clock, and profiles."""
import pytest

import symemu

START = 1741947300  # the manual clock's default start (2025-03-14 10:15 UTC)


def test_updated_and_changed_times_follow_the_manual_clock(kernel):
    var = kernel.create_variable(symemu.INTEGER, "Counter")
    assert kernel.now() == START

    kernel.advance(10)
    kernel.set_value(var, 5)
    v = kernel.get_variable(var)
    assert (v["VariableUpdated"], v["VariableChanged"]) == (START + 10, START + 10)

    kernel.advance(5)
    kernel.set_value(var, 5)  # same value: updated moves, changed does not
    v = kernel.get_variable(var)
    assert (v["VariableUpdated"], v["VariableChanged"]) == (START + 15, START + 10)

    kernel.advance(1.5)
    kernel.set_value(var, 6)
    v = kernel.get_variable(var)
    assert (v["VariableUpdated"], v["VariableChanged"]) == (START + 16, START + 16)
    assert kernel.get_value(var) == 6


def test_get_variable_uses_symcon_field_names(kernel):
    var = kernel.create_variable("String", "Text")
    assert kernel.get_variable(var) == {
        "VariableID": var, "VariableType": 3, "VariableProfile": "", "VariableCustomProfile": "",
        "VariableAction": 0, "VariableCustomAction": 0, "VariableUpdated": 0, "VariableChanged": 0,
        "VariableIsLocked": False,
    }


@pytest.mark.parametrize("vtype, given, expected", [
    (symemu.BOOLEAN, True, True),
    (symemu.BOOLEAN, 0, False),
    (symemu.INTEGER, 42, 42),
    (symemu.INTEGER, 2**62, 2**62),
    (symemu.INTEGER, 3.9, 3),
    (symemu.FLOAT, 2, 2.0),
    (symemu.FLOAT, 0.1, 0.1),
    (symemu.STRING, "grüß", "grüß"),
    (symemu.STRING, 12, "12"),
])
def test_values_are_converted_to_the_variable_type(kernel, vtype, given, expected):
    var = kernel.create_variable(vtype)
    kernel.set_value(var, given)
    got = kernel.get_value(var)
    assert got == expected and type(got) is type(expected)


def test_strings_carry_arbitrary_bytes(kernel):
    var = kernel.create_variable("String")
    kernel.set_value(var, b"\x00\xff\xfe")
    got = kernel.get_value(var)
    assert got.encode("utf-8", "surrogateescape") == b"\x00\xff\xfe"
    kernel.set_value(var, got)  # round trip
    assert kernel.get_value(var) == got


def test_system_profile_formats_values(kernel):
    var = kernel.create_variable("Float", "Temperature", profile="~Temperature")
    kernel.set_value(var, 21.456)
    assert kernel.get_value_formatted(var) == "21.5 °C"
    assert kernel.get_variable(var)["VariableCustomProfile"] == "~Temperature"
    assert kernel.get_variable_profile("~Temperature")["IsReadOnly"] is True


def test_own_profile_with_text_digits_and_associations(kernel):
    kernel.create_variable_profile("Test.Power", "Float")
    kernel.set_variable_profile_text("Test.Power", "", " kW")
    kernel.set_variable_profile_digits("Test.Power", 2)
    kernel.set_variable_profile_values("Test.Power", 0, 100, 0.5)
    kernel.set_variable_profile_icon("Test.Power", "Electricity")
    var = kernel.create_variable("Float", "Power", profile="Test.Power")
    kernel.set_value(var, 3.14159)
    assert kernel.get_value_formatted(var) == "3.14 kW"

    kernel.create_variable_profile("Test.Mode", symemu.INTEGER)
    kernel.set_variable_profile_association("Test.Mode", 1, "Heating", "Flame", 0xFF0000)
    kernel.set_variable_profile_association("Test.Mode", 0, "Off")
    mode = kernel.create_variable(symemu.INTEGER, "Mode", profile="Test.Mode")
    kernel.set_value(mode, 1)
    assert kernel.get_value_formatted(mode) == "Heating"

    p = kernel.get_variable_profile("Test.Mode")
    assert p["ProfileName"] == "Test.Mode" and p["ProfileType"] == 1 and p["IsReadOnly"] is False
    assert p["Associations"] == [
        {"Value": 0.0, "Name": "Off", "Icon": "", "Color": -1},
        {"Value": 1.0, "Name": "Heating", "Icon": "Flame", "Color": 0xFF0000},
    ]
    power = kernel.get_variable_profile("Test.Power")
    assert (power["Suffix"], power["Digits"], power["MaxValue"], power["StepSize"], power["Icon"]) == \
        (" kW", 2, 100.0, 0.5, "Electricity")
    assert {"Test.Mode", "Test.Power", "~Temperature"} <= set(kernel.get_variable_profile_list())

    kernel.set_variable_profile_association("Test.Mode", 1, "", "")  # empty name and icon delete it
    assert len(kernel.get_variable_profile("Test.Mode")["Associations"]) == 1

    kernel.delete_variable_profile("Test.Power")
    assert not kernel.variable_profile_exists("Test.Power")


def test_custom_profile_can_be_cleared(kernel):
    var = kernel.create_variable("Float", profile="~Temperature")
    kernel.set_variable_custom_profile(var, "")
    kernel.set_value(var, 1.25)
    assert kernel.get_value_formatted(var) == "1.25"


def test_delete_variable(kernel):
    var = kernel.create_variable("Integer")
    kernel.delete_variable(var)
    assert not kernel.variable_exists(var)
    assert not kernel.object_exists(var)

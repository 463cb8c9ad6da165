"""A file database survives a restart: everything is found again under the same IDs."""
import shutil

import symemu


def test_restart_finds_everything_again(kernel_factory):
    libs = [symemu.TEST_LIBRARY]
    k = kernel_factory(libraries=libs)
    home = k.create_category("Home", ident="home")
    temp = k.create_variable("Float", "Temperature", parent_id=home, ident="temp", profile="~Temperature")
    k.advance(60)
    k.set_value(temp, 21.5)
    k.create_variable_profile("Test.Mode", "Integer")
    k.set_variable_profile_association("Test.Mode", 1, "On")
    bus = k.create_instance("Python Test Splitter", "Bus", parent_id=home)
    device = k.create_instance(symemu.TEST_DEVICE_ID, "Device", parent_id=bus)
    k.connect_instance(device, bus)
    k.set_configuration(device, {"Label": "Kitchen", "Interval": 5})
    k.apply_changes(device)
    k.call("PYTD_Send", device, "before restart")
    before = k.snapshot()
    updated = k.get_variable(temp)["VariableUpdated"]
    k.close()

    k = kernel_factory(libraries=libs)
    assert k.snapshot() == before
    assert k.get_object_id_by_path("Home/Temperature") == temp
    assert k.get_object_id_by_ident("temp", home) == temp
    assert k.get_value(temp) == 21.5
    assert k.get_value_formatted(temp) == "21.5 °C"
    assert k.get_variable(temp)["VariableUpdated"] == updated
    assert k.get_variable_profile("Test.Mode")["Associations"][0]["Name"] == "On"
    assert k.get_instance(device)["ConnectionID"] == bus
    assert k.get_configuration(device)["Label"] == "Kitchen"
    assert k.get_timer_interval(device, "Tick") == 5000
    assert k.call("PYTD_Received", device) == 1  # attributes are persisted
    assert k.get_value(k.get_object_id_by_ident("Text", device)) == "before restart"


def test_every_call_is_committed_at_once(kernel_factory, tmp_path):
    """A second kernel on the same file sees a write without close() or commit()."""
    k = kernel_factory()
    var = k.create_variable("Integer", "Counter", ident="counter")
    k.set_value(var, 41)
    # Open a copy of the database file as another process would find it after a crash.
    for suffix in ("", "-wal", "-shm"):
        src = tmp_path / ("symemu.db" + suffix)
        if src.exists():
            shutil.copy(src, tmp_path / ("copy.db" + suffix))
    other = kernel_factory(db=str(tmp_path / "copy.db"))
    assert other.get_value(other.get_object_id_by_ident("counter")) == 41


def test_stored_seed_wins(kernel_factory):
    k = kernel_factory(seed=5)
    first = k.create_category()
    k.close()
    k = kernel_factory(seed=99)
    assert k.seed == 5
    assert k.create_category() != first
    assert k.database.endswith("symemu.db")

"""Snapshots are canonical: the same operations with the same seed give the same dict."""
import symemu


def build(seed):
    k = symemu.Kernel(seed=seed, libraries=[symemu.TEST_LIBRARY])
    home = k.create_category("Home")
    for i in range(3):
        var = k.create_variable("Integer", f"Counter {i}", parent_id=home, ident=f"c{i}")
        k.advance(1)
        k.set_value(var, i * 10)
    bus = k.create_instance("Python Test Splitter", "Bus", parent_id=home)
    device = k.create_instance(symemu.TEST_DEVICE_ID, "Device", parent_id=bus)
    k.connect_instance(device, bus)
    k.call("PYTD_Send", device, "hi")
    return k


def test_same_seed_twice_gives_identical_snapshots():
    a, b = build(11), build(11)
    assert a.snapshot() == b.snapshot()
    assert a.snapshot_json() == b.snapshot_json()
    assert a.get_object_list() == b.get_object_list()  # same IDs too


def test_snapshot_has_no_raw_ids():
    a, b = build(11), build(12)
    assert a.get_object_list() != b.get_object_list()
    assert a.snapshot() == b.snapshot()


def test_snapshot_content_and_times_option():
    k = build(11)
    snap = k.snapshot()
    assert snap["Home/Counter 2"]["value"] == 20
    assert snap["Home/Counter 2"]["updated"] == int(k.now())
    assert snap["Home/Bus/Device"]["parent"] == "Home/Bus"
    assert snap["Home/Bus/Device/Text"]["value"] == "hi"
    plain = k.snapshot(times=False)
    assert "updated" not in plain["Home/Counter 2"] and "changed" not in plain["Home/Counter 2"]
    assert set(plain) == set(snap)


def test_duplicate_names_get_numbered_keys(kernel):
    kernel.create_category("Twin")
    kernel.create_category("Twin")
    assert {"Twin", "Twin[2]"} <= set(kernel.snapshot())

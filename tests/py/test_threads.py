"""Threading: a real-clock kernel runs on its own kernel thread; Python threads may share a kernel."""
import threading
import time

import pytest

import symemu


def test_real_clock_routes_calls_through_the_kernel_thread(tmp_path):
    with symemu.Kernel(str(tmp_path / "real.db"), seed=1, clock="real", libraries=[symemu.TEST_LIBRARY]) as k:
        assert not k.manual_clock
        assert abs(k.now() - time.time()) < 5
        var = k.create_variable("Integer", "Counter")
        k.set_value(var, 3)
        assert k.get_value(var) == 3
        with pytest.raises(symemu.KernelError, match="needs the manual clock"):
            k.advance(1)
        device = k.create_instance(symemu.TEST_DEVICE_ID, "Device")
        assert k.get_instance_status(device) == symemu.STATUS_ACTIVE
    with symemu.Kernel(str(tmp_path / "real.db")) as again:
        assert again.get_value(var) == 3


def test_real_clock_runs_timers(tmp_path):
    with symemu.Kernel(seed=1, clock="real", libraries=[symemu.TEST_LIBRARY]) as k:
        device = k.create_instance(symemu.TEST_DEVICE_ID, "Device")
        k.set_property(device, "Interval", 1)
        k.apply_changes(device)
        ticks = k.get_object_id_by_ident("Ticks", device)
        deadline = time.monotonic() + 5
        while k.get_value(ticks) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert k.get_value(ticks) >= 1


@pytest.mark.parametrize("clock", ["manual", "real"])
def test_python_threads_can_share_one_kernel(clock):
    with symemu.Kernel(seed=1, clock=clock) as k:
        variables = [k.create_variable("Integer", f"V{i}") for i in range(4)]
        errors = []

        def work(var):
            try:
                for n in range(1, 201):
                    k.set_value(var, n)
                    assert k.get_value(var) == n
            except Exception as e:  # reported below; a thread cannot fail the test itself
                errors.append(e)

        threads = [threading.Thread(target=work, args=(v,)) for v in variables]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors
        assert [k.get_value(v) for v in variables] == [200] * 4


def test_closed_kernel_raises_on_every_thread(kernel):
    var = kernel.create_variable("Integer")
    kernel.close()
    seen = []
    t = threading.Thread(target=lambda: seen.append(pytest.raises(symemu.KernelError, kernel.get_value, var)))
    t.start()
    t.join(timeout=10)
    assert seen and "kernel is closed" in str(seen[0].value)


def test_the_gil_is_released_while_the_kernel_works():
    """Another Python thread keeps running during a long kernel call (many timer runs)."""
    with symemu.Kernel(seed=1, libraries=[symemu.TEST_LIBRARY]) as k:
        device = k.create_instance(symemu.TEST_DEVICE_ID, "Device")
        k.set_property(device, "Interval", 1)
        k.apply_changes(device)
        call_time = []

        def long_call():
            start = time.perf_counter()
            k.advance(3_000_000)  # three million timer runs
            call_time.append(time.perf_counter() - start)

        worker = threading.Thread(target=long_call)
        stamps = []
        worker.start()
        while worker.is_alive():
            stamps.append(time.perf_counter())
            time.sleep(0.001)
        worker.join()
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        assert call_time[0] > 0.2, "the call must take long enough to tell"
        # With the GIL held for the whole call this thread would stall for call_time.
        assert max(gaps) < call_time[0] / 2
        assert k.get_value(k.get_object_id_by_ident("Ticks", device)) == 3_000_000

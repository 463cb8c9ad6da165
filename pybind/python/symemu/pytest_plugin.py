"""pytest fixtures for symemu scenarios.

Register it in a conftest.py with ``pytest_plugins = ["symemu.pytest_plugin"]``.

Fixtures:
  kernel          a fresh in-memory kernel (seed SEED, manual clock), closed after the test
  kernel_factory  makes kernels on one database file in tmp_path (for restart tests); every
                  kernel it made is closed after the test
  smartlog        an in-memory kernel with the default chains and a SmartLog "SL-000123" with
                  its configurator (a SmartLogScenario: kernel, smartlog_id, configurator_id,
                  publish(), rows(), create_all(), ...)
  served          a symemu.serve(seed=SEED) instance with real listeners on free loopback ports
"""
import json

import pytest

import symemu

#: The seed the fixtures use, so IDs are the same on every run.
SEED = 1
#: The logger ID of the `smartlog` fixture (the one in docs/selog-format.md's examples).
SMARTLOG_ID = "SL-000123"


@pytest.fixture
def kernel():
    """A fresh in-memory kernel with seed SEED and the manual clock, closed after the test."""
    k = symemu.Kernel(":memory:", seed=SEED, clock="manual")
    try:
        yield k
    finally:
        k.close()


class KernelFactory:
    """Makes kernels on one database file; call it again after close() to restart."""

    def __init__(self, path):
        self.path = path
        self.made = []

    def __call__(self, **kwargs):
        kwargs.setdefault("seed", SEED)
        kwargs.setdefault("clock", "manual")
        k = symemu.Kernel(kwargs.pop("db", str(self.path)), **kwargs)
        self.made.append(k)
        return k

    def close_all(self):
        for k in self.made:
            k.close()


@pytest.fixture
def kernel_factory(tmp_path):
    """kernel_factory(**kwargs) -> Kernel on tmp_path/"symemu.db" (db=..., seed=..., libraries=... may be given)."""
    factory = KernelFactory(tmp_path / "symemu.db")
    try:
        yield factory
    finally:
        factory.close_all()


class SmartLogScenario:
    """A SmartLog with its SmartMeterConfigurator on a kernel, as the Symcon install flow builds it.

    set_up() creates a SmartMeterConfigurator, whose RequireParent builds Configurator -> SmartLog
    -> MQTT Server (-> Server Socket), gives the SmartLog its SmartLogID and files both under
    SmartMetering/SmartLog <ID> (where SmartLogDiscovery would put them).
    """

    def __init__(self, kernel, smartlog_id, smartlog_instance, configurator_id):
        self.kernel = kernel
        self.smartlog_id = smartlog_id
        #: The SmartLog instance (the logger's gateway) and its configurator.
        self.smartlog_instance = smartlog_instance
        self.configurator_id = configurator_id

    @classmethod
    def set_up(cls, kernel, smartlog_id=SMARTLOG_ID, auto_create_meters=False):
        kernel.ensure_default_chains()
        configurator = kernel.create_instance("SmartMeterConfigurator")
        logger = kernel.get_instance(configurator)["ConnectionID"]
        kernel.set_property(logger, "SmartLogID", smartlog_id)
        kernel.set_property(logger, "AutoCreateMeters", auto_create_meters)
        kernel.apply_changes(logger)
        folder = kernel.ensure_category_path(["SmartMetering", f"SmartLog {smartlog_id}"])
        for instance, name in ((logger, f"SmartLog {smartlog_id}"), (configurator, f"Configurator {smartlog_id}")):
            kernel.set_parent(instance, folder)
            kernel.set_name(instance, name)
        return cls(kernel, smartlog_id, logger, configurator)

    def topic(self, meter_id=None):
        """SmartLog/<SmartLogID> for whole reports, SmartLog/<SmartLogID>/<meter_id> per meter."""
        return f"SmartLog/{self.smartlog_id}" + (f"/{meter_id}" if meter_id else "")

    def publish(self, report, meter_id=None, qos=1):
        """Publishes a report as the logger does (client ID = SmartLogID, QoS 1).

        report: a whole report dict ({"muc": ...}), one meter dict ({"METER_ID": ...}, wrapped in
        a report of this logger stamped with the kernel clock, sent on the meter's topic), or the
        payload as str/bytes. meter_id picks the per-meter topic (default: the meter's ID for a
        meter dict, the whole-report topic otherwise).
        """
        if isinstance(report, dict) and "METER_ID" in report:
            meter_id = meter_id or report["METER_ID"]
            report = symemu.selog.report(self.smartlog_id, [report], timestamp=int(self.kernel.now()))
        payload = json.dumps(report) if isinstance(report, (dict, list)) else report
        self.kernel.mqtt_publish(self.topic(meter_id), payload, qos=qos, client_id=self.smartlog_id)

    def rows(self):
        """The configurator's rows (Kernel.configurator_rows)."""
        return self.kernel.configurator_rows(self.configurator_id)

    def create_all(self):
        """SM_CreateAll on the configurator; returns how many instances were created."""
        return self.kernel.create_all(self.configurator_id)

    def meter_instance(self, meter_id):
        """The instance of a seen meter, or None while it has none."""
        for row in self.rows():
            if row["MeterId"] == meter_id and row["InstanceID"]:
                return row["InstanceID"]
        return None

    def variable(self, meter_id, ident):
        """The ID of a meter instance's variable by ident (e.g. "Volume"), or None."""
        instance = self.meter_instance(meter_id)
        return None if instance is None else self.kernel.get_object_id_by_ident(ident, instance)

    def value(self, meter_id, ident):
        """The value of a meter instance's variable; KeyError when there is no such variable."""
        variable = self.variable(meter_id, ident)
        if variable is None:
            raise KeyError(f"meter {meter_id} has no variable {ident!r}")
        return self.kernel.get_value(variable)

    def last_message_time(self):
        """The SmartLog's "Last Message Time" text ("" before the first report)."""
        return self.kernel.get_value(self.kernel.get_object_id_by_ident("LastMessageTime", self.smartlog_instance))


@pytest.fixture
def smartlog(kernel):
    """A SmartLogScenario for logger SMARTLOG_ID on the `kernel` fixture (manual clock, seed SEED)."""
    return SmartLogScenario.set_up(kernel)


@pytest.fixture
def served():
    """symemu.serve(seed=SEED): real listeners on free 127.0.0.1 ports, stopped after the test."""
    with symemu.serve(seed=SEED) as s:
        yield s

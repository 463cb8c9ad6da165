"""Smart Metering scenarios with the `smartlog` fixture: examples of testing module behaviour.

The fixture is a manual-clock kernel with the default chains and a SmartLog "SL-000123" with its
configurator; publish() sends reports as the logger would (MQTT, client ID = SmartLogID, QoS 1).
"""
import pytest

import symemu
from symemu import selog

WATER = "03006175"
HEAT = "55667788"


def water(volume, **extra):
    return selog.meter(WATER, [selog.reading("Volume", volume, unit="m^3", scale="0.001")], medium="Water", **extra)


def heat(energy, flow="0"):
    return selog.meter(HEAT, [selog.reading("Energy", energy, unit="Wh", scale="1000"),
                              selog.reading("Volume flow", flow, unit="m^3/h", scale="0.001")],
                       medium="Heat", manufacturer="ZRI")


def test_a_meter_appears_in_the_configurator_and_create_all_builds_it(smartlog):
    smartlog.publish(water(43964))

    [row] = smartlog.rows()
    assert (row["MeterId"], row["Type"], row["Manufacturer"], row["New"], row["InstanceID"]) == \
        (WATER, "Water", "BMT", "yes", 0)
    assert row["create"]["name"] == "03006175 (Water)"
    assert row["create"]["location"] == ["SmartMetering", "SmartLog SL-000123", "Water"]

    assert smartlog.create_all() == 1
    assert smartlog.create_all() == 0  # nothing left to create
    instance = smartlog.meter_instance(WATER)
    assert smartlog.rows()[0]["InstanceID"] == instance
    assert smartlog.kernel.get_path(instance) == "SmartMetering/SmartLog SL-000123/Water/03006175 (Water)"
    assert smartlog.value(WATER, "Volume") == pytest.approx(43.964)
    assert "03006175 (Water)" in smartlog.kernel.tree()


def test_values_update_with_every_report(smartlog):
    smartlog.publish(water(43964))
    smartlog.create_all()
    volume = smartlog.variable(WATER, "Volume")
    smartlog.kernel.advance(900)
    smartlog.publish(water(43971))
    assert smartlog.kernel.get_value(volume) == pytest.approx(43.971)
    v = smartlog.kernel.get_variable(volume)
    assert v["VariableChanged"] == v["VariableUpdated"] == int(smartlog.kernel.now())
    assert smartlog.kernel.get_value_formatted(volume) == "43.971 m³"


def test_a_value_goes_stale_when_its_meter_stops_reporting(smartlog):
    smartlog.publish(water(43964))
    smartlog.publish(heat(1200))
    smartlog.create_all()
    for _ in range(4):  # an hour of quarter-hour reports, the heat meter silent
        smartlog.kernel.advance(900)
        smartlog.publish(water(43964))

    def minutes_since_update(meter, ident):
        updated = smartlog.kernel.get_variable(smartlog.variable(meter, ident))["VariableUpdated"]
        return (smartlog.kernel.now() - updated) / 60

    assert minutes_since_update(WATER, "Volume") == 0  # the same value again still counts as an update
    assert minutes_since_update(HEAT, "Energy") == minutes_since_update(HEAT, "Volume_flow") == 60
    stale = [meter for meter, ident in ((WATER, "Volume"), (HEAT, "Energy")) if minutes_since_update(meter, ident) > 30]
    assert stale == [HEAT]
    assert smartlog.last_message_time() == "2025-03-14 11:15:00"


def test_auto_create_variables_off_updates_only_existing_variables(smartlog):
    k = smartlog.kernel
    smartlog.publish(heat(1200, flow="250"))
    smartlog.create_all()
    meter = smartlog.meter_instance(HEAT)
    k.set_property(meter, "AutoCreateVariables", False)
    k.apply_changes(meter)
    k.delete_variable(smartlog.variable(HEAT, "Volume_flow"))
    before = set(k.get_children_ids(meter))

    smartlog.publish(selog.meter(HEAT, [selog.reading("Energy", 1300, unit="Wh", scale="1000"),
                                        selog.reading("Volume flow", "300", unit="m^3/h", scale="0.001"),
                                        selog.reading("Flow temperature", "612", unit="Degree C", scale="0.1")],
                                 medium="Heat", manufacturer="ZRI"))

    assert set(k.get_children_ids(meter)) == before  # neither re-created nor added
    assert smartlog.value(HEAT, "Energy") == pytest.approx(1300000.0)  # 1300 * 1000 Wh
    assert smartlog.variable(HEAT, "Volume_flow") is None

    k.set_property(meter, "AutoCreateVariables", True)
    k.apply_changes(meter)
    smartlog.publish(heat(1400, flow="300"))
    assert smartlog.value(HEAT, "Volume_flow") == pytest.approx(0.3)  # the deleted one is back


def test_a_malformed_report_is_refused_and_logged(smartlog):
    smartlog.publish(water(43964))
    smartlog.publish("{not json", meter_id=WATER)
    errors = [e for e in smartlog.kernel.log() if e["Type"] == symemu.KL_ERROR]
    assert errors and errors[-1]["Message"].startswith("Report refused:")
    assert smartlog.last_message_time() == "2025-03-14 10:15:00"  # unchanged by the refused one


def test_reports_of_another_logger_are_ignored(smartlog):
    smartlog.publish(selog.report("SL-999999", [water(1)]))
    assert smartlog.rows() == []


def test_messages_show_what_a_report_changed(smartlog):
    smartlog.publish(water(43964))
    smartlog.create_all()
    volume = smartlog.variable(WATER, "Volume")
    since = smartlog.kernel.message_count()
    smartlog.publish(water(43970))
    updates = [m for m in smartlog.kernel.messages(since=since) if m["Message"] == symemu.VM_UPDATE]
    assert [m["SenderID"] for m in updates if m["SenderID"] == volume] == [volume]
    [update] = [m for m in updates if m["SenderID"] == volume]
    assert update["Data"][0] == pytest.approx(43.970)


def test_clock_runs_the_mqtt_servers_tick_timer(smartlog):
    k = smartlog.kernel
    assert k.next_timer_due() == k.now() + 1  # the MQTT Server ticks every second
    k.advance(3600)
    assert k.next_timer_due() == k.now() + 1
    smartlog.publish(water(1))
    assert smartlog.last_message_time() == "2025-03-14 11:15:00"


# --- HTTPS (SmartLogHTTPS behind WebHook Control) ------------------------------------------

@pytest.fixture
def https_logger(kernel):
    logger = kernel.create_instance("SmartLogHTTPS", "SmartLog HTTPS")
    kernel.set_configuration(logger, {"SmartLogID": "SL-000123", "WebHookUsername": "logger",
                                      "WebHookPassword": "secret"})
    kernel.apply_changes(logger)
    return logger


def test_https_report_with_bad_credentials_is_401_and_applies_nothing(kernel, https_logger, example):
    for auth in (None, ("logger", "wrong"), ("someone", "secret")):
        r = kernel.http_request("POST", "/hook/smartlog/SL-000123", example(5), auth=auth)
        assert r.status == 401
        assert r.header("WWW-Authenticate") == 'Basic realm="SmartLog SL-000123"'
    assert kernel.get_attribute(https_logger, "Meters") in ("", "[]")
    last = kernel.get_object_id_by_ident("LastMessageTime", https_logger)
    assert kernel.get_value(last) == ""


def test_https_report_with_good_credentials_is_200_and_applied(kernel, https_logger, example):
    r = kernel.http_request("POST", "/hook/smartlog/SL-000123", example(5), auth=("logger", "secret"))
    assert (r.status, r.text) == (200, "OK")
    configurator = kernel.create_instance("SmartMeterConfigurator")
    made = kernel.get_instance(configurator)["ConnectionID"]
    kernel.connect_instance(configurator, https_logger)
    kernel.delete_instance(made)  # the SmartLog its RequireParent made is not needed
    assert {row["MeterId"] for row in kernel.configurator_rows(configurator)} >= {WATER, "19032401", "SL-000123"}
    assert kernel.create_all(configurator) == len(kernel.configurator_rows(configurator))
    water_meter = next(r["InstanceID"] for r in kernel.configurator_rows(configurator) if r["MeterId"] == WATER)
    assert kernel.get_value(kernel.get_object_id_by_ident("Volume", water_meter)) == pytest.approx(43.964)


def test_https_report_that_is_not_json_is_400(kernel, https_logger):
    r = kernel.http_request("POST", "/hook/smartlog/SL-000123", "{broken", auth=("logger", "secret"))
    assert r.status == 400
    assert kernel.get_attribute(https_logger, "Meters") in ("", "[]")

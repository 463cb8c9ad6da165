"""The Smart Metering install flow in the web console, as a person does it: create a
SmartMeterConfigurator through the Add-instance dialog and see its chain, publish the design's
example reports with mosquitto_pub, see the meters in the configurator, press Create all, see the
meters' variables in the tree and a value change live; then edit the SmartLog's properties,
including values the module and the kernel refuse. Screenshots go to <build>/screenshots (docs/img/ with SYMEMU_UPDATE_SCREENSHOTS=1)."""
import json
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_support import ROOT, rpc, screenshot
from console_page import click_button, find, open_console, open_object, set_field, tree_row, wait

EXAMPLES = ROOT / "fixtures" / "examples"


def publish(server, topic, payload_file):
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(server.mqtt_port), "-t", topic, "-f", str(payload_file),
                    "-q", "1"], check=True, timeout=10)


def publish_examples(server):
    for i in range(1, 5):
        publish(server, f"SmartLog/SL-000123/meter{i}", EXAMPLES / f"example{i}.json")
    publish(server, "SmartLog/SL-000123", EXAMPLES / "example5.json")


def configurator_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".configurator-table tbody tr[data-state]")


def create_configurator(driver, server):
    """Add instance -> SmartMeterConfigurator -> new SmartLog; returns (configurator, smartlog) IDs."""
    click_button(driver, "Add instance", ".topbar")
    search = find(driver, "#add-instance-dialog .module-search")
    search.send_keys("Smart Meter Configurator")
    find(driver, '#add-instance-dialog .module-item[data-module="SmartMeterConfigurator"]').click()
    Select(find(driver, '#add-instance-dialog select[name="parent"]')).select_by_visible_text("New SmartLog")
    click_button(driver, "Create", "#add-instance-dialog")
    # The last step lists the chain the kernel built, each member with its form.
    summary = find(driver, "#add-instance-dialog .chain-summary")
    wait(driver, lambda d: "MQTT Server Socket" in summary.text, what="the whole chain in the dialog")
    for name in ("SmartMeterConfigurator", "SmartLog", "MQTT Server", "MQTT Server Socket"):
        assert name in summary.text
    members = wait(driver, lambda d: (lambda m: len(m) == 4 and m)(d.find_elements(By.CSS_SELECTOR, "#add-instance-dialog .chain-member")),
                   what="every chain member's form")
    assert [m.get_attribute("data-module") for m in members] == ["SmartMeterConfigurator", "SmartLog", "MQTT Server",
                                                                  "Server Socket"]
    assert "new" in members[1].find_element(By.CSS_SELECTOR, ".badge").text
    assert "existing" in members[2].find_element(By.CSS_SELECTOR, ".badge").text
    smartlog = int(members[1].get_attribute("data-id"))
    set_field(members[1], "SmartLogID", "SL-000123")
    members[1].find_element(By.CSS_SELECTOR, 'button[name="apply"]').click()
    wait(driver, lambda d: "SmartLog is active" in members[1].text, what="the SmartLog's new status in the dialog")
    click_button(driver, "Done", "#add-instance-dialog")
    configurator = int(re.search(r"#/object/(\d+)", driver.current_url).group(1))
    return configurator, smartlog


def test_install_flow_from_dialog_to_live_values(served, browser):
    driver = browser
    open_console(driver, served)
    tree_row(driver, "MQTT Server")
    configurator, smartlog = create_configurator(driver, served)

    # The configurator's page: its parent chain with links, in Symcon's order.
    chain = find(driver, ".instance-page .chain-line", "Parent chain")
    links = [a.text for a in chain.find_elements(By.CSS_SELECTOR, "a.object-link")]
    assert links == ["SmartLog", "MQTT Server", "MQTT Server Socket"]
    assert rpc(served, "IPS_GetInstance", configurator)["ConnectionID"] == smartlog
    find(driver, ".configurator td.empty", "No devices found")

    # A meter instance made by hand, whose device has not reported: a row waiting for it.
    waiting = rpc(served, "IPS_CreateInstance", "{5E03067E-965F-40F7-BB77-CCA01A88EDD6}")
    rpc(served, "IPS_SetConfiguration", waiting, json.dumps({"SmartMeterID": "99999999"}))
    rpc(served, "IPS_ApplyChanges", waiting)
    if rpc(served, "IPS_GetInstance", waiting)["ConnectionID"] != smartlog:
        if rpc(served, "IPS_GetInstance", waiting)["ConnectionID"]:
            rpc(served, "IPS_DisconnectInstance", waiting)
        rpc(served, "IPS_ConnectInstance", waiting, smartlog)

    publish_examples(served)
    click_button(driver, "Refresh", ".configurator")
    wait(driver, lambda d: len(configurator_rows(d)) >= 5, what="the meters in the configurator")
    rows = {r.find_element(By.CSS_SELECTOR, "td").text: r.get_attribute("data-state") for r in configurator_rows(driver)}
    assert rows["19032401"] == "new" and rows["00000263"] == "new" and rows["03006175"] == "new"
    screenshot(driver, "console-configurator.png")

    click_button(driver, "Create all", ".configurator")
    wait(driver, lambda d: configurator_rows(d) and all(r.get_attribute("data-state") == "created" for r in configurator_rows(d)),
         timeout=30, what="every row created")
    row = find(driver, ".configurator-table tbody tr", "99999999")
    assert "waiting..." in row.text and row.get_attribute("data-instance") == str(waiting)

    # Delete (the element has delete: true) removes the selected row's instance.
    row.click()
    click_button(driver, "Delete", ".configurator-buttons")
    click_button(driver, "Delete", "dialog")
    wait(driver, lambda d: "99999999" not in d.find_element(By.CSS_SELECTOR, ".configurator-table").text,
         what="the deleted row to go")
    assert rpc(served, "IPS_InstanceExists", waiting) is False
    meter_row = find(driver, ".configurator-table tbody tr", "19032401")
    meter = int(meter_row.get_attribute("data-instance"))
    assert rpc(served, "IPS_GetInstance", meter)["ConnectionID"] == smartlog

    # The meter's variables in the tree, with formatted values.
    energy = rpc(served, "IPS_GetObjectIDByIdent", "Energy", meter)
    value = find(driver, f'.tree-row[data-id="{energy}"] .value')
    wait(driver, lambda d: value.text.endswith("Wh"), what="the Energy value in the tree")
    before = value.text
    tree_row(driver, "19032401")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", value)
    screenshot(driver, "console-tree.png")

    # Another report changes the value: the tree shows it and flashes it.
    report = json.loads((EXAMPLES / "example1.json").read_text())
    report["muc"]["meter"][0]["data"][0]["entry"][0]["VAL"] = "1234999"
    changed = ROOT / "build" / "console-example1-changed.json"
    changed.parent.mkdir(exist_ok=True)
    changed.write_text(json.dumps(report))
    publish(served, "SmartLog/SL-000123/19032401", changed)
    wait(driver, lambda d: value.text != before, what="the live value change")
    assert "flash" in value.get_attribute("class")
    assert value.text == rpc(served, "GetValueFormatted", energy)

    # The meter's instance page: status caption, variables, parent chain.
    open_object(driver, meter)
    find(driver, ".status-area", "Active")
    find(driver, ".instance-page .variables td", "Energy")
    chain = find(driver, ".instance-page .chain-line", "Parent chain")
    assert "SmartLog" in chain.text and "MQTT Server" in chain.text
    screenshot(driver, "console-instance.png")


def test_smartlog_properties_applied_and_refused(served, browser):
    driver = browser
    open_console(driver, served)
    configurator = rpc(served, "IPS_CreateInstance", "{BD958F0D-F463-4101-939D-09A85B058652}")
    smartlog = rpc(served, "IPS_GetInstance", configurator)["ConnectionID"]
    open_object(driver, smartlog)
    find(driver, ".status-area", "Please enter the SmartLog ID")

    # A property edited and applied: IPS_SetConfiguration + IPS_ApplyChanges.
    set_field(driver, "SmartLogID", "SL-000123")
    set_field(driver, "AutoCreateMeters", True)
    click_button(driver, "Apply changes")
    find(driver, ".status-area", "SmartLog is active")
    assert rpc(served, "IPS_GetProperty", smartlog, "SmartLogID") == "SL-000123"
    assert rpc(served, "IPS_GetProperty", smartlog, "AutoCreateMeters") is True

    # The SmartLog's debug output (SendDebug) arrives live in its Debug panel.
    find(driver, ".instance-page details.debug summary", "Debug").click()  # enables its debug
    find(driver, '.instance-page details.debug[data-debug="on"]')
    publish(served, "SmartLog/SL-000123/19032401", EXAMPLES / "example1.json")
    find(driver, ".debug-table td", "Report applied")
    find(driver, ".debug-table td", "SmartLog/SL-000123/19032401")

    # A value the module refuses: its status caption and its log line are shown.
    set_field(driver, "TopicTemplate", "no placeholder")
    click_button(driver, "Apply changes")
    status = find(driver, ".status-area", "The MQTT topic template is invalid")
    wait(driver, lambda d: "must contain" in status.text, what="the module's log message")
    assert status.get_attribute("data-status") == "202"
    click_button(driver, "Log", ".topbar")
    line = find(driver, ".log-table tr.log-error", "Invalid topic template")
    assert "SmartLog" in line.text

    # A value the kernel refuses (a fraction for an integer property): its message, nothing changed.
    socket = rpc(served, "IPS_GetInstance", rpc(served, "IPS_GetInstance", smartlog)["ConnectionID"])["ConnectionID"]
    open_object(driver, socket)
    set_field(driver, "Limit", "1.5")
    click_button(driver, "Apply changes")
    error = find(driver, ".form-error", "Limit")
    assert error.text == "Property Limit is not of type Integer"
    assert rpc(served, "IPS_GetProperty", socket, "Limit") == 0

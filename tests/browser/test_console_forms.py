"""The form renderer against a real module's form.json (the Form Test Device of
symemu_testserve): every supported element type, two unknown ones that are named while the rest
still works, Apply, a List, and a Button whose onClick calls the module's function."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_support import rpc
from console_page import click_button, find, open_console, open_object, set_field, wait

FORM_TEST_DEVICE = "{3C1D5E7F-0000-4000-8000-0000000000F1}"


def test_unknown_elements_are_named_and_the_rest_of_the_form_works(testserved, browser):
    driver = browser
    device = rpc(testserved, "IPS_CreateInstance", FORM_TEST_DEVICE)
    open_console(driver, testserved)
    open_object(driver, device)

    summary = find(driver, ".form-unknown-summary")
    assert "HoloDisplay" in summary.text and "FancyWidget" in summary.text
    unknown = [e.get_attribute("data-unknown-type") for e in driver.find_elements(By.CSS_SELECTOR, ".form-unknown")]
    assert sorted(unknown) == ["FancyWidget", "HoloDisplay"]
    find(driver, ".form-label", "Every element type")
    assert find(driver, '.form-field[data-name="Secret"] input').get_attribute("type") == "password"
    assert find(driver, '.form-field[data-name="Count"] input').get_attribute("type") == "number"
    assert "items" in find(driver, '.form-field[data-name="Count"]').text
    targets = Select(find(driver, '.form-field[data-name="Target"] select'))
    assert any("Echo Device" in o.text for o in targets.options)
    find(driver, ".status-area", "Enter a text")

    set_field(driver, "Text", "hello")
    set_field(driver, "Count", 7)
    set_field(driver, "Enabled", True)
    Select(find(driver, '.form-field[data-name="Mode"] select')).select_by_visible_text("Fast")
    echo = rpc(testserved, "IPS_GetInstanceListByModuleID", "{3C1D5E7F-0000-4000-8000-0000000000E1}")[0]
    targets.select_by_visible_text(next(o.text for o in targets.options if f"#{echo})" in o.text))
    find(driver, ".expansion-panel summary", "More settings").click()
    set_field(driver, "Right", "inside a row layout")
    click_button(driver, "Add", '.form-list[data-name="Entries"]')
    cells = driver.find_elements(By.CSS_SELECTOR, '.form-list[data-name="Entries"] tbody input')
    cells[0].send_keys("room")
    cells[1].send_keys("kitchen")
    cells[1].send_keys("\t")
    click_button(driver, "Apply changes")
    find(driver, ".status-area", "Form test device is active")
    config = json.loads(rpc(testserved, "IPS_GetConfiguration", device))
    assert config["Text"] == "hello" and config["Count"] == 7 and config["Enabled"] is True
    assert config["Mode"] == 2 and config["Target"] == echo and config["Right"] == "inside a row layout"
    assert json.loads(config["Entries"]) == [{"Key": "room", "Value": "kitchen"}]

    # The Button's onClick calls FORMTEST_Describe($id, $Text, $Count) and shows what it echoes.
    click_button(driver, "Describe", '.form-section[data-section="actions"]')
    assert find(driver, "dialog pre.output").text == "Text hello, count 7"


def test_tree_filter_rename_move_delete(testserved, browser):
    driver = browser
    open_console(driver, testserved)
    category = rpc(testserved, "IPS_CreateCategory")
    rpc(testserved, "IPS_SetName", category, "Basement")
    device = rpc(testserved, "IPS_CreateInstance", FORM_TEST_DEVICE)
    find(driver, ".tree-row", "Basement")

    # A variable whose profile names an icon shows it beside the formatted value.
    rpc(testserved, "IPS_CreateVariableProfile", "Console.Power", 2)
    rpc(testserved, "IPS_SetVariableProfileIcon", "Console.Power", "Electricity")
    rpc(testserved, "IPS_SetVariableProfileText", "Console.Power", "", " W")
    rpc(testserved, "IPS_SetVariableProfileDigits", "Console.Power", 1)
    variable = rpc(testserved, "IPS_CreateVariable", 2)
    rpc(testserved, "IPS_SetName", variable, "Power draw")
    rpc(testserved, "IPS_SetVariableCustomProfile", variable, "Console.Power")
    rpc(testserved, "SetValue", variable, 42.5)
    row = f'.tree-row[data-id="{variable}"]'
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"{row} .value").text == "42.5 W", what="the formatted value")
    assert driver.find_element(By.CSS_SELECTOR, f"{row} .profile-icon").get_attribute("data-icon") == "Electricity"

    driver.find_element(By.ID, "tree-filter").send_keys("basem")
    wait(driver, lambda d: [r.text.split("\n")[0] for r in d.find_elements(By.CSS_SELECTOR, ".tree-row")] ==
         ["Basement"] or all("Basement" in r.text for r in d.find_elements(By.CSS_SELECTOR, ".tree-row")),
         what="the filtered tree")
    assert not any("Echo Device" in r.text for r in driver.find_elements(By.CSS_SELECTOR, ".tree-row"))
    driver.find_element(By.ID, "tree-filter").send_keys(Keys.CONTROL, "a", Keys.BACK_SPACE)
    find(driver, ".tree-row", "Echo Device")

    open_object(driver, device)
    click_button(driver, "Rename", ".detail-actions")
    name = find(driver, 'dialog input[name="name"]')
    name.clear()
    name.send_keys("Test bench")
    click_button(driver, "Save", "dialog")
    find(driver, ".detail-header h2", "Test bench")
    find(driver, ".tree-row", "Test bench")

    click_button(driver, "Move", ".detail-actions")
    Select(find(driver, 'dialog select[name="parent"]')).select_by_visible_text(f"Basement (#{category})")
    click_button(driver, "Move", "dialog")
    wait(driver, lambda d: rpc(testserved, "IPS_GetObject", device)["ParentID"] == category, what="the move")
    find(driver, ".detail-header .breadcrumbs", "Basement")

    # Deleting a category that still has children is refused with the kernel's message.
    open_object(driver, category)
    click_button(driver, "Delete", ".detail-actions")
    click_button(driver, "Delete", "dialog")
    find(driver, ".toast.error", f"Cannot delete #{category}")
    assert rpc(testserved, "IPS_ObjectExists", category) is True

    open_object(driver, device)
    click_button(driver, "Delete", ".detail-actions")
    click_button(driver, "Delete", "dialog")
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f'.tree-row[data-id="{device}"]'), what="the row to go")
    assert rpc(testserved, "IPS_ObjectExists", device) is False


def configurator_row(driver, address):
    return find(driver, f'.configurator[data-name="Devices"] tbody tr[data-state]', address)


def test_configurator_create_shapes_as_symcon_does(testserved, browser):
    """The Form Test Device's static Configurator: a create object with location and name, a chain
    whose parent is reused, named alternatives (left out of Create all, picked for Create) and a
    row whose instance has no device."""
    driver = browser
    device = rpc(testserved, "IPS_CreateInstance", FORM_TEST_DEVICE)
    open_console(driver, testserved)
    open_object(driver, device)
    assert configurator_row(driver, "A1").get_attribute("data-state") == "new"
    assert configurator_row(driver, "A4").get_attribute("data-state") == "erroneous"
    mqtt = rpc(testserved, "IPS_GetInstanceListByModuleID", "{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}")
    before = set(rpc(testserved, "IPS_GetInstanceList"))

    click_button(driver, "Create all", ".configurator")
    find(driver, ".toast", "Created 2 instances")
    created = {rpc(testserved, "IPS_GetName", i): i for i in set(rpc(testserved, "IPS_GetInstanceList")) - before}
    assert set(created) == {"Kitchen sensor", "Chained echo"}
    kitchen = created["Kitchen sensor"]
    assert rpc(testserved, "IPS_GetLocation", kitchen) == "Test house\\Kitchen\\Kitchen sensor"
    assert json.loads(rpc(testserved, "IPS_GetConfiguration", kitchen))["Count"] == 3
    assert rpc(testserved, "IPS_GetInstance", kitchen)["InstanceStatus"] == 102  # applied: Text is set
    assert rpc(testserved, "IPS_GetInstance", created["Chained echo"])["ConnectionID"] == mqtt[0]  # reused
    assert rpc(testserved, "IPS_GetInstanceListByModuleID", "{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}") == mqtt

    configurator_row(driver, "A3").click()
    Select(find(driver, ".configurator td.create-col select")).select_by_visible_text("As text")
    click_button(driver, "Create", ".configurator-buttons")
    find(driver, ".toast", "Created instance")
    picked = [i for i in rpc(testserved, "IPS_GetInstanceList") if rpc(testserved, "IPS_GetName", i) == "Picked text"]
    assert len(picked) == 1 and json.loads(rpc(testserved, "IPS_GetConfiguration", picked[0]))["Text"] == "picked"


def test_onclick_code_made_of_calls_is_parsed_and_other_code_is_not(served, browser):
    """phpcall.js in the page itself: which onClick code the console runs as JSON-RPC calls."""
    driver = browser
    open_console(driver, served)
    parsed = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import('/console/js/phpcall.js').then((m) => done([
          m.parseCalls("SM_CreateAll($id);"),
          m.parseCalls("echo FORMTEST_Describe($id, 'a b', -2.5); IPS_RequestAction($id, \\"Open\\", true)"),
          m.parseCalls("if ($id) { SM_CreateAll($id); }"),
          m.parseCalls("SM_Create($id, \\"$Meter\\");"),
          m.parseCalls("SM_Create($id"),
        ]));""")
    assert parsed[0] == [{"echo": False, "fn": "SM_CreateAll", "args": [{"kind": "var", "name": "id"}]}]
    assert parsed[1][0]["echo"] is True and parsed[1][0]["fn"] == "FORMTEST_Describe"
    assert parsed[1][0]["args"][2] == {"kind": "lit", "value": -2.5}
    assert parsed[1][1] == {"echo": False, "fn": "IPS_RequestAction",
                            "args": [{"kind": "var", "name": "id"}, {"kind": "lit", "value": "Open"},
                                     {"kind": "lit", "value": True}]}
    assert parsed[2] is None and parsed[3] is None and parsed[4] is None  # need PHP: not run as calls

    # Code that needs PHP fails with a message naming the code when the server has no PHP engine.
    message = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([import('/console/js/phpcall.js'), import('/console/js/rpc.js')]).then(([p, r]) =>
          p.runFormCode(new r.Rpc(), "if ($id) { SM_CreateAll($id); }", 0, {}).then(() => done("ran"), (e) => done(e.message)));""")
    assert "needs PHP" in message and "if ($id)" in message

"""What a person does on the console page, as Selenium steps with explicit waits."""
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 15


def wait(driver, predicate, timeout=TIMEOUT, what="the page"):
    """Waits until predicate(driver) is truthy (stale elements are retried) and returns it."""
    def check(d):
        try:
            return predicate(d)
        except (StaleElementReferenceException, WebDriverException):
            return False
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check, message=f"waiting for {what}")


def find(driver, css, text=None, timeout=TIMEOUT):
    """The first visible element matching css whose text is `text`, else the first containing it
    ("Create" is the Create button, not "Create all"), waiting for one."""
    def look(d):
        visible = [e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]
        if text is None:
            return visible[0] if visible else None
        exact = [e for e in visible if e.text.strip() == text]
        if exact:
            return exact[0]
        return next((e for e in visible if text in e.text), None)
    return wait(driver, look, timeout, what=f"{css} {text or ''}".strip())


def open_console(driver, server, path=""):
    driver.get(f"http://127.0.0.1:{server.http_port}/console/{path}")
    wait(driver, lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live", what="the live state")
    find(driver, ".tree-row")
    return driver


def tree_row(driver, name, timeout=TIMEOUT):
    return find(driver, ".tree-row", name, timeout)


def tree_row_by_id(driver, object_id, timeout=TIMEOUT):
    return find(driver, f'.tree-row[data-id="{object_id}"]', None, timeout)


def open_object(driver, object_id):
    driver.execute_script("location.hash = arguments[0]", f"#/object/{object_id}")
    find(driver, f'.detail-header .oid', f"#{object_id}")


def set_field(driver, name, value):
    """Types into the form field named `name` (its property) on the open page or dialog."""
    field = find(driver, f'.form-field[data-name="{name}"] input')
    if field.get_attribute("type") == "checkbox":
        if field.is_selected() != bool(value):
            field.click()
        return field
    field.clear()
    field.send_keys(str(value))
    return field


def click_button(driver, text, scope="body"):
    button = find(driver, f"{scope} button", text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    return button


def settle(seconds=0.2):
    time.sleep(seconds)
